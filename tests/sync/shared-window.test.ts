/**
 * Packing stations of one distribution center share one read of its changes
 * per API instance (api/sync/shared-window.ts): what each station ends up
 * holding is exactly its scope, as if it had read the database itself, and
 * the database is read once for many pulls.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SharedWindows, type WindowItem, type WindowRead } from '../../api/sync/shared-window';
import { buildPull, packingWindows, type PullInput } from '../../api/sync/pull';
import { PULLED_TABLES } from '../../core/sync/tables';
import type { PullResponse } from '../../core/sync/protocol';
import { databaseTargets } from '../api/harness';
import { expectedRows, stationRows } from './scope-oracle';
import { SYNC_KEYS, readState } from '../../main/sync/sync-state';
import { DC, packAndLabel, startSyncWorld, type SyncWorld, type TestStation } from './world';

/** A change stream where version v carries item `v`, read by a counting reader that can be held. */
function stream(opts: { stopEvery?: number } = {}) {
  const reads: [after: number, upTo: number][] = [];
  let gate: Promise<void> = Promise.resolve();
  const reader = async (_key: string, after: number, upTo: number): Promise<WindowRead<WindowItem>> => {
    reads.push([after, upTo]);
    await gate;
    const through = opts.stopEvery ? Math.min(upTo, after + opts.stopEvery) : upTo;
    const items: WindowItem[] = [];
    for (let v = after + 1; v <= through; v++) items.push({ version: v, changes: [v] });
    return { items, through };
  };
  return {
    reads,
    reader,
    hold(): () => void {
      let open!: () => void;
      gate = new Promise((r) => (open = r));
      return open;
    },
  };
}

const versions = (slice: { items: WindowItem[] } | null) => slice?.items.map((i) => i.version);

describe('one read of a scope for many pulls', () => {
  it('a second pull of the same window is answered from the first one’s read', async () => {
    const s = stream();
    const windows = new SharedWindows(s.reader);
    expect(versions(await windows.slice('SJC', 10, 15, 100))).toEqual([11, 12, 13, 14, 15]);
    expect(versions(await windows.slice('SJC', 12, 15, 100))).toEqual([13, 14, 15]);
    expect(s.reads).toEqual([[10, 15]]);
    // A higher top reads only past what was read.
    expect(versions(await windows.slice('SJC', 10, 17, 100))).toEqual([11, 12, 13, 14, 15, 16, 17]);
    expect(s.reads).toEqual([[10, 15], [15, 17]]);
  });

  it('pulls that arrive while a read is under way wait for it instead of reading the same rows, and the next read covers all of them', async () => {
    const s = stream();
    const windows = new SharedWindows(s.reader);
    await windows.slice('SJC', 0, 5, 100);
    const open = s.hold();
    const first = windows.slice('SJC', 5, 8, 100);
    const others = [windows.slice('SJC', 5, 9, 100), windows.slice('SJC', 3, 10, 100), windows.slice('SJC', 5, 8, 100)];
    await new Promise((r) => setTimeout(r, 5));
    open();
    expect(versions(await first)).toEqual([6, 7, 8]);
    expect(await Promise.all(others).then((all) => all.map(versions))).toEqual([[6, 7, 8, 9], [4, 5, 6, 7, 8, 9, 10], [6, 7, 8]]);
    expect(s.reads, 'one read for the first pull, one more for every pull that wanted more').toEqual([[0, 5], [5, 8], [8, 10]]);
  });

  it('a pull from before what the log holds is left to the database (null), and so is one after the log was trimmed past it', async () => {
    const s = stream();
    const windows = new SharedWindows(s.reader, { maxItems: 4 });
    await windows.slice('SJC', 20, 22, 100);
    expect(await windows.slice('SJC', 19, 22, 100), 'version 20 was never read').toBeNull();
    expect(versions(await windows.slice('SJC', 20, 24, 100))).toEqual([21, 22, 23, 24]);
    expect(await windows.slice('SJC', 22, 30, 100), 'reading up to 30 kept only 27 to 30').toBeNull();
    expect(await windows.slice('SJC', 24, 30, 100)).toBeNull();
    expect(versions(await windows.slice('SJC', 26, 30, 100))).toEqual([27, 28, 29, 30]);
    expect(s.reads).toEqual([[20, 22], [22, 24], [24, 30]]);
  });

  it('every pull is answered up to the top it read itself, not an older one the log holds', async () => {
    const s = stream();
    const windows = new SharedWindows(s.reader);
    await windows.slice('SJC', 0, 10, 100);
    expect(versions(await windows.slice('SJC', 5, 14, 100))).toEqual([6, 7, 8, 9, 10, 11, 12, 13, 14]);
    expect(s.reads).toEqual([[0, 10], [10, 14]]);
  });

  it('pages when the window holds more than the pull takes, and keeps reading a source that stops at its limit', async () => {
    const s = stream({ stopEvery: 3 });
    const windows = new SharedWindows(s.reader);
    const page = await windows.slice('SJC', 0, 10, 4);
    expect(page?.truncated).toBe(true);
    expect(versions(page)).toEqual([1, 2, 3, 4]);
    expect(s.reads).toEqual([[0, 10], [3, 10], [6, 10], [9, 10]]);
  });

  it('each distribution center has its own log, and a database restored under the instance is not answered from memory', async () => {
    const s = stream();
    const windows = new SharedWindows(s.reader);
    await windows.slice('SJC', 0, 10, 100);
    await windows.slice('SEA', 0, 10, 100);
    expect(s.reads).toHaveLength(2);
    windows.forgetAbove(10);
    await windows.slice('SJC', 5, 10, 100);
    expect(s.reads, 'nothing above the counter: both logs kept').toHaveLength(2);
    windows.forgetAbove(8);
    expect(versions(await windows.slice('SJC', 0, 8, 100))).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(versions(await windows.slice('SEA', 0, 8, 100))).toHaveLength(8);
    expect(s.reads, 'both read again').toHaveLength(4);
  });
});

describe.each(databaseTargets)('packing stations pulling through the shared read ($name)', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
    await world.allocate(12);
  });
  afterAll(async () => world?.close());

  async function expectScope(station: TestStation): Promise<void> {
    for (const table of PULLED_TABLES) {
      const expected = await expectedRows(world.central, table, { stationId: station.stationId, dc: DC, role: 'warehouse' });
      expect(await stationRows(station.knex, table), `${station.name}: ${table}`).toEqual(expected);
    }
  }

  it('stations that pull after every change, and one that pulls only at the end, hold exactly their scope: packed, shipped, returned, re-homed', async () => {
    const busy = await world.openStation({ user: 'wanda', name: 'Pack shared busy' });
    const watcher = await world.openStation({ user: 'walt', name: 'Pack shared watcher' });
    const late = await world.openStation({ user: 'wanda', name: 'Pack shared late' });
    for (const s of [busy, watcher, late]) await s.syncUntilQuiet();
    const open = (await busy.knex('shipments').where({ status: 'allocated' }).orderBy('id').limit(3).pluck('id')).map(Number);
    expect(open, 'three allocated orders to pack').toHaveLength(3);

    await packAndLabel(busy, open[0]!, { labelSerial: '901234000000881' });
    await busy.syncUntilQuiet();
    await watcher.syncUntilQuiet();
    await packAndLabel(busy, open[1]!, { labelSerial: '901234000000882' });
    await busy.mutate('shipment.markShipped', { shipmentId: open[0]! });
    await busy.syncUntilQuiet();
    await watcher.syncUntilQuiet();
    const { disc_id: discId } = await busy.knex('shipments').where({ id: open[0]! }).first('disc_id');
    await busy.mutate('shipment.checkIn', { discId: Number(discId) });
    await busy.syncUntilQuiet();
    // The central office moves a disc away (a tombstone whose row still exists) and renames a title.
    const moved = await world.central('discs').where({ home_dc: DC, status: 'in_stock' }).first('id');
    expect(moved, 'an in-stock disc at the DC').toBeTruthy();
    await world.central('discs').where({ id: moved.id }).update({ home_dc: 'SEA' });
    await world.central('titles').where({ id: 1 }).update({ name: 'Shared Read Renamed' });
    await watcher.syncUntilQuiet();
    await packAndLabel(watcher, open[2]!, { labelSerial: '901234000000883' });
    for (const s of [watcher, busy, late]) await s.syncUntilQuiet();

    await expectScope(busy);
    await expectScope(watcher);
    await expectScope(late);
    expect(await busy.knex('shipments').where({ id: open[0]! }).first(), 'the returned order left the station').toBeUndefined();
    expect(await late.knex('discs').where({ id: moved.id }).first(), 'the re-homed disc left the late station').toBeUndefined();
  });

  it('many stations of a DC pulling the same window read the database once', async () => {
    const stations = await Promise.all([1, 2, 3, 4].map((i) => world.openStation({ user: 'wanda', name: `Pack shared ${i}` })));
    for (const s of stations) await s.syncUntilQuiet();
    // One position for all four (they hold the same rows), so each pull asks for the same window.
    const cursor = await readState(stations[0]!.knex, SYNC_KEYS.cursor);
    const windows = packingWindows(world.central);
    const pull = (s: TestStation, cursor: string | null): Promise<PullResponse> => {
      const input: PullInput = { station: { id: s.stationId, name: s.name, distributionCenter: DC }, role: 'warehouse', clientId: s.clientId, cursor, limit: 500, windows };
      return buildPull(world.central, input);
    };
    // Something changes at the DC, then every station pulls.
    await world.allocate(3);
    const answers = await Promise.all(stations.map((s) => pull(s, cursor)));
    const direct = await Promise.all(stations.map((s) => buildPull(world.central, { station: { id: s.stationId, name: s.name, distributionCenter: DC }, role: 'warehouse', clientId: s.clientId, cursor, limit: 500 })));
    for (const [i, answer] of answers.entries()) {
      expect(answer, 'the shared read sends what a pull of its own would').toEqual(direct[i]);
      expect((answer as { changes: unknown[] }).changes.length, 'the new orders arrived').toBeGreaterThanOrEqual(3);
    }
    expect(windows.reads, 'one read of the DC for four pulls').toBe(1);
  });
});
