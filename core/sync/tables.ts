/**
 * Which shared tables take part in sync, and how a row of each is named and
 * typed on the wire (DESIGN §4). Pure data over `SHARED_TABLES`, so the
 * central API, the station cache and the tests agree on keys and columns.
 *
 * - Every pulled table carries a `server_version` column on both sides: the
 *   central version counter at the row's last write (the pull cursor pages by
 *   it; a station's edits carry it as the base version they saw).
 * - `audit_log` and `scan_mismatches` are push-only: stations append facts,
 *   the server keeps them; they are never pulled and a station never rolls one back.
 */
import { SHARED_TABLES, type ColumnType, type TableSpec } from '../data/tables';

export const PULLED_TABLES = [
  'distribution_centers',
  'titles',
  'discs',
  'disc_barcodes',
  'customers',
  'addresses',
  'payment_methods',
  'preferences',
  'consent_events',
  'rental_queue',
  'shipments',
  'label_events',
  'charges',
  'reviews',
  'customer_notes',
  'order_problems',
] as const;
export type PulledTable = (typeof PULLED_TABLES)[number];

/** Tables a mutator may write. */
export const APPEND_ONLY_TABLES = ['audit_log', 'scan_mismatches'] as const;
export type WritableTable = PulledTable | (typeof APPEND_ONLY_TABLES)[number];

/** Station-private streams the server sends alongside the rows: its conflicts and its rejected mutations. */
export const PRIVATE_STREAMS = ['sync_conflicts', 'sync_rejections'] as const;
export type PrivateStream = (typeof PRIVATE_STREAMS)[number];

export const SERVER_VERSION = 'server_version';

export type Row = Record<string, unknown>;
export type RowKey = Record<string, string | number>;

export interface SyncedTableSpec {
  name: WritableTable;
  key: readonly string[];
  /** Shared columns plus `server_version` for pulled tables. */
  columns: readonly string[];
  types: Readonly<Record<string, ColumnType>>;
  /** Appended at the station, pushed, never pulled back and never undone there (audit facts stay true). */
  appendOnly: boolean;
  /** Rows that leave a station with a row of this table (the label events of a shipment that left its scope). */
  children: readonly { table: PulledTable; column: string }[];
}

const CHILDREN: Partial<Record<WritableTable, SyncedTableSpec['children']>> = {
  shipments: [{ table: 'label_events', column: 'shipment_id' }],
  discs: [{ table: 'disc_barcodes', column: 'disc_id' }],
};

function specFor(name: WritableTable): SyncedTableSpec {
  const shared: TableSpec | undefined = (SHARED_TABLES as readonly TableSpec[]).find((t) => t.name === name);
  if (!shared) throw new Error(`SHARED_TABLES has no table "${name}"`);
  const key = shared.primaryKey ?? shared.columns.filter((c) => c.primary).map((c) => c.name);
  const appendOnly = (APPEND_ONLY_TABLES as readonly string[]).includes(name);
  const types: Record<string, ColumnType> = Object.fromEntries(shared.columns.map((c) => [c.name, c.type]));
  if (!appendOnly) types[SERVER_VERSION] = 'bigint';
  return {
    name,
    key,
    columns: Object.keys(types),
    types,
    appendOnly,
    children: CHILDREN[name] ?? [],
  };
}

export const SYNCED_TABLES: Readonly<Record<WritableTable, SyncedTableSpec>> = Object.fromEntries(
  [...PULLED_TABLES, ...APPEND_ONLY_TABLES].map((name) => [name, specFor(name)]),
) as Record<WritableTable, SyncedTableSpec>;

export function isPulledTable(name: string): name is PulledTable {
  return (PULLED_TABLES as readonly string[]).includes(name);
}

/**
 * One value shape on both databases: SQLite answers booleans as 1/0 and
 * PostgreSQL answers bigint as text, so every row is normalised before a
 * mutator reads it or the wire carries it.
 */
export function normalizeValue(type: ColumnType | undefined, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  switch (type) {
    case 'boolean':
      return value === true || value === 1 || value === '1' || value === 't' || value === 'true';
    case 'integer':
    case 'bigint':
    case 'increments':
    case 'real':
      return typeof value === 'number' ? value : Number(value);
    default:
      return value;
  }
}

/** Keeps only the table's known columns (a newer server may send more) and normalises their values. */
export function normalizeRow(table: WritableTable, row: Row): Row {
  const spec = SYNCED_TABLES[table];
  const out: Row = {};
  for (const col of spec.columns) {
    if (col in row) out[col] = normalizeValue(spec.types[col], row[col]);
  }
  return out;
}

export function keyOf(table: WritableTable, row: Row): RowKey {
  const spec = SYNCED_TABLES[table];
  const key: RowKey = {};
  for (const col of spec.key) {
    const value = row[col];
    if (typeof value !== 'string' && typeof value !== 'number') throw new Error(`${table} row has no ${col} key`);
    key[col] = value;
  }
  return key;
}

/** `5` or `5|12` (composite keys in key-column order): the text form used in base versions, field versions and tombstones. */
export function keyString(table: WritableTable, key: RowKey): string {
  return SYNCED_TABLES[table].key.map((col) => String(key[col])).join('|');
}

export function parseKeyString(table: WritableTable, text: string): RowKey {
  const spec = SYNCED_TABLES[table];
  const parts = text.split('|');
  const key: RowKey = {};
  spec.key.forEach((col, i) => {
    const raw = parts[i] ?? '';
    const type = spec.types[col];
    key[col] = type === 'text' ? raw : Number(raw);
  });
  return key;
}

/** The entry name of a row in a mutation's base versions: `customers:5`. */
export function baseVersionKey(table: WritableTable, key: RowKey): string {
  return `${table}:${keyString(table, key)}`;
}
