/**
 * POST /v1/sync/pull: what changed in a station's scope since its cursor,
 * paged by the server version counter (DESIGN §4).
 *
 * The cursor is opaque to the station and carries:
 * - `v`: every change in scope up to this version has been delivered;
 * - `s`: the scope it was built for (another scope answers `resync`);
 * - during a full sync, `t`: the counter value when that sync started. A full
 *   sync streams only rows in scope now with versions in (v, t], so an
 *   interrupted initial sync resumes where it stopped and needs no deletes;
 *   once it reaches t the cursor becomes `{v: t}` and incremental pulls follow.
 *   It reads one table after another (`b`: the table it is on, `p`: the last
 *   version sent from it), not all tables merged in version order: a page then
 *   reads only the rows it sends, where a merge reads a page's worth of every
 *   table to pick the lowest versions.
 *
 * Incremental pulls stream, in version order, rows in (v, V] that are in scope
 * or were (a shipment that was shipped is sent as a delete, evicting it),
 * tombstones of deleted rows, the station's own conflicts and rejections, and,
 * for each customer the desk subscribed to since v, all of that customer's
 * rows as one group stamped with the subscription's version.
 *
 * V, the top of the window, is read *after* the client's last mutation id, so
 * the pushes that ledger counts have committed. On PostgreSQL V also stops
 * below any writer still in flight, which may have begun before the last push
 * and so lie below its rows: the page acknowledges the ledger only when the
 * push's own last version is at or below V (`coversLedger`), else nothing
 * (`lastMutationId` null). A station that took an acknowledgment V does not
 * cover would drop a mutation whose rejection lies above V, and never show it.
 */
import type { Knex } from 'knex';
import type { Role } from '../../core/roles';
import type { Change, PullResponse } from '../../core/sync/protocol';
import { CUSTOMER_TABLES, scopeFor, scopeSignature, stationCopy, tablesInScope } from '../../core/sync/scopes';
import { isPulledTable, keyOf, normalizeRow, parseKeyString, SYNCED_TABLES, type PulledTable, type Row } from '../../core/sync/tables';
import type { AuthenticatedStation } from '../station/stations';
import { assertOwnClient } from './push';
import { sendTogether } from '../../platform/prepared-statements';
import { scopeClauses, whereAny, type ScopeClause, type ScopeContext } from './scopes';
import { prunedThroughOf, prunedThroughQuery } from './tombstones';
import { committedVersion, coversLedger, dialectOf } from './versioning';
import { SharedWindows, type SharedWindowOptions } from './shared-window';

interface Cursor {
  v: number;
  s: string;
  /** Full sync in progress: its target version. */
  t?: number;
  /** Full sync: estimated rows at its start, and rows sent so far. */
  n?: number;
  k?: number;
  /** Full sync: index of the table being read, and the last version sent from it (both default to the start). */
  b?: number;
  p?: number;
}

interface Item {
  version: number;
  changes: Change[];
}

interface Source {
  items: Item[];
  /** The source had more rows in the window than were fetched. */
  truncated: boolean;
}

export interface PullInput {
  station: AuthenticatedStation;
  role: Role;
  clientId: string;
  cursor: string | null;
  limit: number;
  /** This instance's shared reads of packing stations' scopes; without it every pull reads the database itself. */
  windows?: PackingWindows;
}

/** Per distribution center, the stream every packing station of it pulls (shared-window.ts). */
export type PackingWindows = SharedWindows<Item>;

/** Rows read per source by one extension of a shared window (a longer stretch is read in several). */
const WINDOW_FETCH = 2_000;

export function packingWindows(knex: Knex, opts: SharedWindowOptions = {}): PackingWindows {
  return new SharedWindows<Item>(async (dc, after, upTo) => {
    const ctx: ScopeContext = { scope: { distributionCenter: dc, customers: false }, stationId: '', subscribedUpTo: upTo, subscribed: new Set(), knex };
    const sources = await windowSources(knex, ctx, scopeClauses(ctx), null, after, upTo, WINDOW_FETCH);
    // A source that stopped at its limit was read completely only up to its last row.
    let through = upTo;
    for (const s of sources) if (s.truncated) through = Math.min(through, s.items[s.items.length - 1]!.version);
    const items = sources.flatMap((s) => s.items).filter((i) => i.version <= through);
    return { items: items.sort((a, b) => a.version - b.version), through };
  }, opts);
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify(c)).toString('base64url');
}

export function decodeCursor(text: string): Cursor | null {
  try {
    const c = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Partial<Cursor>;
    const isCount = (x: unknown) => x === undefined || (Number.isSafeInteger(x) && (x as number) >= 0);
    if (!Number.isSafeInteger(c.v) || (c.v as number) < 0 || typeof c.s !== 'string' || !isCount(c.t) || !isCount(c.n) || !isCount(c.k) || !isCount(c.b) || !isCount(c.p)) return null;
    return c as Cursor;
  } catch {
    return null;
  }
}

export async function buildPull(knex: Knex, input: PullInput): Promise<PullResponse> {
  const { station, clientId, limit } = input;
  const scope = scopeFor(input.role, station.distributionCenter);
  const signature = scopeSignature(scope);

  // The ledger is read before the counter (see the module comment); the pruning mark only before the tombstones.
  const [clients, prunedRows] = await sendTogether(knex, [
    knex('sync_clients').where({ client_id: clientId }).select('station_id', 'last_mutation_id', 'ledger_version', 'client_id').limit(1),
    prunedThroughQuery(knex),
  ]);
  const client = clients![0] as { client_id: string; station_id: string; last_mutation_id: string; ledger_version: string | number | null } | undefined;
  assertOwnClient(client, station);
  const ledger = client?.last_mutation_id || null;
  const { top, counter } = await committedVersion(knex);
  const lastMutationId = coversLedger(top, client?.ledger_version) ? ledger : null;
  const pruned = prunedThroughOf(prunedRows!);

  let cursor: Cursor;
  if (input.cursor === null) {
    cursor = { v: 0, s: signature, t: top, k: 0 };
  } else {
    const decoded = decodeCursor(input.cursor);
    if (!decoded) return { resync: true, reason: 'The sync position is unreadable.' };
    if (decoded.s !== signature) return { resync: true, reason: 'The data this station may hold changed with the signed-in role.' };
    if (decoded.v > counter || (decoded.t ?? 0) > counter) {
      return { resync: true, reason: 'The sync position is ahead of the central database (restored from a backup?).' };
    }
    if (decoded.t === undefined && decoded.v > top) {
      // An earlier read (here or at another API instance) handed out a higher top than this one: a writer that had
      // read the counter but not yet announced itself then holds this top lower. Nothing new to send yet; the
      // station holds everything up to its cursor, so a ledger its cursor covers is acknowledged.
      const held = coversLedger(decoded.v, client?.ledger_version) ? ledger : null;
      return { changes: [], lastMutationId: held, cursor: input.cursor, hasMore: false, initial: false };
    }
    if ((decoded.t ?? decoded.v) < pruned) return { resync: true, reason: 'This station was away longer than deletions are kept.' };
    cursor = decoded;
  }

  const full = cursor.t !== undefined;
  const lo = cursor.v;
  const hi = full ? cursor.t! : top;
  const subscribed = scope.customers ? await subscribedCustomers(knex, station.id, hi) : new Set<number>();
  const ctx: ScopeContext = { scope, stationId: station.id, subscribedUpTo: hi, subscribed, knex };
  const clauses = scopeClauses(ctx);
  if (full && cursor.n === undefined) cursor = { ...cursor, n: await estimateRows(knex, clauses, hi) };

  if (full) {
    const page = await fullSyncPage(fullSyncSources(knex, clauses, clientId), cursor, limit);
    const sent = (cursor.k ?? 0) + page.changes.length;
    if (page.done) {
      return { changes: page.changes, lastMutationId, cursor: encodeCursor({ v: hi, s: signature }), hasMore: top > hi, initial: true, remaining: 0 };
    }
    return {
      changes: page.changes,
      lastMutationId,
      cursor: encodeCursor({ v: lo, s: signature, t: hi, n: cursor.n ?? 0, k: sent, b: page.table, p: page.position }),
      hasMore: true,
      initial: true,
      remaining: Math.max(0, (cursor.n ?? 0) - sent),
    };
  }

  const fetch = limit + 1;
  // A packing station's scope is its DC's, the same for every station there: read once per instance for all of them.
  input.windows?.forgetAbove(counter);
  const shared = !scope.customers && scope.distributionCenter && input.windows ? await input.windows.slice(scope.distributionCenter, lo, hi, fetch) : null;
  const sources: Source[] = shared
    ? [{ items: shared.items, truncated: shared.truncated }, ...(await windowSources(knex, ctx, null, clientId, lo, hi, fetch))]
    : await windowSources(knex, ctx, clauses, clientId, lo, hi, fetch);

  const all = sources.flatMap((s) => s.items).sort((a, b) => a.version - b.version);
  const taken: Item[] = [];
  let count = 0;
  for (const item of all) {
    if (count >= limit || taken.length >= limit) break;
    taken.push(item);
    count += item.changes.length;
  }
  // Fewer than `fetch` items are ever taken, so a truncated source always leaves one behind.
  const complete = taken.length === all.length && !sources.some((s) => s.truncated);
  const changes = taken.flatMap((i) => i.changes);
  const reached = complete ? hi : taken[taken.length - 1]!.version;
  return { changes, lastMutationId, cursor: encodeCursor({ v: reached, s: signature }), hasMore: !complete, initial: false };
}

/**
 * What an incremental pull reads in (lo, hi], read together: with `clauses`,
 * the scope's tables, tombstones and, at a desk, its subscriptions; with a
 * client, that client's own conflicts and rejections.
 */
async function windowSources(
  knex: Knex,
  ctx: ScopeContext,
  clauses: Map<PulledTable, ScopeClause[]> | null,
  clientId: string | null,
  lo: number,
  hi: number,
  fetch: number,
): Promise<Source[]> {
  const tables = [...(clauses ?? [])];
  const own = clientId === null ? [] : PRIVATE_TABLES;
  const results = await sendTogether(knex, [
    ...tables.map(([table, tableClauses]) => scopedRowsQuery(knex, table, tableClauses, 'broad', lo, hi, fetch)),
    ...(clauses ? [tombstonesQuery(knex, ctx, lo, hi, fetch)] : []),
    ...own.map((table) => privateRowsQuery(knex, table, clientId!, lo, hi, fetch)),
  ]);
  const sources: Source[] = [];
  let i = 0;
  for (const [table, tableClauses] of tables) sources.push(await tableSource(knex, table, tableClauses, results[i++]!.map((raw) => normalizeRow(table, raw)), fetch));
  if (clauses) sources.push(await tombstoneSource(knex, clauses, results[i++] as unknown as TombstoneRow[], fetch));
  for (const table of own) sources.push(privateSource(table, results[i++]!, fetch));
  if (clauses && ctx.scope.customers) sources.push(await subscriptionGroups(knex, ctx.stationId, clauses, lo, hi, fetch));
  return sources;
}

async function subscribedCustomers(knex: Knex, stationId: string, upTo: number): Promise<Set<number>> {
  const ids = (await knex('sync_subscriptions').where({ station_id: stationId }).whereNull('ended_at').andWhere('server_version', '<=', upTo).pluck('customer_id')) as (number | string)[];
  return new Set(ids.map(Number));
}

/** Up to `fetch` rows of `table` in the scope's precise or broad filter with versions in (after, hi], in version order. */
function scopedRowsQuery(knex: Knex, table: PulledTable, clauses: readonly ScopeClause[], which: 'precise' | 'broad', after: number, hi: number, fetch: number): Knex.QueryBuilder {
  const q = knex(table).select([...SYNCED_TABLES[table].columns]).where('server_version', '>', after).andWhere('server_version', '<=', hi);
  whereAny(q, clauses, which);
  return q.orderBy('server_version').limit(fetch);
}

/** The same rows, read and normalized. */
async function scopedRows(knex: Knex, table: PulledTable, clauses: readonly ScopeClause[], which: 'precise' | 'broad', after: number, hi: number, fetch: number): Promise<Row[]> {
  const rows = (await scopedRowsQuery(knex, table, clauses, which, after, hi, fetch)) as Row[];
  return rows.map((raw) => normalizeRow(table, raw));
}

/** A table's rows of an incremental pull as items: kept rows as puts, rows that left the scope as deletes (with the rows that leave with them). */
async function tableSource(knex: Knex, table: PulledTable, clauses: ScopeClause[], rows: Row[], fetch: number): Promise<Source> {
  const orphaned = new Map<Item, Row>();
  const items = rows.map((row): Item => {
    const keep = clauses.some((c) => c.keeps(row));
    const change: Change = keep ? { op: 'put', table, row: stationCopy(table, row) } : { op: 'delete', table, key: keyOf(table, row) };
    const item: Item = { version: Number(row.server_version), changes: [change] };
    if (clauses.some((c) => c.dependents && !c.keeps(row))) orphaned.set(item, row);
    return item;
  });
  if (orphaned.size > 0) await evictDependents(knex, clauses, orphaned);
  return { items, truncated: rows.length >= fetch };
}

/** One stream of a full sync: up to `fetch` rows with versions in (after, hi], in version order. */
type FullSyncSource = (after: number, hi: number, fetch: number) => Promise<{ version: number; change: Change }[]>;

/** The full sync's streams, in a fixed order (the cursor names a stream by its index): every table in scope, then the station's own conflicts and rejections. */
function fullSyncSources(knex: Knex, clauses: Map<PulledTable, ScopeClause[]>, clientId: string): FullSyncSource[] {
  const tables = [...clauses].map(([table, tableClauses]): FullSyncSource => async (after, hi, fetch) =>
    (await scopedRows(knex, table, tableClauses, 'precise', after, hi, fetch)).map((row) => ({
      version: Number(row.server_version),
      change: { op: 'put', table, row: stationCopy(table, row) },
    })),
  );
  const own = (['sync_conflicts', 'sync_rejections'] as const).map((table): FullSyncSource => async (after, hi, fetch) => {
    const { items } = await privateRows(knex, table, clientId, after, hi, fetch);
    return items.map((i) => ({ version: i.version, change: i.changes[0]! }));
  });
  return [...tables, ...own];
}

/**
 * A page of a full sync: streams are read one after another, each from where
 * the cursor left it (`p`) or, for a stream not yet started, from the version
 * every stream was known complete to (`v`), until the page is full.
 */
async function fullSyncPage(
  sources: FullSyncSource[],
  cursor: Cursor,
  limit: number,
): Promise<{ changes: Change[]; done: boolean; table: number; position: number }> {
  const hi = cursor.t!;
  const changes: Change[] = [];
  let table = cursor.b ?? 0;
  let position = Math.max(cursor.p ?? 0, cursor.v);
  while (table < sources.length) {
    const room = limit - changes.length;
    if (room <= 0) return { changes, done: false, table, position };
    const rows = await sources[table]!(position, hi, room + 1);
    for (const r of rows.slice(0, room)) changes.push(r.change);
    if (rows.length > room) return { changes, done: false, table, position: rows[room - 1]!.version };
    table++;
    position = cursor.v;
  }
  return { changes, done: true, table, position };
}

/** Deletes, in the same item as their parent, for rows that were in scope only through a parent that just left. */
async function evictDependents(knex: Knex, clauses: ScopeClause[], orphaned: Map<Item, Row>): Promise<void> {
  for (const dep of clauses.flatMap((c) => c.dependents ?? [])) {
    const spec = SYNCED_TABLES[dep.table];
    const byParent = new Map<unknown, Item>([...orphaned].map(([item, row]) => [row.id, item]));
    const children = (await knex(dep.table).whereIn(dep.column, [...byParent.keys()] as number[]).select([...spec.key, dep.column])) as Row[];
    for (const child of children) {
      byParent.get(Number(child[dep.column]))?.changes.push({ op: 'delete', table: dep.table, key: keyOf(dep.table, child) });
    }
  }
}

const PRIVATE_COLUMNS = {
  sync_conflicts: ['id', 'mutation_id', 'entity', 'entity_id', 'field', 'local_value', 'server_value', 'resolution', 'at', 'server_version'],
  sync_rejections: ['mutation_id', 'name', 'code', 'reason', 'at', 'rejected_at', 'server_version'],
} as const;

type PrivateTable = keyof typeof PRIVATE_COLUMNS;
const PRIVATE_TABLES: readonly PrivateTable[] = ['sync_conflicts', 'sync_rejections'];

function privateRowsQuery(knex: Knex, table: PrivateTable, clientId: string, lo: number, hi: number, fetch: number): Knex.QueryBuilder {
  return knex(table).select([...PRIVATE_COLUMNS[table]]).where({ client_id: clientId }).andWhere('server_version', '>', lo).andWhere('server_version', '<=', hi).orderBy('server_version').limit(fetch);
}

async function privateRows(knex: Knex, table: PrivateTable, clientId: string, lo: number, hi: number, fetch: number): Promise<Source> {
  return privateSource(table, (await privateRowsQuery(knex, table, clientId, lo, hi, fetch)) as Row[], fetch);
}

function privateSource(table: PrivateTable, rows: Row[], fetch: number): Source {
  const items = rows.map((row): Item => {
    const version = Number(row.server_version);
    return { version, changes: [{ op: 'put', table, row: { ...row, server_version: version } }] };
  });
  return { items, truncated: rows.length >= fetch };
}

interface TombstoneRow {
  version: number | string;
  table_name: PulledTable;
  row_key: string;
}

function tombstonesQuery(knex: Knex, ctx: ScopeContext, lo: number, hi: number, fetch: number): Knex.QueryBuilder {
  const tables = tablesInScope(ctx.scope);
  return knex('sync_tombstones')
    .select('version', 'table_name', 'row_key')
    .where('version', '>', lo)
    .andWhere('version', '<=', hi)
    .whereIn('table_name', tables)
    .andWhere((qb) => {
      qb.where((b) => void b.whereNull('dc').whereNull('customer_id'));
      if (ctx.scope.distributionCenter) qb.orWhere('dc', ctx.scope.distributionCenter);
      if (ctx.scope.customers) {
        qb.orWhereIn('customer_id', knex('sync_subscriptions').select('customer_id').where({ station_id: ctx.stationId }).whereNull('ended_at').andWhere('server_version', '<=', hi));
      }
    })
    .orderBy('version')
    .limit(fetch);
}

async function tombstoneSource(knex: Knex, clauses: Map<PulledTable, ScopeClause[]>, rows: TombstoneRow[], fetch: number): Promise<Source> {
  const items = rows.map((t): Item => ({
    version: Number(t.version),
    changes: [{ op: 'delete', table: t.table_name, key: parseKeyString(t.table_name, t.row_key) }],
  }));
  await keepMovedRowsStillInScope(knex, clauses, items);
  return { items, truncated: rows.length >= fetch };
}

/**
 * A tombstone whose row still exists marks a move out of a distribution
 * center (a re-homed disc, a reassigned shipment). A station that holds the
 * row through another scope (a supervisor's desk that opened the customer)
 * keeps it: the delete is dropped, and the moved row's own new version brings
 * its new state.
 */
async function keepMovedRowsStillInScope(knex: Knex, clauses: Map<PulledTable, ScopeClause[]>, items: Item[]): Promise<void> {
  const byTable = new Map<PulledTable, Item[]>();
  for (const item of items) {
    const change = item.changes[0]!;
    if (change.op !== 'delete' || !isPulledTable(change.table) || SYNCED_TABLES[change.table].key.length !== 1) continue;
    byTable.set(change.table, [...(byTable.get(change.table) ?? []), item]);
  }
  for (const [table, tableItems] of byTable) {
    const keyColumn = SYNCED_TABLES[table].key[0]!;
    const tableClauses = clauses.get(table) ?? [];
    const ids = tableItems.map((i) => (i.changes[0] as Extract<Change, { op: 'delete' }>).key[keyColumn]!);
    const existing = new Map<string, Row>();
    for (let i = 0; i < ids.length; i += 500) {
      const found = (await knex(table).whereIn(keyColumn, ids.slice(i, i + 500)).select([...SYNCED_TABLES[table].columns])) as Row[];
      for (const raw of found) existing.set(String(raw[keyColumn]), normalizeRow(table, raw));
    }
    for (const item of tableItems) {
      const row = existing.get(String((item.changes[0] as Extract<Change, { op: 'delete' }>).key[keyColumn]));
      if (row && tableClauses.some((c) => c.keeps(row))) item.changes = [];
    }
  }
}

/**
 * A desk that just opened a customer gets all of that customer's rows, at the
 * subscription's place in the stream; one that released a customer gets them
 * as deletes there, except rows another of its scopes still holds (a
 * supervisor's desk keeps its DC's open shipments).
 */
async function subscriptionGroups(knex: Knex, stationId: string, clauses: Map<PulledTable, ScopeClause[]>, lo: number, hi: number, fetch: number): Promise<Source> {
  const subs = (await knex('sync_subscriptions')
    .where({ station_id: stationId })
    .andWhere('server_version', '>', lo)
    .andWhere('server_version', '<=', hi)
    .orderBy('server_version')
    .limit(fetch)
    .select('customer_id', 'server_version', 'ended_at')) as { customer_id: number | string; server_version: number | string; ended_at: string | null }[];
  const items: Item[] = [];
  for (const sub of subs) {
    const customerId = Number(sub.customer_id);
    const released = sub.ended_at !== null;
    const changes: Change[] = [];
    for (const table of CUSTOMER_TABLES) {
      const column = table === 'customers' ? 'id' : 'customer_id';
      const rows = (await knex(table).select([...SYNCED_TABLES[table].columns]).where(column, customerId)) as Row[];
      for (const raw of rows) {
        const row = normalizeRow(table, raw);
        if (!released) changes.push({ op: 'put', table, row: stationCopy(table, row) });
        else if (!(clauses.get(table) ?? []).some((c) => c.keeps(row))) changes.push({ op: 'delete', table, key: keyOf(table, row) });
      }
    }
    items.push({ version: Number(sub.server_version), changes });
  }
  return { items, truncated: subs.length >= fetch };
}

async function estimateRows(knex: Knex, clauses: Map<PulledTable, ScopeClause[]>, hi: number): Promise<number> {
  let total = 0;
  for (const [table, tableClauses] of clauses) {
    const q = knex(table).where('server_version', '<=', hi);
    whereAny(q, tableClauses, 'precise');
    const row = (await q.count({ n: '*' }).first()) as { n: number | string } | undefined;
    total += Number(row?.n ?? 0);
  }
  return total;
}

