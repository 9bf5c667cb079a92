/**
 * Row-at-a-time statements for the station's optimistic mutations (a scan
 * runs a dozen of them in one transaction): the SQL is built once per table
 * and column set, prepared once per connection (`prepared.ts`) and bound per
 * call, instead of knex building and preparing it again every time. Every
 * statement a mutation runs is here, so a mutation runs the same on a knex
 * transaction and on a write transaction (`inWriteTransaction`).
 * Table and column names come from the mutators and `SYNCED_TABLES`, never
 * from input; they are still checked to be plain identifiers.
 */
import { preparedAll, preparedFirst, preparedRun, type Db } from './prepared';

type Row = Record<string, unknown>;

const sqlCache = new Map<string, string>();

function ident(name: string): string {
  if (!/^[a-z_][a-z0-9_]*$/i.test(name)) throw new Error(`not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}

function cached(key: string, build: () => string): string {
  let sql = sqlCache.get(key);
  if (sql === undefined) sqlCache.set(key, (sql = build()));
  return sql;
}

/** Columns with a value: an undefined field is left to its default, as knex does with `useNullAsDefault`. */
function defined(row: Row): string[] {
  return Object.keys(row).filter((k) => row[k] !== undefined).sort();
}

/** SQLite binds booleans as 0/1 and takes text for the rest; knex did the same. */
function bind(value: unknown): unknown {
  return typeof value === 'boolean' ? (value ? 1 : 0) : value;
}

export async function selectRowByKey(db: Db, table: string, key: Row): Promise<Row | undefined> {
  const cols = Object.keys(key).sort();
  const sql = cached(`s|${table}|${cols.join(',')}`, () => `SELECT * FROM ${ident(table)} WHERE ${cols.map((c) => `${ident(c)} = ?`).join(' AND ')} LIMIT 1`);
  return preparedFirst(db, sql, cols.map((c) => bind(key[c])));
}

/**
 * Rows matching every column of `where` (a null matches NULL, as knex's
 * `where({ col: null })` did), in the order of `orderBy`.
 */
export async function selectRowsWhere(db: Db, table: string, where: Row, orderBy: readonly string[], limit?: number): Promise<Row[]> {
  const cols = Object.keys(where).sort();
  for (const c of cols) if (where[c] === undefined) throw new Error(`${table}.${c}: a lookup by an undefined value`);
  const isNull = cols.map((c) => where[c] === null);
  const sql = cached(`w|${table}|${cols.map((c, i) => (isNull[i] ? `${c}:null` : c)).join(',')}|${orderBy.join(',')}|${limit === undefined ? '' : 'limit'}`, () => {
    const conditions = cols.map((c, i) => (isNull[i] ? `${ident(c)} IS NULL` : `${ident(c)} = ?`));
    return `SELECT * FROM ${ident(table)}${conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : ''}${orderBy.length > 0 ? ` ORDER BY ${orderBy.map(ident).join(', ')}` : ''}${limit === undefined ? '' : ' LIMIT ?'}`;
  });
  const params = cols.filter((_, i) => !isNull[i]).map((c) => bind(where[c]));
  if (limit !== undefined) params.push(limit);
  return preparedAll(db, sql, params);
}

export async function insertRow(db: Db, table: string, row: Row, onConflict?: { key: readonly string[]; then: 'ignore' | 'merge' }): Promise<void> {
  const cols = defined(row);
  const conflictKey = onConflict ? `${onConflict.then}:${onConflict.key.join(',')}` : '';
  const sql = cached(`i|${table}|${cols.join(',')}|${conflictKey}`, () => {
    const base = `INSERT INTO ${ident(table)} (${cols.map(ident).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`;
    if (!onConflict) return base;
    const target = `ON CONFLICT (${onConflict.key.map(ident).join(', ')})`;
    if (onConflict.then === 'ignore') return `${base} ${target} DO NOTHING`;
    return `${base} ${target} DO UPDATE SET ${cols.map((c) => `${ident(c)} = excluded.${ident(c)}`).join(', ')}`;
  });
  await preparedRun(db, sql, cols.map((c) => bind(row[c])));
}

export async function updateRowByKey(db: Db, table: string, key: Row, fields: Row): Promise<number> {
  const set = defined(fields);
  if (set.length === 0) return 0;
  const where = Object.keys(key).sort();
  const sql = cached(`u|${table}|${set.join(',')}|${where.join(',')}`, () => `UPDATE ${ident(table)} SET ${set.map((c) => `${ident(c)} = ?`).join(', ')} WHERE ${where.map((c) => `${ident(c)} = ?`).join(' AND ')}`);
  return preparedRun(db, sql, [...set.map((c) => bind(fields[c])), ...where.map((c) => bind(key[c]))]);
}

export async function deleteRowByKey(db: Db, table: string, key: Row): Promise<number> {
  const where = Object.keys(key).sort();
  const sql = cached(`d|${table}|${where.join(',')}`, () => `DELETE FROM ${ident(table)} WHERE ${where.map((c) => `${ident(c)} = ?`).join(' AND ')}`);
  return preparedRun(db, sql, where.map((c) => bind(key[c])));
}
