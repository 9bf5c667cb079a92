/**
 * What a push may wait for on PostgreSQL, and what it must not (issue 18):
 * rows a mutation changes are locked until its run commits, so two desks'
 * edits of one customer decide in turn; but a row that another change merely
 * references, or reads to decide, is not held against it. bench:central found
 * both: a conflict row naming a client waited for that client's whole push
 * run (its ledger row was locked FOR UPDATE, which blocks the foreign key's
 * KEY SHARE), and every pack waited for any desk's open edit of its customer.
 * A third transaction holds a row until the test has seen the push answered.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../api/harness';
import { packAndLabel, pendingPush, pushRaw, startSyncWorld, until, waitingForLocks, type SyncWorld, type TestStation } from './world';

const postgres = databaseTargets.find((t) => t.name === 'postgres');
if (!postgres) console.warn('[tests/sync/lock-waits.test.ts] PostgreSQL not reachable at 127.0.0.1:5432: row locks between transactions are tested only there.');

const ANSWER_WITHIN_MS = 5_000;

describe.runIf(postgres)('what a push waits for (PostgreSQL)', () => {
  let world: SyncWorld;
  let east: TestStation;
  let west: TestStation;
  let packer: TestStation;
  let c1: number;
  let c2: number;

  beforeAll(async () => {
    world = await startSyncWorld(postgres!);
    await world.allocate(4);
    east = await world.openStation({ user: 'carl', name: 'lock east' });
    west = await world.openStation({ user: 'carl', name: 'lock west' });
    packer = await world.openStation({ user: 'wanda', name: 'lock packer' });
    [c1, c2] = ((await world.central('customers').orderBy('id').limit(2).pluck('id')) as number[]).map(Number) as [number, number];
    for (const desk of [east, west]) {
      for (const id of [c1, c2]) await desk.engine.subscribe(id, desk.token, 'phone_call');
      await desk.syncUntilQuiet();
    }
    await packer.syncUntilQuiet();
  }, 60_000);
  afterAll(async () => world?.close());

  /** A transaction elsewhere that changed `customerId` and has not committed. */
  async function holdCustomer(customerId: number): Promise<{ release(): Promise<void> }> {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const done = world.central.transaction(async (trx) => {
      await trx('customers').where({ id: customerId }).update({ updated_at: new Date().toISOString() });
      locked();
      await held;
    });
    await holding;
    return {
      async release() {
        release();
        await done;
      },
    };
  }

  /** Resolves with the answer, or rejects if it does not come while the other transaction is still open. */
  function answeredSoon<T>(push: Promise<T>): Promise<T> {
    return Promise.race([push, new Promise<T>((_, reject) => setTimeout(() => reject(new Error('the push waited for a transaction it only references')), ANSWER_WITHIN_MS))]);
  }

  it('a conflict row for another desk does not wait for that desk’s push run, which is itself waiting', async () => {
    await east.mutate('customer.updateContact', { customerId: c1, fullName: 'East Named First' });
    await east.syncUntilQuiet();
    // West has not pulled: its rename meets East's and writes a conflict row for East's client too.
    await west.mutate('customer.updateContact', { customerId: c1, fullName: 'West Named Later' });
    const westBody = (await pendingPush(west)).body;
    await east.mutate('customer.updateContact', { customerId: c2, fullName: 'East Waits Here' });
    const eastBody = (await pendingPush(east)).body;

    const holder = await holdCustomer(c2);
    const before = await waitingForLocks(world.central);
    // East's run takes its own ledger row, then waits for customer 2.
    const eastPush = pushRaw(world, east.credential, eastBody);
    await until(async () => (await waitingForLocks(world.central)) >= before + 1, 'East never queued for customer 2');
    try {
      const westAnswer = await answeredSoon(pushRaw(world, west.credential, westBody));
      expect(westAnswer.statusCode).toBe(200);
      expect(westAnswer.json<{ results: { status: string }[] }>().results.map((r) => r.status)).toEqual(['applied']);
      const told = await world.central('sync_conflicts').where({ client_id: east.clientId, entity_id: String(c1) }).count({ n: '*' }).first();
      expect(Number(told?.n), 'East is told its name was replaced').toBeGreaterThanOrEqual(1);
    } finally {
      await holder.release();
    }
    const eastAnswer = await eastPush;
    expect(eastAnswer.json<{ results: { status: string }[] }>().results.map((r) => r.status)).toEqual(['applied']);
  });

  it('a pack does not wait for a desk’s open edit of the same customer', async () => {
    const order = await packer.knex('shipments').where({ status: 'allocated' }).orderBy('id').first('id', 'customer_id');
    expect(order, 'an allocated order at the packing station').toBeTruthy();
    await packAndLabel(packer, Number(order.id), { labelSerial: '901234000000991' });
    const body = (await pendingPush(packer)).body;
    const holder = await holdCustomer(Number(order.customer_id));
    try {
      const answer = await answeredSoon(pushRaw(world, packer.credential, body));
      expect(answer.statusCode).toBe(200);
      expect(answer.json<{ results: { status: string }[] }>().results.every((r) => r.status === 'applied')).toBe(true);
    } finally {
      await holder.release();
    }
    expect((await world.central('shipments').where({ id: order.id }).first('status')).status).not.toBe('allocated');
  });
});
