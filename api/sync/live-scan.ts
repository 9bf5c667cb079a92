/**
 * Whose changes committed in a version window (issue 18 live changes).
 *
 * One query reads, for the versions in (after, upTo], which scopes the
 * written rows belong to, as keys with the highest version seen for each:
 * - `d:<DC>`      a packing scope: shipments, discs, barcodes, label events, tombstones of that DC;
 * - `s:<station>` a desk that subscribed to a customer whose rows changed, or whose subscriptions changed;
 * - `c:<station>` a station's own conflicts and rejections (kept per client; every client names its station);
 * - `g`           reference data every station holds (titles, distribution centers).
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
];

const REFERENCE_TABLES = ['distribution_centers', 'titles'] as const;

function windowSql(): string {
  const w = (alias: string, column = 'server_version') => `${alias}.${column} > ? AND ${alias}.${column} <= ?`;
  const parts: string[] = [
    `SELECT 'd' AS k, t.dc AS v, MAX(t.server_version) AS at FROM shipments t WHERE ${w('t')} GROUP BY t.dc`,
    `SELECT 'd', t.home_dc, MAX(t.server_version) FROM discs t WHERE ${w('t')} GROUP BY t.home_dc`,
    `SELECT 'd', d.home_dc, MAX(t.server_version) FROM disc_barcodes t JOIN discs d ON d.id = t.disc_id WHERE ${w('t')} GROUP BY d.home_dc`,
    `SELECT 'd', s.dc, MAX(t.server_version) FROM label_events t JOIN shipments s ON s.id = t.shipment_id WHERE ${w('t')} GROUP BY s.dc`,
    ...REFERENCE_TABLES.map((table) => `SELECT 'g', '', MAX(t.server_version) FROM ${table} t WHERE ${w('t')}`),
    ...CUSTOMER_COLUMNS.map(
      ([table, column]) =>
        `SELECT 's', sub.station_id, MAX(t.server_version) FROM ${table} t JOIN sync_subscriptions sub ON sub.customer_id = t.${column} AND sub.ended_at IS NULL WHERE ${w('t')} GROUP BY sub.station_id`,
    ),
    `SELECT 'd', t.dc, MAX(t.version) FROM sync_tombstones t WHERE ${w('t', 'version')} AND t.dc IS NOT NULL GROUP BY t.dc`,
    `SELECT 's', sub.station_id, MAX(t.version) FROM sync_tombstones t JOIN sync_subscriptions sub ON sub.customer_id = t.customer_id AND sub.ended_at IS NULL WHERE ${w('t', 'version')} GROUP BY sub.station_id`,
    `SELECT 'g', '', MAX(t.version) FROM sync_tombstones t WHERE ${w('t', 'version')} AND t.table_name IN (${REFERENCE_TABLES.map((r) => `'${r}'`).join(', ')})`,
    `SELECT 'c', t.station_id, MAX(t.server_version) FROM sync_conflicts t WHERE ${w('t')} GROUP BY t.station_id`,
    `SELECT 'c', t.station_id, MAX(t.server_version) FROM sync_rejections t WHERE ${w('t')} GROUP BY t.station_id`,
    `SELECT 's', t.station_id, MAX(t.server_version) FROM sync_subscriptions t WHERE ${w('t')} GROUP BY t.station_id`,
  ];
  return parts.join('\nUNION ALL\n');
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

/** The keys a station's pull scope listens to: what `changedKeys` may name for it. */
export function scopeKeys(scope: { distributionCenter: string | null; customers: boolean }, stationId: string): string[] {
  const keys = ['g', `c:${stationId}`];
  if (scope.distributionCenter) keys.push(`d:${scope.distributionCenter}`);
  if (scope.customers) keys.push(`s:${stationId}`);
  return keys;
}
