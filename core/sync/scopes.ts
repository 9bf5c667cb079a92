/**
 * What a station holds, derived from who it is and who signed in (DESIGN §4,
 * policy: warehouse never sees email, phone or card). The central API computes
 * the scope from the station credential's distribution center and the signed-in
 * staff member's role; nothing in a request can widen it.
 */
import { CS_AND_UP, WAREHOUSE_AND_UP, isRoleAllowed, type Role } from '../roles';
import type { PulledTable, Row } from './tables';

export interface SyncScope {
  /** Packing scope: this distribution center's shipments it works on (STATION_HELD_STATUSES), its discs and their label events. */
  distributionCenter: string | null;
  /** CS scope: the customers this station opened (subscribed to). */
  customers: boolean;
}

/**
 * A CS desk lets go of a customer it has not opened (or edited) for this many
 * days: the rows leave the desk at its next pull, and come back when the
 * customer is opened again. A desk keeps what its callers need, not every
 * caller it ever had.
 */
export const DESK_CUSTOMER_RETENTION_DAYS = 30;

/** Who may open (subscribe to) a customer at a desk: the same roles that may see a customer's personal data. */
export const SUBSCRIBE_ROLES: readonly Role[] = CS_AND_UP;

export function scopeFor(role: Role, stationDc: string): SyncScope {
  return {
    distributionCenter: isRoleAllowed(role, WAREHOUSE_AND_UP) ? stationDc : null,
    customers: isRoleAllowed(role, SUBSCRIBE_ROLES),
  };
}

/**
 * Names a scope inside a cursor. A cursor made for another scope (a packing
 * station's cursor presented by a CS rep's session) answers `resync`, so a
 * station never keeps rows the new session may not see.
 */
export function scopeSignature(scope: SyncScope): string {
  return [`dc=${scope.distributionCenter ?? '-'}`, `customers=${scope.customers ? 1 : 0}`].join(';');
}

/** Reference data every station holds. */
export const REFERENCE_TABLES: readonly PulledTable[] = ['distribution_centers', 'titles'];

/** Rows of a packing station: shipping address fields of shipments only, never a customers row. */
export const DISTRIBUTION_CENTER_TABLES: readonly PulledTable[] = ['discs', 'disc_barcodes', 'shipments', 'label_events'];

/** Rows of an opened customer at a CS desk: payment methods as processor token, brand, last 4 and expiry only (DESIGN §2). */
export const CUSTOMER_TABLES: readonly PulledTable[] = [
  'customers',
  'addresses',
  'payment_methods',
  'preferences',
  'consent_events',
  'shipments',
  'charges',
  'rental_queue',
  'reviews',
  'customer_notes',
  'order_problems',
];

export function tablesInScope(scope: SyncScope): PulledTable[] {
  const tables = new Set<PulledTable>(REFERENCE_TABLES);
  if (scope.distributionCenter) for (const t of DISTRIBUTION_CENTER_TABLES) tables.add(t);
  if (scope.customers) for (const t of CUSTOMER_TABLES) tables.add(t);
  return [...tables];
}

/**
 * The processor token stays central, as in every other path to a station
 * (policy: a card is the processor's token, brand, last 4 and expiry; the token
 * is only ever used by the central office): a desk gets the rest of the row.
 */
export const HELD_CENTRALLY = 'held-centrally';

export function stationCopy(table: PulledTable, row: Row): Row {
  return table === 'payment_methods' ? { ...row, processor_token: HELD_CENTRALLY } : row;
}
