/**
 * FROZEN: the sync version counter, its triggers and the scope-move trigger
 * as the central migrations 002_sync and 005_scope_moves install them (how
 * they work: api/sync/versioning.ts). Imported only by migrations; never
 * edit: a migration must build the same database whenever it runs. A later
 * change to the triggers is a new migration with its own SQL.
 */
import type { Knex } from 'knex';

type SqlDialect = 'sqlite' | 'postgres';

export function dialectOf(knex: Knex | Knex.Transaction): SqlDialect {
  const client = (knex.client as { config?: { client?: unknown } }).config?.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql' ? 'postgres' : 'sqlite';
}

const LOCK_KEY_SQL = `hashtext('backlot.sync.' || current_schema())`;

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
