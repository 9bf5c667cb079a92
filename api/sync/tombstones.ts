/**
 * Tombstone retention (DESIGN §4). Deleted rows leave a tombstone so stations
 * learn of the delete; tombstones older than the retention are pruned, and a
 * station whose cursor predates the newest pruned one may have missed a
 * delete, so its next pull answers `resync` (it re-pulls, keeping its outbox).
 */
import type { Knex } from 'knex';

export const TOMBSTONE_RETENTION_DAYS = 30;
const PRUNED_THROUGH = 'tombstones_pruned_through';

export async function tombstonesPrunedThrough(knex: Knex | Knex.Transaction): Promise<number> {
  const row = (await knex('sync_meta').where({ key: PRUNED_THROUGH }).first('value')) as { value: string } | undefined;
  return Number(row?.value ?? 0);
}

/** Deletes tombstones from before `before`; returns how many went. */
export async function pruneTombstones(knex: Knex, before: Date): Promise<number> {
  return knex.transaction(async (trx) => {
    const cutoff = before.toISOString();
    const top = (await trx('sync_tombstones').where('deleted_at', '<', cutoff).max({ v: 'version' }).first()) as { v: number | string | null } | undefined;
    if (top?.v === null || top?.v === undefined) return 0;
    const through = Number(top.v);
    // By version, not time: what a cursor can miss is a prefix of the version order.
    const removed = await trx('sync_tombstones').where('version', '<=', through).del();
    const previous = await tombstonesPrunedThrough(trx);
    await trx('sync_meta')
      .insert({ key: PRUNED_THROUGH, value: String(Math.max(previous, through)) })
      .onConflict('key')
      .merge(['value']);
    return removed;
  });
}
