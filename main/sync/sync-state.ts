/**
 * The station's sync bookkeeping in `sync_state` (key -> text): its client id,
 * its pull cursor, when it last synced, the last mutation id it issued, and
 * the progress of a running full sync. Kept in the cache database so a
 * restarted (or killed) station resumes exactly where it was.
 */
import type { Knex } from 'knex';
import { ulid } from 'ulidx';
import { preparedFirst, preparedRun, type Db } from '../db/prepared';

export const SYNC_KEYS = {
  clientId: 'client_id',
  cursor: 'cursor',
  lastSyncAt: 'last_sync_at',
  lastIssuedMutationId: 'last_mutation_id_issued',
  initialPulled: 'initial_pulled',
  initialTotal: 'initial_total',
} as const;
export type SyncKey = (typeof SYNC_KEYS)[keyof typeof SYNC_KEYS];


// Every scan issues a mutation id (a read and a write here): constant prepared statements, not knex's builder.
const READ_STATE_SQL = 'SELECT value FROM sync_state WHERE key = ?';
const WRITE_STATE_SQL = 'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value';
const DELETE_STATE_SQL = 'DELETE FROM sync_state WHERE key = ?';
const ADD_STATE_SQL = 'INSERT INTO sync_state (key, value) VALUES (?, ?) ON CONFLICT (key) DO NOTHING';

export async function readState(knex: Db, key: SyncKey): Promise<string | null> {
  const row = await preparedFirst<{ value: string }>(knex, READ_STATE_SQL, [key]);
  return row?.value ?? null;
}

export async function writeState(knex: Db, key: SyncKey, value: string | null): Promise<void> {
  if (value === null) await preparedRun(knex, DELETE_STATE_SQL, [key]);
  else await preparedRun(knex, WRITE_STATE_SQL, [key, value]);
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
  await preparedRun(knex, ADD_STATE_SQL, [SYNC_KEYS.clientId, id]);
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
