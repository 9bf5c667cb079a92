/**
 * Returns by the Business Reply IMb (issue 17 item 2): the mailer comes back
 * with the DC's BRM IMb on it, whose serial is the shipment's label serial.
 * A clerk types the digits printed under the bars, or an IMb scanner sends
 * them; either way the piece checks in like its disc barcode.
 *
 * Knex throughout (not a hot path: a returns desk checks in a piece every
 * few seconds), one indexed lookup on `shipments.label_serial`.
 */
import type { Knex } from 'knex';
import { AppError } from '../../../core/errors';
import { isBrmStid, parseImbDigits } from '../../../core/postal';

export interface ReturnedShipment {
  shipmentId: number;
  discId: number;
  orderNumber: string;
}

/**
 * The shipment out with a customer whose Business Reply IMb these digits
 * are; null when the text is not IMb digits at all (then it is a disc
 * barcode). Refuses, with the reason, digits that are an IMb but not one of
 * this DC's Business Reply pieces, or that match no shipment out.
 */
export async function findReturnedShipment(knex: Knex, text: string, dcCode: string): Promise<ReturnedShipment | null> {
  const compact = text.replace(/[\s-]/g, '');
  if (!/^[0-9]+$/.test(compact)) return null;
  const imb = parseImbDigits(compact);
  if (!imb) {
    if (compact.length < 15) return null;
    throw new AppError('INVALID_INPUT', `That is ${compact.length} digits; the Business Reply barcode's digits are 29 (20, then the 9-digit ZIP+4). Check them, or scan the disc instead.`);
  }
  if (!isBrmStid(imb.serviceTypeId)) {
    throw new AppError('INVALID_INPUT', `Those digits are an outbound barcode (service type ${imb.serviceTypeId}), not the Business Reply one on the return panel. Type the digits under the return address, or scan the disc.`);
  }
  const dc = await knex('distribution_centers').where({ code: dcCode }).first('mailer_id', 'brm_zip5', 'brm_zip4');
  if (!dc) throw new AppError('NOT_FOUND', 'This station’s distribution center is not in its cache yet; sync first.');
  if (imb.mailerId !== dc.mailer_id) {
    throw new AppError('NOT_FOUND', `This Business Reply piece is for mailer ID ${imb.mailerId}, not this distribution center’s ${dc.mailer_id}. It belongs to another distribution center: set it aside for transfer.`);
  }
  if (imb.routing !== '' && dc.brm_zip5 && dc.brm_zip4 && imb.routing !== `${dc.brm_zip5}${dc.brm_zip4}`) {
    throw new AppError('NOT_FOUND', `This Business Reply piece is addressed to ZIP+4 ${imb.routing}, not this distribution center’s ${dc.brm_zip5}-${dc.brm_zip4}. Check the digits, or scan the disc.`);
  }
  const out = await knex('shipments')
    .where({ dc: dcCode, label_serial: imb.serial })
    .whereIn('status', ['shipped', 'lost'])
    .whereNotNull('disc_id')
    .select('id', 'disc_id', 'order_number');
  if (out.length === 0) {
    throw new AppError('NOT_FOUND', `No order out with a customer went in the mailer with return serial ${imb.serial}. Scan the disc instead.`);
  }
  // Serials may be reused after 45 days (USPS-B-3200): two orders out with one serial cannot be told apart by it.
  if (out.length > 1) {
    throw new AppError('CONFLICT', `Return serial ${imb.serial} belongs to ${out.length} orders still out (${out.map((o) => o.order_number).join(', ')}). Scan the disc to tell which one came back.`);
  }
  const [row] = out;
  return { shipmentId: row.id, discId: row.disc_id, orderNumber: row.order_number };
}
