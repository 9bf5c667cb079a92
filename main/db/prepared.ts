/**
 * Prepared statements for the station's hot paths (lookup box, customer 360,
 * scan-to-label), run on the very connection knex holds, so they join the
 * caller's knex transaction. knex re-prepares every statement and builds its
 * SQL on each call; at a few tens of microseconds per query that overhead is
 * most of a lookup, so the hot paths keep their SQL as constants and their
 * statements prepared, one cache per connection.
 */
import type { Knex } from 'knex';
import type { Database as SqliteConnection, Statement } from 'sqlite3';

type Row = Record<string, any>;

const caches = new WeakMap<SqliteConnection, Map<string, Statement>>();

interface ConnectionClient {
  acquireConnection(): Promise<SqliteConnection>;
  releaseConnection(conn: SqliteConnection): Promise<unknown>;
}

function statementFor(conn: SqliteConnection, sql: string): Statement {
  let cache = caches.get(conn);
  if (!cache) caches.set(conn, (cache = new Map()));
  let stmt = cache.get(sql);
  if (!stmt) {
    stmt = conn.prepare(sql);
    cache.set(sql, stmt);
  }
  return stmt;
}

/** All rows of a constant SQL statement, on `db`'s connection (inside its transaction when `db` is one). */
export async function preparedAll<T extends Row = Row>(db: Knex | Knex.Transaction, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  const client = (db as unknown as { client: ConnectionClient }).client;
  const conn = await client.acquireConnection();
  try {
    const stmt = statementFor(conn, sql);
    return await new Promise<T[]>((resolve, reject) => stmt.all(params as unknown[], (err: Error | null, rows: T[]) => (err ? reject(err) : resolve(rows))));
  } finally {
    await client.releaseConnection(conn);
  }
}

/** Runs a constant SQL write on `db`'s connection (inside its transaction when `db` is one); resolves to the rows it changed. */
export async function preparedRun(db: Knex | Knex.Transaction, sql: string, params: readonly unknown[] = []): Promise<number> {
  const client = (db as unknown as { client: ConnectionClient }).client;
  const conn = await client.acquireConnection();
  try {
    const stmt = statementFor(conn, sql);
    return await new Promise<number>((resolve, reject) =>
      stmt.run(params as unknown[], function (this: { changes: number }, err: Error | null) {
        if (err) reject(err);
        else resolve(this.changes);
      }),
    );
  } finally {
    await client.releaseConnection(conn);
  }
}

export async function preparedFirst<T extends Row = Row>(db: Knex | Knex.Transaction, sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
  return (await preparedAll<T>(db, sql, params))[0];
}

/** SQLite refuses to close a connection with live statements: the station DB's close finalizes its own first. */
export async function finalizePrepared(db: Knex): Promise<void> {
  const client = (db as unknown as { client: ConnectionClient }).client;
  const conn = await client.acquireConnection();
  try {
    const cache = caches.get(conn);
    caches.delete(conn);
    await Promise.all([...(cache?.values() ?? [])].map((s) => new Promise<void>((resolve) => s.finalize(() => resolve()))));
  } finally {
    await client.releaseConnection(conn);
  }
}

/** What the read-only hot paths need: constant SQL in, rows out. */
export interface SqlReader {
  all<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T[]>;
  first<T extends Row = Row>(sql: string, params?: readonly unknown[]): Promise<T | undefined>;
}

/** Reads on knex's own connection (joins a transaction when handed one). */
export function knexReader(db: Knex | Knex.Transaction): SqlReader {
  return { all: (sql, params = []) => preparedAll(db, sql, params), first: (sql, params = []) => preparedFirst(db, sql, params) };
}
