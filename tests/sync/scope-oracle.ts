/**
 * What a station should hold, computed straight from the central database
 * with plain queries (not with the pull code under test): the fault suite
 * compares every station's cache with this.
 */
import type { Knex } from 'knex';
import type { Role } from '../../core/roles';
import { CUSTOMER_TABLES, scopeFor, stationCopy } from '../../core/sync/scopes';
import { STATION_HELD_STATUSES } from '../../core/sync/shipment-status';
import { normalizeRow, PULLED_TABLES, SYNCED_TABLES, type PulledTable, type Row } from '../../core/sync/tables';

export async function expectedRows(central: Knex, table: PulledTable, station: { stationId: string; dc: string; role: Role }): Promise<Row[]> {
  const scope = scopeFor(station.role, station.dc);
  const cols = [...SYNCED_TABLES[table].columns];
  const subs = () => central('sync_subscriptions').where({ station_id: station.stationId }).whereNull('ended_at').select('customer_id');
  const heldShipments = () => central('shipments').where({ dc: station.dc }).whereIn('status', STATION_HELD_STATUSES as string[]).select('id');
  const parts: Knex.QueryBuilder[] = [];
  if (table === 'distribution_centers' || table === 'titles') parts.push(central(table).select(cols));
  if (scope.distributionCenter) {
    if (table === 'discs') parts.push(central(table).select(cols).where({ home_dc: station.dc }));
    if (table === 'disc_barcodes') parts.push(central(table).select(cols).whereIn('disc_id', central('discs').where({ home_dc: station.dc }).select('id')));
    if (table === 'shipments') parts.push(central(table).select(cols).whereIn('id', heldShipments()));
    if (table === 'label_events') parts.push(central(table).select(cols).whereIn('shipment_id', heldShipments()));
  }
  if (scope.customers && CUSTOMER_TABLES.includes(table)) {
    parts.push(central(table).select(cols).whereIn(table === 'customers' ? 'id' : 'customer_id', subs()));
  }
  const seen = new Map<string, Row>();
  for (const q of parts) for (const row of (await q) as Row[]) seen.set(canonical(table, row, true), stationCopy(table, normalizeRow(table, row)));
  return sortRows(table, [...seen.values()]);
}

export async function stationRows(knex: Knex, table: PulledTable): Promise<Row[]> {
  const rows = (await knex(table).select([...SYNCED_TABLES[table].columns])) as Row[];
  return sortRows(table, rows.map((r) => normalizeRow(table, r)));
}

function canonical(table: PulledTable, row: Row, keyOnly = false): string {
  const spec = SYNCED_TABLES[table];
  return JSON.stringify((keyOnly ? spec.key : spec.columns).map((c) => row[c] ?? null));
}

function sortRows(table: PulledTable, rows: Row[]): Row[] {
  return rows.sort((a, b) => (canonical(table, a, true) < canonical(table, b, true) ? -1 : 1));
}

/** Tables whose station copy differs from the oracle, with a sample of the difference. */
export async function divergence(central: Knex, knex: Knex, station: { stationId: string; dc: string; role: Role }): Promise<Record<string, { expected: number; actual: number; sample: unknown }>> {
  const out: Record<string, { expected: number; actual: number; sample: unknown }> = {};
  for (const table of PULLED_TABLES) {
    const expected = await expectedRows(central, table, station);
    const actual = await stationRows(knex, table);
    const e = new Set(expected.map((r) => canonical(table, r)));
    const a = new Set(actual.map((r) => canonical(table, r)));
    const missing = [...e].filter((x) => !a.has(x));
    const extra = [...a].filter((x) => !e.has(x));
    if (missing.length || extra.length) out[table] = { expected: expected.length, actual: actual.length, sample: { missing: missing.slice(0, 2), extra: extra.slice(0, 2) } };
  }
  return out;
}
