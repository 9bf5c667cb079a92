/**
 * Row-at-a-time statements for the station's optimistic mutations (a scan
 * runs a dozen of them in one transaction): the SQL is built once per table
 * and column set, prepared once per connection (`prepared.ts`) and bound per
 * call, instead of knex building and preparing it again every time.
 * Table and column names come from the mutators and `SYNCED_TABLES`, never
 * from input; they are still checked to be plain identifiers.
 */
import type { Knex } from 'knex';
import { preparedFirst, preparedRun } from './prepared';

type Row = Record<string, unknown>;
type Db = Knex | Knex.Transaction;

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
