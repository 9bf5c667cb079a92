/**
 * PostgreSQL's version barrier (api/sync/versioning.ts): while writers keep
 * it busy, a pull serves an older, safe top. Such a top was read before the
 * client's ledger, so the pull must not acknowledge mutations with it: a
 * station that did would drop a change the central office refused, whose
 * rejection lies above that top, and never show it.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPull } from '../../api/sync/pull';
import { committedVersion } from '../../api/sync/versioning';
import { SYNC_KEYS, readState } from '../../main/sync/sync-state';
import { openDatabase, type Database } from '../../platform/database';
import { databaseTargets, TEST_POSTGRES_URL } from '../api/harness';
import { DC, packAndLabel, pendingPush, pushRaw, startSyncWorld, type SyncWorld, type TestStation } from './world';

const postgres = databaseTargets.find((t) => t.name === 'postgres');
if (!postgres) console.warn('[tests/sync/barrier.test.ts] PostgreSQL not reachable at 127.0.0.1:5432: the version barrier exists only there, so this test does not run here.');

describe.runIf(postgres)('sync while writers keep the version barrier busy (PostgreSQL)', () => {
  let world: SyncWorld;
  let packer: TestStation;
  beforeAll(async () => {
    world = await startSyncWorld(postgres!);
    await world.allocate(4);
    packer = await world.openStation({ user: 'wanda', name: 'Pack barrier' });
    await packer.syncUntilQuiet();
  });
  afterAll(async () => world?.close());

  /** A long write elsewhere: holds the barrier (a writer in flight) until `release()`. */
  async function holdBarrier(): Promise<{ release(): Promise<void> }> {
    let wrote!: () => void;
    let finish!: () => void;
    const writing = new Promise<void>((r) => (wrote = r));
    const held = new Promise<void>((r) => (finish = r));
    const done = world.central.transaction(async (trx) => {
      await trx('titles').where({ id: 1 }).update({ name: trx.raw('name') });
      wrote();
      await held;
    });
    await writing;
    return {
      async release() {
        finish();
        await done;
      },
    };
  }

  it('a refused change is never acknowledged as done by a pull whose top predates it: it is shown once the barrier is free', async () => {
    // The customer cancelled centrally; the station has not heard and packs the order.
    const shipment = await packer.knex('shipments').where({ status: 'allocated' }).orderBy('id').first('id');
    await world.central('shipments').where({ id: shipment.id }).update({ status: 'void' });
    const { mutationId } = await packAndLabel(packer, shipment.id);
    // The push reaches the server and is refused there, but its answer is lost.
    const lost = await pushRaw(world, packer.credential, (await pendingPush(packer)).body);
    expect(lost.json().results[0]).toMatchObject({ id: mutationId, status: 'rejected' });

    // A long write elsewhere holds the barrier while the station syncs again (its retry is a duplicate).
    const barrier = await holdBarrier();
    const busy = await packer.sync();
    expect(busy.ok).toBe(true);
    expect(await packer.knex('outbox').where({ mutation_id: mutationId }).first('status'), 'the change is still on the station’s list').toEqual({ status: 'applied' });

    await barrier.release();
    await packer.syncUntilQuiet();
    const status = await packer.engine.status();
    expect(status.recentRejections.find((r) => r.mutationId === mutationId)).toMatchObject({ name: 'shipment.packAndLabel', reason: 'ORDER_NOT_OPEN', message: expect.stringMatching(/void/) });
  });

  it('a station whose position came from a fresher API instance is told "nothing yet" by one whose barrier is busy, not sent back to a full sync', async () => {
    const schema = (world.central as unknown as { client: { config: { searchPath: string[] | string } } }).client.config.searchPath;
    const second: Database = openDatabase({ url: TEST_POSTGRES_URL, searchPath: Array.isArray(schema) ? schema[0]! : schema });
    try {
      const other: Knex = second.knex;
      await committedVersion(other); // the second instance's last fresh top, from before what follows
      await world.allocate(2);
      await packer.syncUntilQuiet(); // through the first instance: the station's position is now past that top
      const cursor = await readState(packer.knex, SYNC_KEYS.cursor);
      const input = { station: { id: packer.stationId, name: 'Pack barrier', distributionCenter: DC }, role: 'warehouse' as const, clientId: packer.clientId, cursor, limit: 100 };

      const barrier = await holdBarrier();
      let busy: Awaited<ReturnType<typeof buildPull>>;
      try {
        busy = await buildPull(other, input);
      } finally {
        await barrier.release();
      }
      expect(busy).toEqual({ changes: [], lastMutationId: null, cursor, hasMore: false, initial: false });
      const free = await buildPull(other, input);
      expect(free).not.toHaveProperty('resync');
      expect(free).toMatchObject({ hasMore: false, initial: false });
    } finally {
      await second.close();
    }
  });
});
