/**
 * The station's sync bookkeeping in `sync_state` (key -> text): its client id,
 * its pull cursor, when it last synced, the last mutation id it issued, and
 * the progress of a running full sync. Kept in the cache database so a
 * restarted (or killed) station resumes exactly where it was.
 */
import type { Knex } from 'knex';
import { ulid } from 'ulidx';

export const SYNC_KEYS = {
  clientId: 'client_id',
  cursor: 'cursor',
  lastSyncAt: 'last_sync_at',
  lastIssuedMutationId: 'last_mutation_id_issued',
  initialPulled: 'initial_pulled',
  initialTotal: 'initial_total',
} as const;
export type SyncKey = (typeof SYNC_KEYS)[keyof typeof SYNC_KEYS];

type Db = Knex | Knex.Transaction;

export async function readState(knex: Db, key: SyncKey): Promise<string | null> {
  const row = (await knex('sync_state').where({ key }).first('value')) as { value: string } | undefined;
  return row?.value ?? null;
}

export async function writeState(knex: Db, key: SyncKey, value: string | null): Promise<void> {
  if (value === null) {
    await knex('sync_state').where({ key }).del();
    return;
  }
  await knex('sync_state').insert({ key, value }).onConflict('key').merge(['value']);
}

/**
 * This cache's client id: one per station database, made on first use. The
 * server's exactly-once ledger is per client id, so a reinstalled station
 * starts a fresh ledger instead of colliding with its old one.
 */
export async function ensureClientId(knex: Db): Promise<string> {
  const existing = await readState(knex, SYNC_KEYS.clientId);
  if (existing) return existing;
  const id = ulid();
  await knex('sync_state').insert({ key: SYNC_KEYS.clientId, value: id }).onConflict('key').ignore();
  return (await readState(knex, SYNC_KEYS.clientId))!;
}

/** The figures both the station status (polled by the status bar) and the sync status report. */
export interface SyncFigures {
  pendingMutations: number;
  rejectedMutations: number;
  conflicts: number;
  lastSyncAt: string | null;
  initialSync: { pulled: number; estimatedTotal: number | null } | null;
}

export async function readSyncFigures(knex: Knex): Promise<SyncFigures> {
  const [pending, rejected, conflicts, lastSyncAt, pulled, total] = await Promise.all([
    knex('outbox').where({ status: 'pending' }).count({ n: '*' }).first(),
    knex('outbox').where({ status: 'rejected' }).count({ n: '*' }).first(),
    knex('conflicts').whereNull('seen_at').count({ n: '*' }).first(),
    readState(knex, SYNC_KEYS.lastSyncAt),
    readState(knex, SYNC_KEYS.initialPulled),
    readState(knex, SYNC_KEYS.initialTotal),
  ]);
  return {
    pendingMutations: Number(pending?.n ?? 0),
    rejectedMutations: Number(rejected?.n ?? 0),
    conflicts: Number(conflicts?.n ?? 0),
    lastSyncAt,
    initialSync: pulled === null ? null : { pulled: Number(pulled), estimatedTotal: total === null ? null : Number(total) },
  };
}
