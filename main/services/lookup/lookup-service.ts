import type { Knex } from 'knex';
import { AppError } from '../../../core/errors';
import { SHARED_TABLES } from '../../../core/data/tables';
import type { AccessReason, Customer360, CustomerHit, SearchResult, ShipmentDetail } from '../../../core/lookup/schemas';
import type { QueryHandles } from '../../../core/lookup/classify-query';
import { CUSTOMER_360_FIELDS, maySeeContactDetails } from '../../../core/lookup/visibility';
import type { Logger } from '../../../platform/logger';
import type { CentralClient } from '../../central/central-client';
import type { Clock } from '../../host/clock';
import type { StationSession } from '../auth/auth-service';
import type { Connectivity } from '../station/connectivity';
import { assembleCustomer360 } from './customer-360';
import { fileNewNameWords } from '../../db/name-words';
import { knexReader, preparedFirst, type SqlReader } from '../../db/prepared';
import { appendAudit } from '../../sync/audit-outbox';
import { noteCustomerOpened } from '../../sync/desk-customers';
import { searchCache } from './search';
import { shipmentDetail } from './shipment-detail';

/** Tables a fetched customer bundle may write into the cache, in foreign-key order. */
const BUNDLE_TABLES = ['titles', 'customers', 'addresses', 'payment_methods', 'preferences', 'consent_events', 'shipments', 'charges', 'rental_queue', 'reviews', 'customer_notes', 'order_problems'] as const;
const BUNDLE_KEYS: Record<(typeof BUNDLE_TABLES)[number], string[]> = {
  titles: ['id'],
  customers: ['id'],
  addresses: ['id'],
  payment_methods: ['id'],
  preferences: ['customer_id'],
  consent_events: ['id'],
  shipments: ['id'],
  charges: ['id'],
  rental_queue: ['customer_id', 'title_id'],
  reviews: ['id'],
  customer_notes: ['id'],
  order_problems: ['id'],
};


/** Only the shared shape is cached: central-only bookkeeping columns (sync versions) stay central. */
const CACHED_COLUMNS = new Map<string, readonly string[]>(SHARED_TABLES.map((t) => [t.name, t.columns.map((c) => c.name)]));
function pickColumns(table: string, row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  // server_version too: an edit made on these rows then carries the version it saw (no false conflicts).
  for (const col of [...(CACHED_COLUMNS.get(table) ?? []), 'server_version']) if (col in row) out[col] = row[col];
  return out;
}

/**
 * Lookups are served from the station cache, so they work offline and take
 * milliseconds. A CS desk that is online also asks the central office for
 * customers it has never cached, and keeps the one it opens.
 */
export class LookupService {
  /** Customers each session opened (audited), and where from: only these may be re-read without another audit row. */
  private readonly opened = new WeakMap<StationSession, Map<number, Customer360['source']>>();

  constructor(
    private readonly deps: {
      knex: Knex;
      central: CentralClient;
      connectivity: Connectivity;
      clock: Clock;
      logger: Logger;
      stationId: () => string | null;
      /** The read-only connection the search box uses (knex's own when not given). */
      reader?: SqlReader;
      /** Adds an opened customer to this desk's sync scope, so later changes reach the cached rows. */
      subscribe?: (customerId: number, staffToken: string, reason: AccessReason) => Promise<unknown>;
      /** Station tables changed here (a customer fetched from the central office). */
      onTablesChanged?: (tables: readonly string[]) => void;
    },
  ) {}

  async search(session: StationSession, query: string, reason: AccessReason = 'other'): Promise<SearchResult> {
    const local = await searchCache(this.deps.reader ?? knexReader(this.deps.knex), session.staff.role, query);
    const result: SearchResult = { customers: local.customers, shipments: local.shipments, titles: local.titles, source: 'cache', notice: null, noMatch: null };
    const wantsCentral = maySeeContactDetails(session.staff.role) && local.handles.text.length > 0;
    if (!wantsCentral) return withNoMatch(result, local.handles, false, [], maySeeContactDetails(session.staff.role));
    if (!session.apiToken || !this.deps.connectivity.isOnline()) {
      result.notice = 'Offline: only customers already on this station were searched.';
      return withNoMatch(result, local.handles, false);
    }
    try {
      const answer = await this.deps.central.call('lookup.searchCustomers', { q: local.handles.text, reason }, { staffToken: session.apiToken });
      // Exact handles found here first, then the central office's ranking (it knows every customer), then names only this desk holds.
      const exact = local.customers.filter((c) => c.matchedBy !== 'name');
      const merged = [...exact];
      const seen = new Set(merged.map((c) => c.id));
      for (const c of [...answer.customers, ...local.customers]) {
        if (seen.has(c.id)) continue;
        seen.add(c.id);
        merged.push(c);
      }
      result.customers = merged;
      result.source = 'cache+central';
      return withNoMatch(result, local.handles, true, answer.closest ?? []);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'OFFLINE') throw err;
      result.notice = 'Offline: only customers already on this station were searched.';
    }
    return withNoMatch(result, local.handles, false);
  }

  /** Opens a customer: fetched from the central office first if this station has never held them. */
  async customer360(session: StationSession, customerId: number, reason: AccessReason): Promise<Customer360> {
    let source: Customer360['source'] = 'cache';
    const cached = await preparedFirst(this.deps.knex, 'SELECT id FROM customers WHERE id = ?', [customerId]);
    if (!cached) {
      await this.fetchFromCentral(session, customerId, reason);
      source = 'central';
    }
    const now = this.deps.clock.now();
    const result = await this.deps.knex.transaction(async (trx) => {
      const view = await assembleCustomer360(trx, customerId, now);
      if (!view) throw new AppError('NOT_FOUND', `No customer ${customerId}.`);
      // Policy: strict internal guidelines against unauthorized access — every opening is on record, with the view, atomically.
      await appendAudit(trx, { staffId: session.staff.id, role: session.staff.role, stationId: this.deps.stationId(), at: now, action: 'customer.viewed', customerId, fields: CUSTOMER_360_FIELDS, reason });
      await noteCustomerOpened(trx, customerId, now);
      return { ...view, source };
    });
    const opened = this.opened.get(session) ?? new Map<number, Customer360['source']>();
    opened.set(customerId, source);
    this.opened.set(session, opened);
    return result;
  }

  /**
   * The open 360 read again after its tables changed. The opening was audited
   * with its reason; a screen keeping itself current is not another opening,
   * so this writes nothing. Only a customer this session opened may be read
   * this way (a new session, or a customer never opened, goes through
   * `customer360` and its audit row).
   */
  async refresh360(session: StationSession, customerId: number): Promise<Customer360> {
    const source = this.opened.get(session)?.get(customerId);
    if (!source) throw new AppError('FORBIDDEN', 'Open this customer first: reading a customer again is only for the one on your screen.');
    const view = await assembleCustomer360(this.deps.knex, customerId, this.deps.clock.now());
    if (!view) throw new AppError('NOT_FOUND', 'This customer is no longer on this station.');
    return { ...view, source };
  }

  async shipment(shipmentId: number): Promise<ShipmentDetail> {
    const detail = await shipmentDetail(this.deps.knex, shipmentId);
    if (!detail) throw new AppError('NOT_FOUND', `Shipment ${shipmentId} is not on this station.`);
    return detail;
  }

  private async fetchFromCentral(session: StationSession, customerId: number, reason: AccessReason): Promise<void> {
    if (!session.apiToken || !this.deps.connectivity.isOnline()) {
      throw new AppError('OFFLINE', 'This customer is not on this station yet, and the central office cannot be reached. Try again when the station is online.');
    }
    const { rows } = await this.deps.central.call('customers.bundle', { customerId, reason }, { staffToken: session.apiToken });
    await this.deps.knex.transaction(async (trx) => {
      for (const table of BUNDLE_TABLES) {
        const list = (rows[table] ?? []).map((r) => pickColumns(table, r));
        for (let i = 0; i < list.length; i += 200) {
          await trx(table).insert(list.slice(i, i + 200)).onConflict(BUNDLE_KEYS[table]).merge();
        }
      }
      await fileNewNameWords(trx);
    });
    this.deps.onTablesChanged?.(BUNDLE_TABLES);
    this.deps.logger.info({ customerId }, 'customer fetched from the central office into the cache');
    await this.deps.subscribe?.(customerId, session.apiToken, reason).catch((err: unknown) => this.deps.logger.warn({ err, customerId }, 'could not subscribe to the opened customer'));
  }
}

/**
 * When nothing matched: what was searched, in plain words (which handles the
 * text was read as, and where), and the nearest names the central office has.
 * The text itself is echoed only to roles that may see contact details: a
 * packer's answer never carries an email back.
 */
function withNoMatch(result: SearchResult, handles: QueryHandles, central: boolean, closest: CustomerHit[] = [], echo = true): SearchResult {
  if (!handles.text || result.customers.length + result.shipments.length + result.titles.length > 0) return result;
  const kinds = [
    handles.customerNumber ? 'customer numbers' : null,
    handles.orderNumber ? 'order numbers' : null,
    handles.barcode ? 'disc barcodes' : null,
    handles.email ? 'emails' : null,
    handles.phone ? 'phone numbers' : null,
    !handles.orderNumber && !handles.barcode && !handles.email && !handles.phone ? 'names (any order, word starts, one typo per word) and titles' : null,
  ].filter((k): k is string => k !== null);
  const where = central ? 'on this station and at the central office' : 'on this station only';
  result.noMatch = { searched: `Searched ${kinds.join(', ')}${echo ? ` for “${handles.text}”` : ''} ${where}.`, closest };
  return result;
}

