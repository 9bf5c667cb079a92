/**
 * The packing line's transactions run by hand on the station's write
 * connection (`inWriteTransaction`, main/db/prepared.ts), not through knex's
 * `transaction()`. What a scan relies on must hold as it did with knex: all
 * of a transaction's writes land together or none does (a label never
 * without its print job), nothing else runs on the connection in between,
 * and a statement that comes after the transaction ended is refused rather
 * than written outside it.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../platform/database';
import { openStationDb } from '../../main/db/station-db';
import { inWriteTransaction, preparedAll, preparedRun, type WriteTransaction } from '../../main/db/prepared';
import { deleteRowByKey, insertRow, selectRowsWhere } from '../../main/db/row-statements';

const WRITE = 'INSERT INTO sync_state (key, value) VALUES (?, ?)';
const READ = 'SELECT key, value FROM sync_state WHERE key LIKE ? ORDER BY key';

let dir: string;
let db: Database;
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'backlot-write-tx-'));
  db = await openStationDb(dir);
});
afterAll(async () => {
  await db?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const keys = async (prefix: string) => (await db.knex('sync_state').where('key', 'like', `${prefix}%`).orderBy('key').select('key')).map((r: { key: string }) => r.key);

describe('a write transaction on the station connection', () => {
  it('commits every write together and answers what the work returned', async () => {
    const answer = await inWriteTransaction(db.knex, async (tx) => {
      await preparedRun(tx, WRITE, ['commit-a', '1']);
      await preparedRun(tx, WRITE, ['commit-b', '2']);
      return (await preparedAll(tx, READ, ['commit-%'])).length;
    });
    expect(answer, 'the transaction reads its own writes').toBe(2);
    expect(await keys('commit-')).toEqual(['commit-a', 'commit-b']);
  });

  it('a failure half-way leaves none of its writes, whether the work threw or SQLite refused a statement', async () => {
    await expect(
      inWriteTransaction(db.knex, async (tx) => {
        await preparedRun(tx, WRITE, ['thrown-a', '1']);
        throw new Error('the label could not be built');
      }),
    ).rejects.toThrow('the label could not be built');
    await expect(
      inWriteTransaction(db.knex, async (tx) => {
        await preparedRun(tx, WRITE, ['refused-a', '1']);
        await preparedRun(tx, WRITE, ['refused-a', '2']);
      }),
    ).rejects.toThrow(/UNIQUE constraint failed/);
    expect(await keys('thrown-')).toEqual([]);
    expect(await keys('refused-')).toEqual([]);
    // The connection is free and out of any transaction afterwards: the next one commits.
    await inWriteTransaction(db.knex, (tx) => preparedRun(tx, WRITE, ['after-failure', '1']));
    expect(await keys('after-failure')).toEqual(['after-failure']);
  });

  it('a knex query asked for meanwhile waits for the commit and sees all of it', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let wrote!: () => void;
    const firstWritten = new Promise<void>((resolve) => (wrote = resolve));
    const tx = inWriteTransaction(db.knex, async (t) => {
      await preparedRun(t, WRITE, ['meanwhile-a', '1']);
      wrote();
      await held;
      await preparedRun(t, WRITE, ['meanwhile-b', '2']);
    });
    await firstWritten;
    const seen = keys('meanwhile-');
    // Give the knex query every chance to run in the middle of the transaction, were it able to.
    await new Promise((resolve) => setTimeout(resolve, 50));
    release();
    await tx;
    expect(await seen).toEqual(['meanwhile-a', 'meanwhile-b']);
  });

  it('a statement after the transaction ended is refused, not written outside it', async () => {
    let kept!: WriteTransaction;
    await inWriteTransaction(db.knex, async (tx) => {
      kept = tx;
      await preparedRun(tx, WRITE, ['ended-a', '1']);
    });
    await expect(preparedRun(kept, WRITE, ['ended-b', '2'])).rejects.toThrow(/ended/);
    expect(await keys('ended-')).toEqual(['ended-a']);
  });
});

describe('row statements a mutation runs', () => {
  it('find by columns matches a null as NULL and a boolean as 0/1, in key order, with a limit', async () => {
    const claim = (shipmentId: number, ageCertified: boolean) => ({ shipment_id: shipmentId, order_number: `R${shipmentId}`, age_certified: ageCertified, claimed_at: '2026-05-01T00:00:00.000Z' });
    await db.knex('pack_claims').insert([claim(9003, true), claim(9001, true), claim(9002, false)]);
    const conflict = (id: string, seenAt: string | null) => ({ id, entity: 'customers', entity_id: '7', field: 'email', at: '2026-05-01T00:00:00.000Z', seen_at: seenAt });
    await db.knex('conflicts').insert([conflict('c2', null), conflict('c1', '2026-05-02T00:00:00.000Z'), conflict('c3', null)]);
    await inWriteTransaction(db.knex, async (tx) => {
      expect((await selectRowsWhere(tx, 'pack_claims', { age_certified: true }, ['shipment_id'])).map((r) => r.shipment_id)).toEqual([9001, 9003]);
      expect((await selectRowsWhere(tx, 'pack_claims', { age_certified: false }, ['shipment_id'])).map((r) => r.shipment_id)).toEqual([9002]);
      expect((await selectRowsWhere(tx, 'conflicts', { entity: 'customers', seen_at: null }, ['id'])).map((r) => r.id)).toEqual(['c2', 'c3']);
      expect((await selectRowsWhere(tx, 'conflicts', { entity: 'customers' }, ['id'], 2)).map((r) => r.id)).toEqual(['c1', 'c2']);
      await expect(selectRowsWhere(tx, 'conflicts', { entity: undefined }, ['id'])).rejects.toThrow(/undefined/);
      expect(await deleteRowByKey(tx, 'pack_claims', { shipment_id: 9002 })).toBe(1);
      await insertRow(tx, 'pack_claims', claim(9004, false));
    });
    expect((await db.knex('pack_claims').whereIn('shipment_id', [9001, 9002, 9003, 9004]).orderBy('shipment_id').select('shipment_id')).map((r: { shipment_id: number }) => r.shipment_id)).toEqual([9001, 9003, 9004]);
  });
});
