/**
 * The packing line's statements and the rows they return. Hot path (a scan
 * every few seconds per station, p95 target in `npm run bench:pack`):
 * prepared constant statements on the station cache, never knex's builder.
 */

/** A claimed order as the pack screen lists it. */
export interface QueueRow {
  id: number;
  order_number: string;
  status: string;
  title_id: number;
  title_name: string;
  disc_barcode: string | null;
  piece_type: string | null;
  ship_name: string;
  ship_line1: string;
  ship_line2: string | null;
  ship_city: string;
  ship_state: string;
  ship_zip5: string;
  ship_zip4: string | null;
  ship_by: string;
  label_serial: string | null;
  /** 0/1 in SQLite: the claim carried the customer's age certification (only the central office holds it). */
  age_certified: number | boolean;
}

const QUEUE_COLUMNS = `s.id, s.order_number, s.status, s.title_id, t.name AS title_name, d.barcode AS disc_barcode, s.piece_type,
    s.ship_name, s.ship_line1, s.ship_line2, s.ship_city, s.ship_state, s.ship_zip5, s.ship_zip4, s.ship_by, s.label_serial, c.age_certified`;
const QUEUE_FROM = `pack_claims c JOIN shipments s ON s.id = c.shipment_id JOIN titles t ON t.id = s.title_id LEFT JOIN discs d ON d.id = s.disc_id`;
const QUEUE_WHERE = `s.status IN ('allocated', 'picked', 'packed', 'labeled')`;
export const ORDERED_QUEUE_SQL = `SELECT ${QUEUE_COLUMNS} FROM ${QUEUE_FROM} WHERE ${QUEUE_WHERE} ORDER BY s.ship_by, s.created_at, s.id`;

export interface IdRow {
  id: number;
}
/** The asked-for orders this station holds, with where they stand now; params: the ids as a JSON array. */
export const SHIP_CANDIDATES_SQL = `SELECT s.id, s.order_number, s.status FROM pack_claims c JOIN shipments s ON s.id = c.shipment_id
    WHERE s.id IN (SELECT value FROM json_each(?)) ORDER BY s.ship_by, s.created_at, s.id`;
export interface ShipCandidateRow {
  id: number;
  order_number: string;
  status: string;
}
/** The claimed orders with a label on record, not yet shipped. */
export const LABELED_BATCH_SQL = `SELECT s.id FROM pack_claims c JOIN shipments s ON s.id = c.shipment_id WHERE s.status = 'labeled' ORDER BY s.ship_by, s.created_at, s.id`;

/** This station's label prints since a time (its claimed orders' "printed" events), oldest first; params: since (ISO). */
export const SHIFT_LABELS_SQL = `SELECT e.at FROM label_events e JOIN pack_claims c ON c.shipment_id = e.shipment_id WHERE e.kind = 'printed' AND e.at >= ? ORDER BY e.at`;
/** This station's latest printed label whose order has not shipped: what "reprint last" and "void last" act on. */
export const LAST_LABEL_SQL = `SELECT s.id, s.order_number FROM label_events e JOIN pack_claims c ON c.shipment_id = e.shipment_id JOIN shipments s ON s.id = e.shipment_id
  WHERE e.kind = 'printed' AND s.status IN ('packed', 'labeled') ORDER BY e.at DESC, e.id DESC LIMIT 1`;

export interface DiscRow {
  id: number;
  barcode: string;
  title_id: number;
  title_name: string;
  home_dc: string;
  status: string;
  damage_reason: string | null;
}
/** A disc by its barcode or one of its aliases; params: the barcode twice. */
export const DISC_SQL = `SELECT d.id, d.barcode, d.title_id, t.name AS title_name, d.home_dc, d.status, d.damage_reason
  FROM discs d JOIN titles t ON t.id = d.title_id
  WHERE d.id = (SELECT id FROM discs WHERE barcode = ? UNION ALL SELECT disc_id FROM disc_barcodes WHERE alias = ? LIMIT 1)`;
/** params: disc id. */
export const DISC_BY_ID_SQL = `SELECT d.id, d.barcode, d.title_id, t.name AS title_name, d.home_dc, d.status, d.damage_reason
  FROM discs d JOIN titles t ON t.id = d.title_id WHERE d.id = ?`;

/** What goes on the outside of the piece: the address and the piece type, never the title (issue 17, policy). */
export interface LabelShipmentRow {
  id: number;
  order_number: string;
  status: string;
  label_serial: string | null;
  piece_type: string | null;
  ship_name: string;
  ship_line1: string;
  ship_line2: string | null;
  ship_city: string;
  ship_state: string;
  ship_zip5: string;
  ship_zip4: string | null;
  dc: string;
}
/** params: shipment id. */
export const LABEL_SQL = `SELECT s.id, s.order_number, s.status, s.label_serial, s.piece_type, s.ship_name, s.ship_line1, s.ship_line2, s.ship_city, s.ship_state, s.ship_zip5, s.ship_zip4, s.dc
  FROM shipments s WHERE s.id = ?`;

/** The DC's address and postal set-up (central columns, migration 025). */
export interface DistributionCenterRow {
  code: string;
  name: string;
  line1: string;
  city: string;
  state: string;
  zip5: string;
  zip4: string | null;
  mailer_id: string;
  service_name: string | null;
  permit_number: string | null;
  permit_city: string | null;
  permit_state: string | null;
  brm_permit_number: string | null;
  brm_zip5: string | null;
  brm_zip4: string | null;
  imb_service_option: string | null;
  address_correction: string | null;
  imb_tracing: number | boolean | null;
  brm_tracing: number | boolean | null;
}
const DC_COLUMNS = [
  'code', 'name', 'line1', 'city', 'state', 'zip5', 'zip4', 'mailer_id', 'service_name', 'permit_number', 'permit_city', 'permit_state',
  'brm_permit_number', 'brm_zip5', 'brm_zip4', 'imb_service_option', 'address_correction', 'imb_tracing', 'brm_tracing',
] as const satisfies ReadonlyArray<keyof DistributionCenterRow>;
/** params: DC code. */
export const DC_SQL = `SELECT ${DC_COLUMNS.join(', ')} FROM distribution_centers WHERE code = ?`;

/**
 * The scanned order as the scan needs it, in one read: the claimed order
 * (`QueueRow`), what its label prints (`LabelShipmentRow`) and its DC's row
 * as JSON (null when this cache does not hold the DC yet).
 */
export interface ScanItemRow extends QueueRow, LabelShipmentRow {
  /** JSON of a `DistributionCenterRow`. */
  dc_row: string | null;
}
/** One claimed order with its label's DC; params: shipment id. */
export const ITEM_SQL = `SELECT ${QUEUE_COLUMNS}, s.dc, CASE WHEN dc.code IS NULL THEN NULL ELSE json_object(${DC_COLUMNS.map((c) => `'${c}', dc.${c}`).join(', ')}) END AS dc_row
  FROM ${QUEUE_FROM} LEFT JOIN distribution_centers dc ON dc.code = s.dc
  WHERE ${QUEUE_WHERE} AND s.id = ?`;
