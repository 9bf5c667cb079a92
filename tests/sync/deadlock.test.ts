/**
 * Two desks come back online with edits to the same two customers, made in
 * opposite orders: their push batches lock the rows in opposite orders and
 * PostgreSQL rolls one of them back as a deadlock victim. The central API
 * runs the victim again (its ledger moved with nothing), so both stations get
 * an answer at once and every edit is applied exactly once (bench:central
 * found these in its reconnect burst). The order is forced: a third
 * transaction holds the second customer until both pushes wait for it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../api/harness';
import { pendingPush, pushRaw, startSyncWorld, until, waitingForLocks, type SyncWorld, type TestStation } from './world';

const postgres = databaseTargets.find((t) => t.name === 'postgres');
if (!postgres) console.warn('[tests/sync/deadlock.test.ts] PostgreSQL not reachable at 127.0.0.1:5432: row-lock deadlocks exist only there, so this test does not run here.');

describe.runIf(postgres)('push batches that deadlock (PostgreSQL)', () => {
  let world: SyncWorld;
  let east: TestStation;
  let west: TestStation;
  let a: number;
  let b: number;

  beforeAll(async () => {
    world = await startSyncWorld(postgres!);
    east = await world.openStation({ user: 'carl', name: 'east' });
    west = await world.openStation({ user: 'carl', name: 'west' });
    [a, b] = ((await world.central('customers').orderBy('id').limit(2).pluck('id')) as number[]).map(Number) as [number, number];
    for (const desk of [east, west]) {
      for (const id of [a, b]) await desk.engine.subscribe(id, desk.token, 'phone_call');
      await desk.syncUntilQuiet();
    }
  }, 60_000);
  afterAll(async () => world?.close());

  it('the victim is run again: both desks are answered and each edit is applied once', async () => {
    const eastEdits = [await east.mutate('customer.updateContact', { customerId: a, fullName: 'East First' }), await east.mutate('customer.updateContact', { customerId: b, fullName: 'East Second' })];
    const westEdits = [await west.mutate('customer.updateContact', { customerId: b, fullName: 'West First' }), await west.mutate('customer.updateContact', { customerId: a, fullName: 'West Second' })];
    const eastBody = (await pendingPush(east)).body;
    const westBody = (await pendingPush(west)).body;

    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const holder = world.central.transaction(async (trx) => {
      await trx('customers').where({ id: b }).forUpdate().first('id');
      locked();
      await held;
    });
    await holding;
    const before = await waitingForLocks(world.central);
    // West first: it waits for customer b. East then takes a and waits for b behind West.
    const westPush = pushRaw(world, west.credential, westBody);
    await until(async () => (await waitingForLocks(world.central)) >= before + 1, 'the pushes never queued for the lock');
    const eastPush = pushRaw(world, east.credential, eastBody);
    await until(async () => (await waitingForLocks(world.central)) >= before + 2, 'the pushes never queued for the lock');
    release();
    await holder;
    const [eastAnswer, westAnswer] = await Promise.all([eastPush, westPush]);

    expect(eastAnswer.statusCode).toBe(200);
    expect(westAnswer.statusCode).toBe(200);
    for (const answer of [eastAnswer, westAnswer]) expect(answer.json<{ results: { status: string }[] }>().results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const audited = await world.central('audit_log').whereIn('id', [...eastEdits, ...westEdits].map((m) => m.mutationId)).count({ n: '*' }).first();
    expect(Number(audited?.n)).toBe(4);
    for (const desk of [east, west]) {
      const ledger = await world.central('sync_clients').where({ client_id: desk.clientId }).first('applied_count');
      expect(Number(ledger.applied_count)).toBe(2);
    }
  });
});
