/**
 * The central version counter behind every pull cursor (DESIGN §4: paged by a
 * server version counter, not clocks).
 *
 * Every write to a synced table takes the next value of one global counter
 * into the row's `server_version`, and every delete leaves a tombstone with
 * its own version. Triggers do it, not the application, so rows written by any
 * code (seeding, central jobs, another engineer's route) are seen by stations.
 *
 * A pull may only serve versions below which every writer has finished, or it
 * could pass version 11 while version 10 is still uncommitted and miss it:
 * - SQLite: a row in `sync_version`, bumped inside the writing transaction.
 *   SQLite has one writer at a time, so every version read is committed.
 * - PostgreSQL: a sequence, taken by writers while they hold a *shared*
 *   transaction-scoped advisory lock (held until commit, so writers never wait
 *   for each other). A reader briefly takes the same lock *exclusively*, and
 *   only with a non-blocking try: when it gets it, no writer is in flight, and
 *   the sequence's value is a safe top. If writers keep it busy, the reader
 *   falls back to the last safe top it saw (older is always safe for the rows,
 *   just less fresh; but it predates anything read just before, so a pull does
 *   not acknowledge mutations with it). The reader never queues for the lock, so it can never sit in a
 *   deadlock cycle with writers and their row locks.
 *   (A counter row would serialize every writer on one row, and turns bulk
 *   loads quadratic: one row updated 100k times in one transaction.)
 */
import type { Knex } from 'knex';

export type SqlDialect = 'sqlite' | 'postgres';

export function dialectOf(knex: Knex | Knex.Transaction): SqlDialect {
  const client = (knex.client as { config?: { client?: unknown } }).config?.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql' ? 'postgres' : 'sqlite';
}

/** How a synced table's rows are named in tombstones, and which scope a deleted row belonged to. */
export interface VersionedTable {
  table: string;
  key: readonly string[];
  /** SQL over OLD giving the distribution center of a deleted row (packing scope), if any. */
  dcExpr?: string;
  /** SQL over OLD giving the customer of a deleted row (CS scope), if any. */
  customerExpr?: string;
  /** Station-private streams are versioned but never deleted, so they leave no tombstones. */
  tombstones: boolean;
}

const LOCK_KEY_SQL = `hashtext('backlot.sync.' || current_schema())`;

function keyExpr(dialect: SqlDialect, key: readonly string[]): string {
  return key.map((c) => (dialect === 'postgres' ? `OLD.${c}::text` : `CAST(OLD.${c} AS TEXT)`)).join(` || '|' || `);
}

const NOW_ISO: Record<SqlDialect, string> = {
  sqlite: `strftime('%Y-%m-%dT%H:%M:%fZ', 'now')`,
  postgres: `to_char(clock_timestamp() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
};

export async function createVersionCounter(knex: Knex, start: number): Promise<void> {
  if (dialectOf(knex) === 'postgres') {
    await knex.raw('CREATE SEQUENCE sync_version_seq AS bigint MINVALUE 0 START WITH 1');
    if (start > 0) await knex.raw('SELECT setval(?::regclass, ?, true)', ['sync_version_seq', start]);
    await knex.raw(`
      CREATE FUNCTION sync_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(${LOCK_KEY_SQL});
        NEW.server_version := nextval('sync_version_seq');
        RETURN NEW;
      END $$`);
  } else {
    await knex.schema.createTable('sync_version', (t) => {
      t.integer('id').primary();
      t.bigInteger('value').notNullable();
    });
    await knex('sync_version').insert({ id: 1, value: start });
  }
}

export async function dropVersionCounter(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') {
    await knex.raw('DROP FUNCTION IF EXISTS sync_stamp()');
    await knex.raw('DROP SEQUENCE IF EXISTS sync_version_seq');
  } else {
    await knex.schema.dropTableIfExists('sync_version');
  }
}

/**
 * Gives every existing row a version (before the triggers exist), in a fixed
 * table order, and returns the counter value to start from.
 */
export async function backfillVersions(knex: Knex, tables: readonly string[]): Promise<number> {
  if (dialectOf(knex) === 'postgres') {
    for (const table of tables) await knex.raw(`UPDATE ?? SET server_version = nextval('sync_version_seq')`, [table]);
    return 0;
  }
  let offset = 0;
  for (const table of tables) {
    const row = await knex(table).max({ m: 'rowid' }).first();
    const max = Number(row?.m ?? 0);
    if (max > 0) await knex.raw(`UPDATE ?? SET server_version = rowid + ?`, [table, offset]);
    offset += max;
  }
  return offset;
}

export async function installVersionTriggers(knex: Knex, spec: VersionedTable): Promise<void> {
  const dialect = dialectOf(knex);
  const { table } = spec;
  const dc = spec.dcExpr ?? 'NULL';
  const customer = spec.customerExpr ?? 'NULL';
  if (dialect === 'postgres') {
    await knex.raw(`CREATE TRIGGER sync_stamp BEFORE INSERT OR UPDATE ON ${table} FOR EACH ROW EXECUTE FUNCTION sync_stamp()`);
    if (!spec.tombstones) return;
    await knex.raw(`
      CREATE FUNCTION sync_tombstone_${table}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(${LOCK_KEY_SQL});
        INSERT INTO sync_tombstones (version, table_name, row_key, dc, customer_id, deleted_at)
        VALUES (nextval('sync_version_seq'), '${table}', ${keyExpr(dialect, spec.key)}, ${dc}, ${customer}, ${NOW_ISO.postgres});
        RETURN OLD;
      END $$`);
    await knex.raw(`CREATE TRIGGER sync_tombstone AFTER DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION sync_tombstone_${table}()`);
    return;
  }
  // SQLite cannot assign NEW in a BEFORE trigger: stamp the row right after the write.
  // The WHEN guard stops the stamping UPDATE from stamping again.
  const stamp = `
    UPDATE sync_version SET value = value + 1 WHERE id = 1;
    UPDATE ${table} SET server_version = (SELECT value FROM sync_version WHERE id = 1) WHERE rowid = NEW.rowid;`;
  await knex.raw(`CREATE TRIGGER sync_stamp_insert_${table} AFTER INSERT ON ${table} BEGIN ${stamp} END`);
  await knex.raw(`CREATE TRIGGER sync_stamp_update_${table} AFTER UPDATE ON ${table} WHEN NEW.server_version IS OLD.server_version BEGIN ${stamp} END`);
  if (!spec.tombstones) return;
  await knex.raw(`
    CREATE TRIGGER sync_tombstone_${table} AFTER DELETE ON ${table} BEGIN
      UPDATE sync_version SET value = value + 1 WHERE id = 1;
      INSERT INTO sync_tombstones (version, table_name, row_key, dc, customer_id, deleted_at)
      VALUES ((SELECT value FROM sync_version WHERE id = 1), '${table}', ${keyExpr(dialect, spec.key)}, ${dc}, ${customer}, ${NOW_ISO.sqlite});
    END`);
}

export async function dropVersionTriggers(knex: Knex, spec: VersionedTable): Promise<void> {
  const { table } = spec;
  if (dialectOf(knex) === 'postgres') {
    await knex.raw(`DROP TRIGGER IF EXISTS sync_stamp ON ${table}`);
    await knex.raw(`DROP TRIGGER IF EXISTS sync_tombstone ON ${table}`);
    await knex.raw(`DROP FUNCTION IF EXISTS sync_tombstone_${table}()`);
    return;
  }
  for (const name of [`sync_stamp_insert_${table}`, `sync_stamp_update_${table}`, `sync_tombstone_${table}`]) {
    await knex.raw(`DROP TRIGGER IF EXISTS ${name}`);
  }
}

/**
 * A row that changes distribution center leaves the old DC's scope without
 * being deleted. An incremental pull of the old DC's station filters on the
 * new value and would never hear of it, so the move itself leaves a tombstone
 * marked with the old DC (only that station applies it), and re-stamps the
 * row's children, so the new DC's station receives them with their parent.
 */
export interface ScopeMove {
  table: string;
  key: readonly string[];
  /** The column naming the row's distribution center. */
  dcColumn: string;
  children: readonly { table: string; column: string }[];
}

export async function installScopeMoveTrigger(knex: Knex, move: ScopeMove): Promise<void> {
  const dialect = dialectOf(knex);
  const { table, dcColumn } = move;
  const name = `sync_scope_move_${table}`;
  // The children's stamping triggers give them new versions (on PostgreSQL any UPDATE stamps; on SQLite an UPDATE that leaves server_version alone).
  const touchChildren = move.children.map((c) => `UPDATE ${c.table} SET ${c.column} = ${c.column} WHERE ${c.column} = NEW.${move.key[0]};`).join('\n');
  if (dialect === 'postgres') {
    await knex.raw(`
      CREATE FUNCTION ${name}() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_advisory_xact_lock_shared(${LOCK_KEY_SQL});
        INSERT INTO sync_tombstones (version, table_name, row_key, dc, customer_id, deleted_at)
        VALUES (nextval('sync_version_seq'), '${table}', ${keyExpr(dialect, move.key)}, OLD.${dcColumn}, NULL, ${NOW_ISO.postgres});
        ${touchChildren}
        RETURN NEW;
      END $$`);
    await knex.raw(`CREATE TRIGGER ${name} AFTER UPDATE OF ${dcColumn} ON ${table} FOR EACH ROW WHEN (OLD.${dcColumn} IS DISTINCT FROM NEW.${dcColumn}) EXECUTE FUNCTION ${name}()`);
    return;
  }
  await knex.raw(`
    CREATE TRIGGER ${name} AFTER UPDATE OF ${dcColumn} ON ${table} WHEN OLD.${dcColumn} IS NOT NEW.${dcColumn} BEGIN
      UPDATE sync_version SET value = value + 1 WHERE id = 1;
      INSERT INTO sync_tombstones (version, table_name, row_key, dc, customer_id, deleted_at)
      VALUES ((SELECT value FROM sync_version WHERE id = 1), '${table}', ${keyExpr(dialect, move.key)}, OLD.${dcColumn}, NULL, ${NOW_ISO.sqlite});
      ${touchChildren}
    END`);
}

export async function dropScopeMoveTrigger(knex: Knex, move: ScopeMove): Promise<void> {
  const name = `sync_scope_move_${move.table}`;
  if (dialectOf(knex) === 'postgres') {
    await knex.raw(`DROP TRIGGER IF EXISTS ${name} ON ${move.table}`);
    await knex.raw(`DROP FUNCTION IF EXISTS ${name}()`);
    return;
  }
  await knex.raw(`DROP TRIGGER IF EXISTS ${name}`);
}

/** The last safe top each database handed out, for when writers keep the barrier busy. */
const lastSafeTop = new WeakMap<Knex, number>();

const BARRIER_TRIES = 100;
/** An impatient reader (the live hub, which looks again soon anyway) gives up after this many tries. */
const IMPATIENT_TRIES = 3;
const BARRIER_WAIT_MS = 3;
/** With no earlier top to fall back on, a first pull waits this long for a quiet instant. */
const FIRST_BARRIER_LIMIT_MS = 30_000;

/**
 * The highest version below which every write has committed: a pull may serve
 * rows up to here and be sure it skipped nothing. `fresh` is false when busy
 * writers made it fall back to an earlier top: still a safe window, but one
 * read before anything the caller read just now (a client's ledger), so the
 * caller must not claim the window holds what that read saw. A caller that is
 * not `patient` falls back after a few tries instead of a hundred.
 */
export async function committedVersion(knex: Knex, opts: { patient?: boolean } = {}): Promise<{ top: number; fresh: boolean }> {
  if (dialectOf(knex) !== 'postgres') {
    const row = await knex('sync_version').where({ id: 1 }).first('value');
    return { top: Number(row?.value ?? 0), fresh: true };
  }
  const tries = opts.patient === false ? IMPATIENT_TRIES : BARRIER_TRIES;
  // Elapsed time of this wait, not a time anything is stamped with: a monotonic timer, not the clock.
  const started = performance.now();
  for (let attempt = 0; ; attempt++) {
    const top = await tryCommittedTop(knex);
    if (top !== null) {
      lastSafeTop.set(knex, Math.max(top, lastSafeTop.get(knex) ?? 0));
      return { top, fresh: true };
    }
    const fallback = lastSafeTop.get(knex);
    if (fallback !== undefined && attempt >= tries) return { top: fallback, fresh: false };
    if (fallback === undefined && performance.now() - started > FIRST_BARRIER_LIMIT_MS) {
      throw new Error('writers to synced tables never paused long enough to read the version counter');
    }
    await new Promise((r) => setTimeout(r, BARRIER_WAIT_MS));
  }
}

/**
 * One try at the barrier in one statement (`sync_committed_top()`, migration
 * 030): the exclusive lock without waiting, then the sequence; null while a
 * writer is in flight. One round trip per try, also through a pooler.
 */
async function tryCommittedTop(knex: Knex): Promise<number | null> {
  const res = await knex.raw<{ rows: { top: string | number | null }[] }>('SELECT sync_committed_top() AS top');
  const top = res.rows[0]?.top;
  return top === null || top === undefined ? null : Number(top);
}
