/**
 * Applying the server's answers to the station cache (DESIGN §4 client apply).
 *
 * A page is applied in one transaction: take every optimistic change back out
 * (undo log, newest first), lay the server's rows, deletes, conflicts and
 * rejections down, move the cursor, drop the outbox rows the server has
 * acknowledged (only on the last page, where its ack is consistent with the
 * rows), and replay the remaining outbox on top. A crash at any point leaves
 * the cache as it was before the page, with the old cursor.
 */
import type { Knex } from 'knex';
import type { Role } from '../../core/roles';
import { RoleSchema } from '../../core/auth/schemas';
import { executeMutation } from '../../core/sync/execute';
import type { MutationContext } from '../../core/sync/mutation';
import type { Change, MutationResult, PullPage } from '../../core/sync/protocol';
import { isPulledTable, keyString, normalizeRow, PULLED_TABLES, SYNCED_TABLES, type PulledTable, type Row } from '../../core/sync/tables';
import { fileNewNameWords } from '../db/name-words';
import { preparedRun } from '../db/prepared';
import { StationMutationTx } from './station-tx';
import { SYNC_KEYS, writeState } from './sync-state';

export interface StationInfo {
  stationId: string | null;
  stationDc: string | null;
}

interface OutboxRow {
  mutation_id: string;
  client_id: string;
  staff_id: string;
  name: string;
  args: string;
  created_at: string;
  status: string;
  role: string | null;
}

interface UndoRow {
  table_name: string;
  row_key: string;
  before: string | null;
}

/** Outbox rows still shown optimistically: not yet sent, or sent and applied but not yet seen in a pull. */
const LIVE = ['pending', 'applied'];

/** SQLite allows 32766 bound values per statement; stay well under. */
const MAX_BOUND = 30_000;

export async function undoOptimistic(trx: Knex.Transaction): Promise<number> {
  const entries = (await trx('sync_undo').orderBy([
    { column: 'mutation_id', order: 'desc' },
    { column: 'seq', order: 'desc' },
  ])) as UndoRow[];
  for (const e of entries) {
    if (!isPulledTable(e.table_name)) continue;
    const table = e.table_name;
    const key = JSON.parse(e.row_key) as Record<string, string | number>;
    if (e.before === null) {
      await trx(table).where(key).del();
    } else {
      await trx(table).insert(JSON.parse(e.before) as Row).onConflict([...SYNCED_TABLES[table].key]).merge();
    }
  }
  await trx('sync_undo').del();
  return entries.length;
}

/** Re-runs every live outbox mutation, in order, on top of the cache. One that no longer applies here is skipped: the server decides. */
export async function replayOutbox(trx: Knex.Transaction, info: StationInfo): Promise<{ replayed: number; skipped: number }> {
  // A stuck change still shows here while it waits for a supervisor (it was never refused).
  const rows = (await trx('outbox').whereIn('status', [...LIVE, 'stuck']).orderBy('mutation_id')) as OutboxRow[];
  let skipped = 0;
  for (const row of rows) {
    const role = RoleSchema.safeParse(row.role);
    const ctx: MutationContext = {
      mutationId: row.mutation_id,
      clientId: row.client_id,
      staffId: row.staff_id,
      role: role.success ? (role.data as Role) : null,
      stationId: info.stationId,
      stationDc: info.stationDc,
      at: row.created_at,
      side: 'station',
    };
    try {
      await trx.transaction(async (sp) => {
        await executeMutation(new StationMutationTx(sp, row.mutation_id), { name: row.name, args: JSON.parse(row.args) as unknown }, ctx);
      });
    } catch {
      skipped++;
    }
  }
  return { replayed: rows.length - skipped, skipped };
}

export async function rebase(trx: Knex.Transaction, info: StationInfo): Promise<void> {
  await undoOptimistic(trx);
  await replayOutbox(trx, info);
  // An undone rename brings the old name's words back.
  await fileNewNameWords(trx);
}

export interface PageOutcome {
  rows: number;
  acknowledged: number;
}

export async function applyPullPage(knex: Knex, page: PullPage, info: StationInfo): Promise<PageOutcome> {
  return knex.transaction(async (trx) => {
    // Nothing changed and nothing to acknowledge (an idle poll): the optimistic state stands as it is.
    if (page.changes.length === 0) {
      const ackable = !page.hasMore && page.lastMutationId
        ? Number((await trx('outbox').where('mutation_id', '<=', page.lastMutationId).whereIn('status', LIVE).count({ n: '*' }).first())?.n ?? 0)
        : 0;
      if (ackable === 0) {
        await writeState(trx, SYNC_KEYS.cursor, page.cursor);
        return { rows: 0, acknowledged: 0 };
      }
    }
    await undoOptimistic(trx);
    await applyChanges(trx, page.changes);
    await writeState(trx, SYNC_KEYS.cursor, page.cursor);
    let acknowledged = 0;
    if (!page.hasMore && page.lastMutationId) {
      // Rejections up to here arrived with the rows (same version window), so what is left was applied.
      acknowledged = await trx('outbox').where('mutation_id', '<=', page.lastMutationId).whereIn('status', LIVE).del();
    }
    await replayOutbox(trx, info);
    // The page's new name words join the desk's typo index with the names (migration 063).
    await fileNewNameWords(trx);
    return { rows: page.changes.length, acknowledged };
  });
}

async function applyChanges(trx: Knex.Transaction, changes: readonly Change[]): Promise<void> {
  // Consecutive puts to one table go in as multi-row upserts (an initial sync is mostly that).
  let batchTable: PulledTable | null = null;
  let batch: Row[] = [];
  const flush = async () => {
    if (batchTable && batch.length > 0) await upsertRows(trx, batchTable, batch);
    batchTable = null;
    batch = [];
  };
  for (const change of changes) {
    if (change.op === 'put' && isPulledTable(change.table)) {
      if (batchTable !== change.table) await flush();
      batchTable = change.table;
      batch.push(normalizeRow(change.table, change.row));
      continue;
    }
    await flush();
    if (change.op === 'put' && change.table === 'sync_conflicts') await storeConflict(trx, change.row);
    else if (change.op === 'put' && change.table === 'sync_rejections') await storeRejection(trx, change.row);
    else if (change.op === 'delete' && isPulledTable(change.table)) await deleteRow(trx, change.table, change.key);
    // Anything else is from a newer server: skipped, not fatal.
  }
  await flush();
}

/**
 * Upserts as prepared multi-row statements: an initial sync is hundreds of
 * thousands of puts, and building each statement with knex cost more than
 * running it. Statement sizes come from a short fixed list, so a table needs
 * at most a handful of cached statements whatever the page sizes.
 */
async function upsertRows(trx: Knex.Transaction, table: PulledTable, rows: Row[]): Promise<void> {
  const spec = SYNCED_TABLES[table];
  const columns = spec.columns;
  let at = 0;
  for (const size of UPSERT_SIZES) {
    const perStatement = Math.min(size, Math.floor(MAX_BOUND / columns.length));
    while (perStatement > 0 && rows.length - at >= perStatement) {
      const params: unknown[] = [];
      for (let i = at; i < at + perStatement; i++) {
        const row = rows[i]!;
        for (const c of columns) params.push(row[c] ?? null);
      }
      await preparedRun(trx, upsertSql(table, perStatement), params);
      at += perStatement;
    }
  }
}

/** Rows per upsert statement, largest first; the last must be 1. */
const UPSERT_SIZES = [256, 32, 4, 1] as const;
const upsertSqlCache = new Map<string, string>();

function upsertSql(table: PulledTable, rows: number): string {
  const id = `${table}:${rows}`;
  let sql = upsertSqlCache.get(id);
  if (sql === undefined) {
    const spec = SYNCED_TABLES[table];
    const q = (name: string) => `"${name}"`;
    const tuple = `(${spec.columns.map(() => '?').join(',')})`;
    const updates = spec.columns.filter((c) => !spec.key.includes(c)).map((c) => `${q(c)}=excluded.${q(c)}`);
    sql =
      `INSERT INTO ${q(table)} (${spec.columns.map(q).join(',')}) VALUES ${Array.from({ length: rows }, () => tuple).join(',')} ` +
      `ON CONFLICT (${spec.key.map(q).join(',')}) DO ${updates.length ? `UPDATE SET ${updates.join(',')}` : 'NOTHING'}`;
    upsertSqlCache.set(id, sql);
  }
  return sql;
}

async function deleteRow(trx: Knex.Transaction, table: PulledTable, key: Record<string, string | number>): Promise<void> {
  const spec = SYNCED_TABLES[table];
  // A shipment that leaves takes its label events with it (they were in scope only through it).
  for (const child of spec.children) {
    const parentKey = key[spec.key[0]!];
    if (parentKey !== undefined) await trx(child.table).where(child.column, parentKey).del();
  }
  await trx(table).where(key).del();
  // A conflict about a row this station no longer holds is nobody's business here (and may carry an old email or address).
  await trx('conflicts').where({ entity: table, entity_id: keyString(table, key) }).del();
}

async function storeConflict(trx: Knex.Transaction, row: Row): Promise<void> {
  await trx('conflicts')
    .insert({
      id: String(row.id),
      entity: String(row.entity),
      entity_id: String(row.entity_id),
      field: String(row.field),
      local_value: (row.local_value as string | null) ?? null,
      server_value: (row.server_value as string | null) ?? null,
      mutation_id: (row.mutation_id as string | null) ?? null,
      resolution: (row.resolution as string | null) ?? null,
      at: String(row.at),
      seen_at: null,
    })
    .onConflict('id')
    .ignore();
}

async function storeRejection(trx: Knex.Transaction, row: Row): Promise<void> {
  await trx('outbox')
    .where({ mutation_id: String(row.mutation_id) })
    .update({ status: 'rejected', error: String(row.reason ?? ''), error_code: (row.code as string | null) ?? null });
}

/**
 * What a push answered: statuses and conflicts now, and if the server refused
 * anything, its optimistic effect goes at once (not at the next pull).
 */
export async function recordPushResults(knex: Knex, results: readonly MutationResult[], info: StationInfo): Promise<void> {
  await knex.transaction(async (trx) => {
    let rejected = false;
    const accepted: string[] = [];
    for (const r of results) {
      if (r.status === 'rejected') {
        rejected = true;
        await trx('outbox').where({ mutation_id: r.id }).update({ status: 'rejected', error: r.message ?? '', error_code: r.reason ?? null });
      } else {
        accepted.push(r.id);
      }
      for (const c of r.conflicts) {
        await storeConflict(trx, {
          id: c.id,
          entity: c.entity,
          entity_id: c.entityId,
          field: c.field,
          local_value: c.localValue,
          server_value: c.serverValue,
          mutation_id: c.mutationId,
          resolution: c.resolution,
          at: c.at,
        });
      }
    }
    for (let i = 0; i < accepted.length; i += 500) {
      await trx('outbox').whereIn('mutation_id', accepted.slice(i, i + 500)).andWhere({ status: 'pending' }).update({ status: 'applied' });
    }
    if (rejected) await rebase(trx, info);
  });
}

/**
 * The server asked for a fresh start (cursor too old, scope changed): every
 * synced row goes, the outbox stays, and the next pages rebuild the cache with
 * the outbox replayed on top.
 */
export async function resetForResync(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('sync_undo').del();
    for (const table of PULLED_TABLES) await trx(table).del();
    await writeState(trx, SYNC_KEYS.cursor, null);
    await writeState(trx, SYNC_KEYS.initialPulled, null);
    await writeState(trx, SYNC_KEYS.initialTotal, null);
  });
}
