/**
 * Prepared statements for the station's hot paths (lookup box, customer 360,
 * scan-to-label), run on the very connection knex holds, so they join the
 * caller's knex transaction. knex re-prepares every statement and builds its
 * SQL on each call; at a few tens of microseconds per query that overhead is
 * most of a lookup, so the hot paths keep their SQL as constants and their
 * statements prepared, one cache per connection.
 *
 * The hot writes (a scan: sixteen statements in one transaction) go one step
 * further with `inWriteTransaction`: BEGIN IMMEDIATE ... COMMIT as prepared
 * statements on knex's one connection, held for the transaction. knex's
 * `transaction()` builds a transaction client, a knex instance and a chain of
 * promises around every transaction, half a millisecond of a scan.
 */
import type { Knex } from 'knex';
import type { Database as SqliteConnection, Statement } from 'sqlite3';

type Row = Record<string, any>;

const caches = new WeakMap<SqliteConnection, Map<string, Statement>>();

interface ConnectionClient {
  acquireConnection(): Promise<SqliteConnection>;
  releaseConnection(conn: SqliteConnection): Promise<unknown>;
}

/**
 * A transaction on the station's write connection (`inWriteTransaction`):
 * the statements given it run on that connection as they come, with no pool
 * to ask, several at once if the caller asks for them together. It ends with
 * its transaction: the statements still running are waited for (so none can
 * run after the COMMIT or ROLLBACK, outside it), and one asked for after
 * that throws.
 */
export class WriteTransaction {
  #conn: SqliteConnection | null;
  #running = 0;
  #allDone: (() => void) | null = null;

  constructor(conn: SqliteConnection) {
    this.#conn = conn;
  }

  get connection(): SqliteConnection {
    if (!this.#conn) throw new Error('this write transaction has ended; its statements cannot run any more');
    return this.#conn;
  }

  /** A statement was handed to SQLite. */
  started(): void {
    this.#running++;
  }

  /** A statement SQLite was handed has answered. */
  answered(): void {
    if (--this.#running === 0 && this.#allDone) {
      const done = this.#allDone;
      this.#allDone = null;
      done();
    }
  }

  /** No statement from now on; resolves once those already handed to SQLite have answered. */
  end(): Promise<void> {
    this.#conn = null;
    return this.#running === 0 ? Promise.resolve() : new Promise<void>((resolve) => (this.#allDone = resolve));
  }
}

/** Where a prepared statement runs: a knex (its pooled connection), a knex transaction, or a write transaction. */
export type Db = Knex | Knex.Transaction | WriteTransaction;

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

function allOn<T>(conn: SqliteConnection, sql: string, params: readonly unknown[], tx?: WriteTransaction): Promise<T[]> {
  const stmt = statementFor(conn, sql);
  return new Promise<T[]>((resolve, reject) => {
    // Counted only once SQLite has it: a parameter the driver refuses throws here, and no answer would come.
    stmt.all(params as unknown[], (err: Error | null, rows: T[]) => {
      tx?.answered();
      if (err) reject(err);
      else resolve(rows);
    });
    tx?.started();
  });
}

function runOn(conn: SqliteConnection, sql: string, params: readonly unknown[], tx?: WriteTransaction): Promise<number> {
  const stmt = statementFor(conn, sql);
  return new Promise<number>((resolve, reject) => {
    stmt.run(params as unknown[], function (this: { changes: number }, err: Error | null) {
      tx?.answered();
      if (err) reject(err);
      else resolve(this.changes);
    });
    tx?.started();
  });
}

/** All rows of a constant SQL statement, on `db`'s connection (inside its transaction when `db` is one). */
export async function preparedAll<T extends Row = Row>(db: Db, sql: string, params: readonly unknown[] = []): Promise<T[]> {
  if (db instanceof WriteTransaction) return allOn<T>(db.connection, sql, params, db);
  const client = (db as unknown as { client: ConnectionClient }).client;
  const conn = await client.acquireConnection();
  try {
    return await allOn<T>(conn, sql, params);
  } finally {
    await client.releaseConnection(conn);
  }
}

/** Runs a constant SQL write on `db`'s connection (inside its transaction when `db` is one); resolves to the rows it changed. */
export async function preparedRun(db: Db, sql: string, params: readonly unknown[] = []): Promise<number> {
  if (db instanceof WriteTransaction) return runOn(db.connection, sql, params, db);
  const client = (db as unknown as { client: ConnectionClient }).client;
  const conn = await client.acquireConnection();
  try {
    return await runOn(conn, sql, params);
  } finally {
    await client.releaseConnection(conn);
  }
}

export async function preparedFirst<T extends Row = Row>(db: Db, sql: string, params: readonly unknown[] = []): Promise<T | undefined> {
  return (await preparedAll<T>(db, sql, params))[0];
}

/**
 * Runs `work` in one transaction on the write connection knex pools (the
 * station cache has one): committed when `work` resolves, rolled back when
 * it throws. The connection is held throughout, so no other query runs
 * between its statements, as in a knex transaction. IMMEDIATE takes the
 * write lock at the start: a transaction that reads and then writes never
 * finds another writer got in between.
 */
export async function inWriteTransaction<T>(knex: Knex, work: (tx: WriteTransaction) => Promise<T>): Promise<T> {
  const client = (knex as unknown as { client: ConnectionClient }).client;
  const conn = await client.acquireConnection();
  const tx = new WriteTransaction(conn);
  try {
    await runOn(conn, 'BEGIN IMMEDIATE', []);
    let result: T;
    try {
      result = await work(tx);
      await tx.end();
      await runOn(conn, 'COMMIT', []);
    } catch (err) {
      await tx.end();
      // An error SQLite answered by rolling back itself (a full disk, an I/O error) left nothing to roll back: that refusal is not news.
      await runOn(conn, 'ROLLBACK', []).catch(() => undefined);
      throw err;
    }
    return result;
  } finally {
    await client.releaseConnection(conn);
  }
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
export function knexReader(db: Db): SqlReader {
  return { all: (sql, params = []) => preparedAll(db, sql, params), first: (sql, params = []) => preparedFirst(db, sql, params) };
}
