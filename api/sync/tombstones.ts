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
  return prunedThroughOf((await prunedThroughQuery(knex)) as { value: string }[]);
}

/** The read behind `tombstonesPrunedThrough`, for a caller that sends it with others (a pull). */
export function prunedThroughQuery(knex: Knex | Knex.Transaction): Knex.QueryBuilder {
  return knex('sync_meta').where({ key: PRUNED_THROUGH }).select('value').limit(1);
}

export function prunedThroughOf(rows: readonly { value?: unknown }[]): number {
  return Number(rows[0]?.value ?? 0);
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
