import type { Knex } from 'knex';
import type { ShipmentDetail } from '../../../core/lookup/schemas';

/** A shipment's detail: what the packer and the rep both may see (shipping name and address, no contact details). */
export async function shipmentDetail(knex: Knex, shipmentId: number): Promise<ShipmentDetail | null> {
  const s = await knex('shipments as s')
    .join('titles as t', 't.id', 's.title_id')
    .leftJoin('discs as d', 'd.id', 's.disc_id')
    .where('s.id', shipmentId)
    .first('s.*', 't.name as title_name', 'd.barcode as disc_barcode');
  if (!s) return null;
  const events = await knex('label_events').where('shipment_id', shipmentId).orderBy('at');
  const timeline = (
    [
      ['allocated', s.created_at],
      ['packed', s.packed_at],
      ['shipped', s.shipped_at],
      ['returned', s.returned_at],
    ] as Array<[string, string | null]>
  )
    .filter((e): e is [string, string] => e[1] != null)
    .map(([status, at]) => ({ status, at }));
  if (['void', 'lost'].includes(s.status)) timeline.push({ status: s.status, at: events.at(-1)?.at ?? s.created_at });
  return {
    id: s.id,
    orderNumber: s.order_number,
    status: s.status,
    customerId: s.customer_id,
    titleName: s.title_name,
    discBarcode: s.disc_barcode ?? null,
    distributionCenter: s.dc,
    shipBy: s.ship_by,
    shipTo: {
      name: s.ship_name,
      deliveryLine: s.ship_line1,
      secondaryLine: s.ship_line2 ?? null,
      lastLine: `${s.ship_city} ${s.ship_state}  ${s.ship_zip5}${s.ship_zip4 ? `-${s.ship_zip4}` : ''}`,
    },
    timeline,
    labelEvents: events.map((e: { kind: string; at: string; staff_id: string; printer: string | null; reason: string | null; serial: string | null }) => ({
      kind: e.kind,
      at: e.at,
      staffId: e.staff_id,
      printer: e.printer,
      reason: e.reason,
      serial: e.serial,
    })),
  };
}
