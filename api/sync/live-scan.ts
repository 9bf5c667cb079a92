/**
 * Whose screens a committed version window touches (issue 18 live changes).
 *
 * One query reads, for the versions in (after, upTo], which stations have the
 * written rows in hand, as keys with the highest version seen for each:
 * - `k:<station>` a packing station's claimed orders (the pack queue): the
 *   shipment, and its label events (a cancellation, a void or a reprint
 *   elsewhere);
 * - `s:<station>` a desk that opened a customer whose rows changed (the 360),
 *   or whose own subscriptions changed;
 * - `c:<station>` a station's own conflicts and rejections (kept per client;
 *   every client names its station);
 * - `g`           reference data every station holds (titles, distribution centers).
 *
 * Deliberately not every row of a station's scope: the rest of a
 * distribution center's orders and discs (another packer's pack, a new
 * allocation) changes several times a second in a busy building, shows on
 * no screen of a station that did not claim it, and waking its 80 stations
 * for each would make them pull back to back; it reaches their caches with
 * any pull, and at the latest with the 10 s poll. (A screen that shows the
 * whole floor would listen to its DC as well; see docs/scaling.md.)
 *
 * The window is read from the version indexes only (every pulled table has
 * one), so it costs a few index range scans however large the database.
 * Knex raw SQL, not prepared statements: it runs once per window per API
 * instance, not per station.
 */
import type { Knex } from 'knex';

/** Tables in a desk's customer scope and the column naming their customer (core/sync/scopes CUSTOMER_TABLES). */
const CUSTOMER_COLUMNS: readonly (readonly [table: string, column: string])[] = [
  ['customers', 'id'],
  ['addresses', 'customer_id'],
  ['payment_methods', 'customer_id'],
  ['preferences', 'customer_id'],
  ['consent_events', 'customer_id'],
  ['shipments', 'customer_id'],
  ['charges', 'customer_id'],
  ['rental_queue', 'customer_id'],
  ['reviews', 'customer_id'],
  ['customer_notes', 'customer_id'],
  ['order_problems', 'customer_id'],
];

const REFERENCE_TABLES = ['distribution_centers', 'titles'] as const;

function windowSql(): string {
  const w = (alias: string, column = 'server_version') => `${alias}.${column} > ? AND ${alias}.${column} <= ?`;
  // The two busiest tables' windows are read first, from their version indexes alone, and fenced (MATERIALIZED, on
  // both databases): left to the planner, whose statistics do not know how many orders are claimed right now, the
  // claimed-order parts started from every claimed order (3,460 at 200 stations: 10 ms a read, a core's fifth at
  // 80 reads a second) instead of the window's few rows.
  const windows = [
    `win_shipments AS MATERIALIZED (SELECT t.id, t.claimed_by, t.customer_id, t.server_version FROM shipments t WHERE ${w('t')})`,
    // The order's claim per label event by its primary key: a join let the planner start from the claimed orders again.
    `win_labels AS MATERIALIZED (SELECT t.server_version, (SELECT s.claimed_by FROM shipments s WHERE s.id = t.shipment_id) AS claimed_by FROM label_events t WHERE ${w('t')})`,
  ];
  const windowOf = (table: string) => (table === 'shipments' ? 'win_shipments' : table);
  const parts: string[] = [
    `SELECT 'k' AS k, t.claimed_by AS v, MAX(t.server_version) AS at FROM win_shipments t WHERE t.claimed_by IS NOT NULL GROUP BY t.claimed_by`,
    `SELECT 'k', t.claimed_by, MAX(t.server_version) FROM win_labels t WHERE t.claimed_by IS NOT NULL GROUP BY t.claimed_by`,
    ...REFERENCE_TABLES.map((table) => `SELECT 'g', '', MAX(t.server_version) FROM ${table} t WHERE ${w('t')}`),
    ...CUSTOMER_COLUMNS.map(([table, column]) => {
      const inWindow = table === 'shipments' ? '' : ` WHERE ${w('t')}`;
      return `SELECT 's', sub.station_id, MAX(t.server_version) FROM ${windowOf(table)} t JOIN sync_subscriptions sub ON sub.customer_id = t.${column} AND sub.ended_at IS NULL${inWindow} GROUP BY sub.station_id`;
    }),
    `SELECT 's', sub.station_id, MAX(t.version) FROM sync_tombstones t JOIN sync_subscriptions sub ON sub.customer_id = t.customer_id AND sub.ended_at IS NULL WHERE ${w('t', 'version')} GROUP BY sub.station_id`,
    `SELECT 'g', '', MAX(t.version) FROM sync_tombstones t WHERE ${w('t', 'version')} AND t.table_name IN (${REFERENCE_TABLES.map((r) => `'${r}'`).join(', ')})`,
    `SELECT 'c', t.station_id, MAX(t.server_version) FROM sync_conflicts t WHERE ${w('t')} GROUP BY t.station_id`,
    `SELECT 'c', t.station_id, MAX(t.server_version) FROM sync_rejections t WHERE ${w('t')} GROUP BY t.station_id`,
    `SELECT 's', t.station_id, MAX(t.server_version) FROM sync_subscriptions t WHERE ${w('t')} GROUP BY t.station_id`,
  ];
  return `WITH ${windows.join(',\n')}\n${parts.join('\nUNION ALL\n')}`;
}

const WINDOW_SQL = windowSql();
const WINDOW_PARAMS = (WINDOW_SQL.match(/\?/g) ?? []).length / 2;

/** The scope keys touched in (after, upTo], each with the highest version that touched it. */
export async function changedKeys(knex: Knex, after: number, upTo: number): Promise<Map<string, number>> {
  const keys = new Map<string, number>();
  if (upTo <= after) return keys;
  const params: number[] = [];
  for (let i = 0; i < WINDOW_PARAMS; i++) params.push(after, upTo);
  const result = (await knex.raw(WINDOW_SQL, params)) as { rows?: Row[] } | Row[];
  const rows = Array.isArray(result) ? result : (result.rows ?? []);
  for (const r of rows) {
    if (r.at === null || r.at === undefined || r.v === null || r.v === undefined) continue;
    const key = r.k === 'g' ? 'g' : `${r.k}:${r.v}`;
    const at = Number(r.at);
    if (at > (keys.get(key) ?? 0)) keys.set(key, at);
  }
  return keys;
}

interface Row {
  k: string;
  v: string | null;
  at: number | string | null;
}

/** The keys a station listens to with its scope: what `changedKeys` may name for it. */
export function scopeKeys(scope: { distributionCenter: string | null; customers: boolean }, stationId: string): string[] {
  const keys = ['g', `c:${stationId}`];
  if (scope.distributionCenter) keys.push(`k:${stationId}`);
  if (scope.customers) keys.push(`s:${stationId}`);
  return keys;
}
