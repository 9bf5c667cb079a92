/**
 * The shipment status state machine, the one copy (STYLE: one source of truth):
 * allocated -> picked -> packed -> labeled -> shipped -> returned, plus lost
 * and void (DESIGN §2). Mutators check every status change against it on the
 * station (optimistically) and on the server (authoritatively), and the pull
 * uses OPEN_SHIPMENT_STATUSES to decide what a packing station holds.
 */
export const SHIPMENT_STATUSES = ['allocated', 'picked', 'packed', 'labeled', 'shipped', 'returned', 'lost', 'void'] as const;
export type ShipmentStatus = (typeof SHIPMENT_STATUSES)[number];

/** Still at the distribution center: what a packing station works on. */
export const OPEN_SHIPMENT_STATUSES: readonly ShipmentStatus[] = ['allocated', 'picked', 'packed', 'labeled'];

/**
 * Allowed next statuses. A packer who picks and packs in one scan skips
 * `picked`; a piece can be voided until it leaves the building; a lost piece
 * that turns up is booked as returned. Nothing leaves returned or void.
 */
const NEXT: Readonly<Record<ShipmentStatus, readonly ShipmentStatus[]>> = {
  allocated: ['picked', 'packed', 'void'],
  picked: ['packed', 'void'],
  // Back to the queue after a voided label (the disc stays with the order; a new label gets a new serial).
  packed: ['labeled', 'allocated', 'void'],
  labeled: ['shipped', 'allocated', 'void'],
  shipped: ['returned', 'lost'],
  lost: ['returned'],
  returned: [],
  void: [],
};

/**
 * What a packing station holds of its DC: the open orders it packs, and the
 * pieces out with customers, so a returned disc can be checked in offline.
 */
export const STATION_HELD_STATUSES: readonly ShipmentStatus[] = [...OPEN_SHIPMENT_STATUSES, 'shipped', 'lost'];

export function isStationHeldStatus(value: unknown): boolean {
  return isShipmentStatus(value) && STATION_HELD_STATUSES.includes(value);
}

export function isShipmentStatus(value: unknown): value is ShipmentStatus {
  return typeof value === 'string' && (SHIPMENT_STATUSES as readonly string[]).includes(value);
}

export function canTransition(from: ShipmentStatus, to: ShipmentStatus): boolean {
  return NEXT[from].includes(to);
}

/** Null when the change is allowed, otherwise a sentence for the person at the station. */
export function transitionProblem(orderNumber: string, from: string, to: ShipmentStatus): string | null {
  if (!isShipmentStatus(from)) return `Order ${orderNumber} has an unknown status "${from}".`;
  if (canTransition(from, to)) return null;
  if (from === to) return `Order ${orderNumber} is already ${to}.`;
  const allowed = NEXT[from];
  return allowed.length === 0
    ? `Order ${orderNumber} is ${from}; nothing can change it any more.`
    : `Order ${orderNumber} is ${from}; it can only become ${allowed.join(' or ')}, not ${to}.`;
}
