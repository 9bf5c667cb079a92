/**
 * The central office skips any mutation id at or below the last one it
 * applied from a station, so ids issued at a station must grow strictly,
 * across restarts, when the clock steps back and within one millisecond.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeTime } from 'ulidx';
import { afterAll, describe, expect, it } from 'vitest';
import { openStationDb } from '../../main/db/station-db';
import { issueMutationId } from '../../main/sync/mutation-ids';

const dir = mkdtempSync(join(tmpdir(), 'backlot-mutation-ids-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('mutation ids at a station', () => {
  it('grow strictly when the clock stands still, steps back, and after the cache is reopened', async () => {
    const at = (iso: string) => new Date(iso);
    const times = ['2026-05-01T10:00:00.000Z', '2026-05-01T10:00:00.000Z', '2026-05-01T09:00:00.000Z', '2026-05-01T10:00:00.001Z', '2026-05-01T08:00:00.000Z'];
    const ids: string[] = [];
    let db = await openStationDb(dir);
    for (const t of times.slice(0, 3)) ids.push(await db.knex.transaction((trx) => issueMutationId(trx, at(t))));
    await db.close();
    db = await openStationDb(dir);
    for (const t of times.slice(3)) ids.push(await db.knex.transaction((trx) => issueMutationId(trx, at(t))));
    // An id issued in a transaction that rolled back is not remembered: the next one still follows the last committed id.
    await expect(db.knex.transaction(async (trx) => { await issueMutationId(trx, at('2027-01-01T00:00:00.000Z')); throw new Error('rolled back'); })).rejects.toThrow('rolled back');
    ids.push(await db.knex.transaction((trx) => issueMutationId(trx, at('2026-05-01T07:00:00.000Z'))));
    await db.close();
    for (let i = 1; i < ids.length; i++) expect(ids[i]! > ids[i - 1]!, `id ${i} (${ids[i]}) sorts after id ${i - 1} (${ids[i - 1]})`).toBe(true);
    expect(new Date(decodeTime(ids[5]!)).toISOString(), 'the id after a rollback follows the last committed one, not the rolled-back id of 2027').toBe('2026-05-01T10:00:00.001Z');
  });
});
