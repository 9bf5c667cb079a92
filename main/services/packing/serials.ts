/**
 * IMb serials from this station's own ranges (USPS-B-3200: unique per mailer
 * ID for 45 days; the central office hands out disjoint ranges). A serial is
 * read and used inside the scan's transaction, so a label that is refused or
 * a crash mid-scan uses none, and a committed label always owns its serial.
 * Prepared statements on the scan's hot path; the refill is knex (rare).
 */
import type { Knex } from 'knex';
import type { CentralClient } from '../../central/central-client';
import { preparedFirst, preparedRun, type Db } from '../../db/prepared';

/** Serials left before the station asks for another range, so an outage mid-shift does not stop printing. */
export const REFILL_BELOW = 100;
const RANGE_SIZE = 500;

interface NextSerialRow {
  id: number;
  next_serial: number;
  mailer_id: string;
  serials_left: number;
}
/**
 * The next serial of the mailer ID of a shipment's distribution center (the
 * one its label prints with), so the scan asks for it together with the
 * order itself; params: shipment id.
 */
const NEXT_SERIAL_SQL = `SELECT r.id, r.next_serial, m.mailer_id,
    (SELECT SUM(last_serial - next_serial + 1) FROM serial_ranges WHERE mailer_id = m.mailer_id AND next_serial <= last_serial) AS serials_left
  FROM (SELECT dc.mailer_id FROM shipments s JOIN distribution_centers dc ON dc.code = s.dc WHERE s.id = ?) m
  JOIN serial_ranges r ON r.mailer_id = m.mailer_id AND r.next_serial <= r.last_serial
  ORDER BY r.id LIMIT 1`;
const USE_SERIAL_SQL = `UPDATE serial_ranges SET next_serial = next_serial + 1 WHERE id = ? AND next_serial = ?`;

export interface NextSerial {
  rangeId: number;
  value: number;
  /** Printed and stored at full width: mailer ID + serial = 15 digits (USPS-B-3200 §2.2.4). */
  serial: string;
  /** Serials left in this mailer ID's ranges, this one included. */
  left: number;
}

/**
 * The serial the next label of the shipment takes (its distribution center's
 * mailer ID); null when the station has none left for it, or does not hold
 * the shipment or its distribution center.
 */
export async function nextSerial(trx: Db, shipmentId: number): Promise<NextSerial | null> {
  const row = await preparedFirst<NextSerialRow>(trx, NEXT_SERIAL_SQL, [shipmentId]);
  if (!row) return null;
  const value = Number(row.next_serial);
  return { rangeId: row.id, value, serial: String(value).padStart(15 - row.mailer_id.length, '0'), left: Number(row.serials_left) };
}

/** Marks `next` used, in the transaction that records the label printed with it. */
export async function useSerial(trx: Db, next: NextSerial): Promise<void> {
  const changed = await preparedRun(trx, USE_SERIAL_SQL, [next.rangeId, next.value]);
  if (changed !== 1) throw new Error(`serial ${next.serial} was taken by another label in the same transaction`);
}

export async function refillSerials(knex: Knex, central: CentralClient, token: string): Promise<void> {
  const range = await central.call('packing.serials', { count: RANGE_SIZE }, { staffToken: token });
  await knex('serial_ranges').insert({ mailer_id: range.mailerId, next_serial: range.first, last_serial: range.last });
}
