/**
 * PostgreSQL prepared statements for the central API's queries, when its
 * connections go straight to the database; and reads sent together as one
 * message.
 *
 * An unnamed statement is parsed and planned each time it runs. The central
 * API's statements are few and small (a station's credential, a ledger row,
 * a shipment by id), and at 500 stations PostgreSQL spent 31 s planning them
 * against 43 s running them (bench:central, `pg_stat_statements`). A prepared
 * statement is parsed once per connection; after five runs PostgreSQL keeps a
 * generic plan when it costs no more than the custom ones did.
 *
 * - `prepareStatements(knex)` names every parameterised query the pool sends
 *   (the extended protocol's named statements). Only queries with bindings:
 *   they already use the extended protocol, so naming changes nothing else
 *   about them; a query without bindings may hold several statements
 *   (migrations), which a prepared statement cannot.
 * - `sendTogether(knex, queries)` sends several statements in one message
 *   (the simple query protocol), each as `EXECUTE` of a statement prepared
 *   on that connection the first time it sees it; `{ thenCommit: true }`
 *   ends the transaction in the same message.
 * - A transaction's `BEGIN` waits for its first statement and goes out in
 *   the same message: on two cores each message costs the API and the
 *   server more than a short statement does (bench:central), and a push
 *   run is a handful of them.
 *
 * Not behind a transaction-mode pooler: PgBouncer before 1.21 hands each
 * transaction whichever server connection is free, where the statement was
 * never prepared. The API turns this off when a separate LISTEN URL says a
 * pooler sits in front; and should a pooler be there unannounced, the first
 * statement it loses ("does not exist", or "already exists" on another
 * server connection) turns preparing off for the process: that one query
 * fails as a failure of the moment, to be retried, and the rest run unprepared.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * Distinct statement texts prepared per process (each way). Texts are finite
 * (knex renders the same SQL for the same call) except where a list's length
 * is in the text (`whereIn` with n values); past the cap a text runs
 * unprepared, so a connection's prepared statements, and the server's memory
 * for them, stay bounded.
 */
export const MAX_PREPARED_STATEMENTS = 2_000;

export interface PrepareStatementsOptions {
  max?: number;
  /** Told once, when a pooler lost a statement and preparing stopped. */
  onPoolerFound?: (err: unknown) => void;
}

interface KnexQueryObject {
  sql: string;
  bindings?: readonly unknown[];
  options?: Record<string, unknown>;
  response?: unknown;
}

type QueryFn = (connection: unknown, obj: KnexQueryObject) => Promise<unknown>;

type Row = Record<string, unknown>;

interface SimpleQueryConnection {
  query(text: string): Promise<{ rows: Row[] } | { rows: Row[] }[]>;
}

/** One process's names for one pool's statement texts. */
class StatementNames {
  on = true;
  // Unique to this process: behind a pooler by mistake, another instance's statement of the same number on a
  // shared server connection must be "does not exist", never a different statement run with these values.
  private readonly prefix = `backlot_${randomBytes(4).toString('hex')}_`;
  private readonly names = new Map<string, string>();
  private count = 0;

  constructor(
    private readonly max: number,
    private readonly kind: 'q' | 'b',
  ) {}

  /** The text's name, or null past the cap. A name is one text's for the process's life (node-postgres insists). */
  nameOf(sql: string): string | null {
    const known = this.names.get(sql);
    if (known !== undefined || this.names.size >= this.max) return known ?? null;
    const name = `${this.prefix}${this.kind}${++this.count}`;
    this.names.set(sql, name);
    return name;
  }

  /** The next use of this text takes a fresh name, prepared anew on every connection. */
  forget(sql: string): void {
    this.names.delete(sql);
  }
}

interface PoolPreparing {
  queries: StatementNames;
  batches: StatementNames;
  /** Batch statements each connection has prepared (the server keeps them for the connection's life). */
  preparedOn: WeakMap<object, Set<string>>;
  onPoolerFound?: (err: unknown) => void;
}

/**
 * By the pool's knex config object: a transaction's client is a fresh object
 * made from the client class's prototype (knex's makeTxClient), sharing only
 * the config, so a method set on the pool's own client would miss every
 * query run in a transaction.
 */
const preparing = new WeakMap<object, PoolPreparing>();
const configOf = (knex: Knex | Knex.Transaction): object => (knex.client as { config: object }).config;
const PATCHED = Symbol('backlot.prepared-statements');

export function prepareStatements(knex: Knex, opts: PrepareStatementsOptions = {}): void {
  const max = opts.max ?? MAX_PREPARED_STATEMENTS;
  const pool: PoolPreparing = { queries: new StatementNames(max, 'q'), batches: new StatementNames(max, 'b'), preparedOn: new WeakMap(), ...(opts.onPoolerFound ? { onPoolerFound: opts.onPoolerFound } : {}) };
  preparing.set(configOf(knex), pool);
  // Once per client class, for every instance and transaction of it; pools without `prepareStatements` pass through.
  const proto = Object.getPrototypeOf(knex.client) as { _query: QueryFn; [PATCHED]?: true };
  if (proto[PATCHED]) return;
  const run = proto._query;
  proto[PATCHED] = true;
  const named: QueryFn = function (this: KnexClient, connection, obj) {
    const pool = preparing.get(this.config);
    if (!pool?.queries.on || !obj.bindings?.length || obj.options?.name !== undefined) return run.call(this, connection, obj);
    const sql = obj.sql;
    const name = pool.queries.nameOf(sql);
    if (name === null) return run.call(this, connection, obj);
    return run.call(this, connection, { ...obj, options: { ...obj.options, name } }).catch((err: unknown) => {
      noticeFailure(pool, err, () => pool.queries.forget(sql));
      throw err;
    });
  };
  proto._query = function (this: KnexClient, connection, obj) {
    const pool = preparing.get(this.config);
    if (!pool || typeof connection !== 'object' || connection === null) return named.call(this, connection, obj);
    if (!this.transacting) {
      // A connection back in the pool carries nothing of a transaction it served.
      beginPending.delete(connection);
      committedEarly.delete(connection);
      return named.call(this, connection, obj);
    }
    if (committedEarly.has(connection)) {
      committedEarly.delete(connection);
      // A message already ended the transaction (`thenCommit`): knex's own COMMIT, or the ROLLBACK of a
      // handler that failed after it, has nothing left to end. Anything else would run outside it.
      if (endsTransaction(obj.sql)) return answered(obj, obj.sql.startsWith('COMMIT') ? 'COMMIT' : 'ROLLBACK');
      return Promise.reject(new Error(`A statement came after its transaction was committed: ${obj.sql.slice(0, 80)}`));
    }
    if (obj.sql === 'BEGIN;' && pool.batches.on) {
      beginPending.add(connection);
      return answered(obj, 'BEGIN');
    }
    if (!beginPending.has(connection)) return named.call(this, connection, obj);
    beginPending.delete(connection);
    // Nothing ran yet: there is nothing to commit or roll back.
    if (endsTransaction(obj.sql)) return answered(obj, obj.sql.startsWith('COMMIT') ? 'COMMIT' : 'ROLLBACK');
    return beginWith(this, pool, connection as SimpleQueryConnection, obj, named);
  };
}

/** Connections (node-postgres clients) whose transaction's BEGIN waits to go out with its first statement. */
const beginPending = new WeakSet<object>();
/** Connections whose transaction a message of `sendTogether` committed: knex's COMMIT after it is answered here. */
const committedEarly = new WeakSet<object>();

interface KnexClient {
  config: object;
  /** Set on a transaction's client (knex's makeTxClient). */
  transacting?: boolean;
  raw(sql: string, bindings: readonly unknown[]): { toQuery(): string };
}

/** knex's own end of a transaction: its COMMIT, or a ROLLBACK (to a savepoint or not). */
function endsTransaction(sql: string): boolean {
  return sql === 'COMMIT;' || /^ROLLBACK\b/.test(sql);
}

/** Answers a statement that needs no message (a deferred BEGIN, the end of a transaction that ran nothing). */
function answered(obj: KnexQueryObject, command: string): Promise<KnexQueryObject> {
  obj.response = { command, rowCount: null, rows: [], fields: [] };
  return Promise.resolve(obj);
}

/**
 * The transaction's first statement, after its BEGIN in one message. A
 * statement with values runs as `EXECUTE` of the text prepared on this
 * connection (prepared once, in a message of its own, as `sendTogether`
 * does); one that cannot be (past the cap, knex options other than a name)
 * goes after a BEGIN of its own.
 */
async function beginWith(client: KnexClient, pool: PoolPreparing, connection: SimpleQueryConnection, obj: KnexQueryObject, named: QueryFn): Promise<KnexQueryObject> {
  const plain = obj.options === undefined || Object.keys(obj.options).every((k) => k === 'name');
  const statement = !plain ? null : obj.bindings?.length ? await executeOf(client, pool, connection, obj.sql, obj.bindings) : obj.sql;
  if (statement === null) {
    await connection.query('BEGIN');
    return named.call(client, connection, obj) as Promise<KnexQueryObject>;
  }
  let answer: unknown;
  try {
    answer = await connection.query(`BEGIN;\n${statement}`);
  } catch (err) {
    noticeFailure(pool, err, () => pool.batches.forget(obj.sql));
    throw err;
  }
  const rest = (Array.isArray(answer) ? answer : [answer]).slice(1);
  obj.response = rest.length === 1 ? rest[0] : rest;
  return obj;
}

/** `EXECUTE name(values)` of a statement text, prepared on this connection first if it is new there; null past the cap. */
async function executeOf(client: KnexClient, pool: PoolPreparing, connection: SimpleQueryConnection, sql: string, bindings: readonly unknown[]): Promise<string | null> {
  const name = pool.batches.nameOf(sql);
  if (name === null) return null;
  await prepareOn(pool, connection, [{ name, sql }]);
  return `EXECUTE ${name}(${client.raw(bindings.map(() => '?').join(', '), bindings).toQuery()})`;
}

/** PREPAREs, in one message of their own, the statements this connection has not prepared yet. */
async function prepareOn(pool: PoolPreparing, connection: SimpleQueryConnection, statements: readonly { name: string; sql: string }[]): Promise<void> {
  let prepared = pool.preparedOn.get(connection);
  if (!prepared) pool.preparedOn.set(connection, (prepared = new Set()));
  const toPrepare = statements.filter((p, i) => !prepared.has(p.name) && statements.findIndex((q) => q.name === p.name) === i);
  if (toPrepare.length === 0) return;
  try {
    await connection.query(toPrepare.map((p) => `PREPARE ${p.name} AS ${p.sql}`).join(';\n'));
  } catch (err) {
    for (const p of toPrepare) pool.batches.forget(p.sql);
    noticeFailure(pool, err, () => undefined);
    throw err;
  }
  for (const p of toPrepare) prepared.add(p.name);
}

/** A migration made a statement stale (it is renamed), or a pooler lost one (preparing stops). */
function noticeFailure(pool: PoolPreparing, err: unknown, forget: () => void): void {
  // A migration changed what the statement returns (`select *` of a table that gained a column) since this
  // connection prepared it: the next run takes a fresh name, prepared anew. The failed run is transient.
  if (isStalePlan(err)) forget();
  if (isLostToPooler(err) && (pool.queries.on || pool.batches.on)) {
    pool.queries.on = false;
    pool.batches.on = false;
    pool.onPoolerFound?.(err);
  }
}

/**
 * Runs queries (reads, or writes inside a transaction) and returns each
 * one's rows. On PostgreSQL they go as one message (the simple query
 * protocol runs several statements): a pull's ten reads of a few rows each
 * were ten round trips, and on two cores each round trip's socket work cost
 * the API more than the query (bench:central's profile: a fifth of an API
 * instance's CPU in the write of each statement). With `prepareStatements`
 * on, each is `EXECUTE` of a prepared statement, so it is not planned again
 * either; values are rendered by knex's own quoting. Given a transaction, the
 * message runs on its connection, in it (after its BEGIN, when that is still
 * waiting), and `thenCommit` commits it in the same message: the
 * transaction's work must be done, since knex's own COMMIT is then answered
 * without one (SQLite: the queries run, and knex commits as usual).
 */
export async function sendTogether(knex: Knex | Knex.Transaction, queries: readonly Knex.QueryBuilder[], opts: { thenCommit?: boolean } = {}): Promise<Row[][]> {
  const pg = (knex.client as { config?: { client?: unknown } }).config?.client === 'pg';
  const pool = preparing.get(configOf(knex));
  const topLevel = knex.isTransaction === true && !(knex as { parentTransaction?: unknown }).parentTransaction;
  if (!pg || (queries.length < 2 && !(opts.thenCommit && pool && topLevel))) {
    const rows: Row[][] = [];
    // In order: writes in a transaction depend on the ones before them.
    for (const q of queries) rows.push((await q) as Row[]);
    return rows;
  }
  // Straight to the driver: knex would read every `?` inside a quoted value as a placeholder. A transaction's
  // client hands out the transaction's own connection.
  const client = knex.client as unknown as { acquireConnection(): Promise<SimpleQueryConnection>; releaseConnection(c: SimpleQueryConnection): Promise<void> };
  const connection = await client.acquireConnection();
  try {
    const batch: Batch = pool?.batches.on ? await preparedBatch(knex, pool, connection, queries) : { statements: queries.map((q) => q.toQuery()), named: [] };
    const begin = beginPending.delete(connection) && knex.isTransaction === true;
    // A transaction nested in another (a savepoint) is not ended by COMMIT: its outer one would be.
    const commit = opts.thenCommit === true && pool !== undefined && topLevel;
    const statements = [...(begin ? ['BEGIN'] : []), ...batch.statements, ...(commit ? ['COMMIT'] : [])];
    let answer: { rows: Row[] } | { rows: Row[] }[];
    try {
      answer = await connection.query(statements.join(';\n'));
    } catch (err) {
      // Which statement went stale the error does not say: every text of the message takes a fresh name.
      if (pool) noticeFailure(pool, err, () => batch.named.forEach((sql) => pool.batches.forget(sql)));
      throw err;
    }
    if (commit) committedEarly.add(connection);
    const results = (Array.isArray(answer) ? answer : [answer]).slice(begin ? 1 : 0, commit ? -1 : undefined);
    if (results.length !== queries.length) throw new Error(`expected ${queries.length} results, got ${results.length}`);
    return results.map((r) => r.rows);
  } finally {
    await client.releaseConnection(connection);
  }
}

interface Batch {
  statements: string[];
  /** Texts the message runs by name. */
  named: string[];
}

/**
 * The statements that run the queries by name, after preparing on this
 * connection the ones it has not seen, in a message of their own (once per
 * connection and text). Apart, because a message stops at its first error:
 * prepared with the reads, which of them the server kept after a failure
 * would be unknown, and reading it back is not possible inside a failed
 * transaction. A failed PREPARE message renames its texts instead, so no name
 * is ever prepared twice on a connection.
 */
async function preparedBatch(knex: Knex | Knex.Transaction, pool: PoolPreparing, connection: SimpleQueryConnection, queries: readonly Knex.QueryBuilder[]): Promise<Batch> {
  const statements: string[] = [];
  const named: string[] = [];
  const toPrepare: { name: string; sql: string }[] = [];
  for (const q of queries) {
    const native = q.toSQL().toNative();
    const name = native.bindings.length > 0 ? pool.batches.nameOf(native.sql) : null;
    if (name === null) {
      statements.push(q.toQuery());
      continue;
    }
    named.push(native.sql);
    toPrepare.push({ name, sql: native.sql });
    const values = knex.raw(native.bindings.map(() => '?').join(', '), native.bindings as Knex.RawBinding[]).toQuery();
    statements.push(`EXECUTE ${name}(${values})`);
  }
  await prepareOn(pool, connection, toPrepare);
  return { statements, named };
}

/** A failure of a prepared statement itself, not of what it asked: running it again (renamed, or unprepared) succeeds. */
export function isNamedStatementFailure(err: unknown): boolean {
  return isStalePlan(err) || isLostToPooler(err);
}

/** The server connection a pooler chose has not prepared this name (26000), or prepared it for another client (42P05). */
function isLostToPooler(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '26000' || code === '42P05';
}

/** PostgreSQL refuses to run a prepared statement whose result columns a schema change altered (`0A000`). */
function isStalePlan(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown } | null;
  return e?.code === '0A000' && typeof e.message === 'string' && e.message.includes('cached plan must not change result type');
}
