/**
 * Streams a generated demo data set into a knex database (SQLite or
 * PostgreSQL): table by table in foreign-key order, multi-row INSERTs in
 * bounded transactions, so 1M shipments go in without holding them in memory.
 */
import type { Knex } from 'knex';
import type { Database as SqliteConnection, Statement } from 'sqlite3';
import { SHARED_TABLES, type ColumnType, type TableSpec } from '../../core/data/tables';
import type { DemoData } from '../../core/demo/generate';
import { DEMO_STAFF, demoStaffId } from '../../core/demo/staff';
import type { DemoTable } from '../../core/demo/rows';
import { hashSecret } from '../../api/security/secrets';
import { fileNewNameWords } from '../../main/db/name-words';

export interface WriteDemoOptions {
  onProgress?(table: DemoTable, done: number, total: number): void;
  /** Delete the existing customer and catalogue data first (children before parents). */
  replace?: boolean;
  /** Commit every this many rows: keeps SQLite's WAL and PostgreSQL's transaction bounded. */
  rowsPerTransaction?: number;
}

export interface WriteDemoResult {
  /** Rows offered per table; reference rows an install already had are kept, not overwritten, and still counted. */
  counts: Record<DemoTable, number>;
  /** Demo staff with a stored credential, new or kept (0 where there is no `staff_credentials` table, e.g. a station cache). */
  credentials: number;
  elapsedMs: number;
}

/**
 * Stations, sessions and credentials point at these rows, so an existing
 * install keeps its own; seeding adds the missing ones and never overwrites.
 */
const REFERENCE_TABLES: ReadonlySet<DemoTable> = new Set(['distribution_centers', 'staff']);

/** SQLite's default SQLITE_MAX_VARIABLE_NUMBER is 32766 (PostgreSQL allows 65535): stay under both. */
const MAX_BOUND_VARIABLES = 32_000;

export class SeedTargetNotEmptyError extends Error {
  readonly code = 'SEED_TARGET_NOT_EMPTY';
  constructor() {
    super('This database already has customers. Seed an empty database, or pass --replace to delete its customer and catalogue data first.');
  }
}

export async function writeDemo(knex: Knex, demo: DemoData, opts: WriteDemoOptions = {}): Promise<WriteDemoResult> {
  const started = Date.now();
  const postgres = isPostgres(knex);
  if (!opts.replace && (await knex('customers').first('id'))) throw new SeedTargetNotEmptyError();

  // Hash before any transaction: argon2 is deliberately slow and SQLite has one writer.
  const hasCredentials = await knex.schema.hasTable('staff_credentials');
  const hashes = hasCredentials ? await Promise.all(DEMO_STAFF.map((s) => hashSecret(s.secret))) : [];

  if (opts.replace) await deleteDemoData(knex, demo.tables.filter((t) => !REFERENCE_TABLES.has(t)), postgres);

  const counts = {} as Record<DemoTable, number>;
  for (const table of demo.tables) {
    counts[table] = await insertTable(knex, demo, table, opts);
  }

  let credentials = 0;
  if (hasCredentials) {
    const at = demo.options.now.toISOString();
    const rows = DEMO_STAFF.map((s, k) => ({ staff_id: demoStaffId(s.username), secret_hash: hashes[k]!, failed_attempts: 0, locked_until: null, updated_at: at }));
    // Only for demo staff rows that exist under the demo id (an install may already have its own "adam").
    const present = new Set((await knex('staff').whereIn('id', rows.map((r) => r.staff_id)).pluck('id')) as string[]);
    const toInsert = rows.filter((r) => present.has(r.staff_id));
    if (toInsert.length > 0) await knex('staff_credentials').insert(toInsert).onConflict('staff_id').ignore();
    credentials = toInsert.length;
  }

  if (postgres) await resetSequences(knex, demo.tables);
  // A station cache files its new name words for the desk's typo readings (station migration 063).
  if (!postgres && (await knex.schema.hasTable('name_words'))) await fileNewNameWords(knex);
  return { counts, credentials, elapsedMs: Date.now() - started };
}

async function insertTable(knex: Knex, demo: DemoData, table: DemoTable, opts: WriteDemoOptions): Promise<number> {
  const spec = SHARED_TABLES.find((t) => t.name === table);
  if (!spec) throw new Error(`No shared table "${table}" in SHARED_TABLES`);
  const total = demo.count(table);
  opts.onProgress?.(table, 0, total);
  const rowsPerInsert = Math.floor(MAX_BOUND_VARIABLES / spec.columns.length);
  const rowsPerTransaction = Math.max(rowsPerInsert, opts.rowsPerTransaction ?? 100_000);
  const ignoreExisting = REFERENCE_TABLES.has(table);
  const openInserter = isPostgres(knex) ? postgresInserter(spec, ignoreExisting) : sqliteInserter(spec, ignoreExisting);

  let done = 0;
  let trx: Knex.Transaction | null = null;
  let inserter: BatchInserter | null = null;
  // The previous batch's INSERT runs in the database while this one is generated.
  let pending: Promise<void> | null = null;
  let inTransaction = 0;
  try {
    for (const batch of demo.batches(table, rowsPerInsert)) {
      await pending;
      pending = null;
      if (inTransaction >= rowsPerTransaction) {
        await inserter!.close();
        await trx!.commit();
        trx = null;
        inTransaction = 0;
      }
      if (!trx) {
        trx = await knex.transaction();
        inserter = await openInserter(trx);
      }
      const rows = batch.length;
      pending = inserter!.insert(batch as unknown as readonly Row[]).then(() => {
        done += rows;
        opts.onProgress?.(table, done, total);
      });
      inTransaction += rows;
    }
    await pending;
    pending = null;
    if (trx) {
      await inserter!.close();
      await trx.commit();
    }
  } catch (err) {
    await pending?.catch(() => undefined);
    await inserter?.close().catch(() => undefined);
    if (trx && !trx.isCompleted()) await trx.rollback().catch(() => undefined);
    throw err;
  }
  return done;
}

type Row = Readonly<Record<string, unknown>>;

interface BatchInserter {
  insert(rows: readonly Row[]): Promise<void>;
  close(): Promise<void>;
}

/**
 * SQLite: a multi-row INSERT prepared once per batch size on the
 * transaction's own connection and bound afresh for every batch. Through
 * knex.raw the 32000-parameter statement was re-parsed and every binding
 * walked in JavaScript each time: a third of a large seed.
 */
function sqliteInserter(spec: TableSpec, ignoreExisting: boolean): (trx: Knex.Transaction) => Promise<BatchInserter> {
  const columns = spec.columns.map((c) => c.name);
  const head = `insert into ${quote(spec.name)} (${columns.map(quote).join(', ')}) values `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const sqlFor = (rows: number) => head + Array.from({ length: rows }, () => tuple).join(', ') + (ignoreExisting ? ' on conflict do nothing' : '');

  return async (trx) => {
    const connection = (await trx.client.acquireConnection()) as SqliteConnection;
    const statements = new Map<number, Promise<Statement>>();
    const prepare = (rows: number) =>
      new Promise<Statement>((resolve, reject) => {
        const stmt = connection.prepare(sqlFor(rows), (err) => (err ? reject(err) : resolve(stmt)));
      });
    return {
      async insert(rows) {
        const bindings: unknown[] = new Array(rows.length * columns.length);
        let b = 0;
        for (const row of rows) for (const col of columns) bindings[b++] = row[col] ?? null;
        let stmt = statements.get(rows.length);
        if (!stmt) statements.set(rows.length, (stmt = prepare(rows.length)));
        const ready = await stmt;
        await new Promise<void>((resolve, reject) => ready.run(bindings, (err: Error | null) => (err ? reject(err) : resolve())));
      },
      async close() {
        const all = [...statements.values()];
        statements.clear();
        for (const stmt of all) {
          const ready = await stmt.catch(() => null);
          if (ready) await new Promise<void>((resolve) => ready.finalize(() => resolve()));
        }
      },
    };
  };
}

const PG_ARRAY_TYPES: Record<ColumnType, string> = {
  increments: 'integer[]',
  integer: 'integer[]',
  bigint: 'bigint[]',
  text: 'text[]',
  boolean: 'boolean[]',
  real: 'double precision[]',
  timestamp: 'text[]',
  json: 'text[]',
};

/**
 * PostgreSQL: one array parameter per column, unnested into rows. Planning a
 * statement with tens of thousands of parameters dominated the multi-row
 * VALUES form; this one has a handful whatever the batch size.
 */
function postgresInserter(spec: TableSpec, ignoreExisting: boolean): (trx: Knex.Transaction) => Promise<BatchInserter> {
  const columns = spec.columns.map((c) => c.name);
  const sql =
    `insert into ${quote(spec.name)} (${columns.map(quote).join(', ')}) ` +
    `select * from unnest(${spec.columns.map((c) => `?::${PG_ARRAY_TYPES[c.type]}`).join(', ')})` +
    (ignoreExisting ? ' on conflict do nothing' : '');
  return async (trx) => ({
    async insert(rows) {
      const arrays = columns.map((col) => rows.map((row) => row[col] ?? null));
      await trx.raw(sql, arrays as Knex.RawBinding[]);
    },
    close: async () => undefined,
  });
}

/**
 * Deletes the demo's data tables and every table that (transitively) points at
 * them, children first, so foreign keys never block: e.g. label_events before
 * shipments, customer_secrets before customers.
 */
async function deleteDemoData(knex: Knex, tables: readonly string[], postgres: boolean): Promise<void> {
  const edges = await foreignKeys(knex, postgres);
  const doomed = new Set(tables);
  for (let grew = true; grew; ) {
    grew = false;
    for (const { child, parent } of edges) {
      if (doomed.has(parent) && !doomed.has(child)) {
        doomed.add(child);
        grew = true;
      }
    }
  }
  await knex.transaction(async (trx) => {
    const remaining = new Set(doomed);
    while (remaining.size > 0) {
      const leaves = [...remaining].filter((t) => !edges.some((e) => e.parent === t && e.child !== t && remaining.has(e.child)));
      if (leaves.length === 0) throw new Error(`Cannot order deletes: foreign-key cycle among ${[...remaining].join(', ')}`);
      for (const t of leaves) {
        await trx(t).del();
        remaining.delete(t);
      }
    }
  });
}

async function foreignKeys(knex: Knex, postgres: boolean): Promise<{ child: string; parent: string }[]> {
  if (postgres) {
    const res = await knex.raw<{ rows: { child: string; parent: string }[] }>(
      `select cl.relname as child, pl.relname as parent
         from pg_constraint c
         join pg_class cl on cl.oid = c.conrelid
         join pg_class pl on pl.oid = c.confrelid
         join pg_namespace n on n.oid = cl.relnamespace
        where c.contype = 'f' and n.nspname = current_schema()`,
    );
    return res.rows;
  }
  const tables = (await knex('sqlite_master').where({ type: 'table' }).whereNot('name', 'like', 'sqlite_%').pluck('name')) as string[];
  const edges: { child: string; parent: string }[] = [];
  for (const child of tables) {
    const fks = (await knex.raw(`pragma foreign_key_list(${quote(child)})`)) as { table: string }[];
    for (const fk of fks) edges.push({ child, parent: fk.table });
  }
  return edges;
}

/** Rows went in with explicit ids, which PostgreSQL's serial sequences do not see. */
async function resetSequences(knex: Knex, tables: readonly DemoTable[]): Promise<void> {
  for (const table of tables) {
    const spec = SHARED_TABLES.find((t) => t.name === table);
    for (const col of spec?.columns ?? []) {
      if (col.type !== 'increments') continue;
      await knex.raw(`select setval(pg_get_serial_sequence(?, ?), coalesce((select max(${quote(col.name)}) from ${quote(table)}), 0) + 1, false)`, [
        quote(table),
        col.name,
      ]);
    }
  }
}

function isPostgres(knex: Knex): boolean {
  const client = (knex.client as { config?: { client?: unknown } }).config?.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}

function quote(identifier: string): string {
  return `"${identifier.replace(/"/g, '""')}"`;
}
