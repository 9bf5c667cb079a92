/**
 * Packing a scanned disc into an order's mailer: the scan is verified again
 * here (the station verified it for the instant answer; the server verifies
 * against the truth, including the customer's age certification, which a
 * packing station never holds), and the order takes the scanned copy.
 */
import { z } from 'zod';
import { WAREHOUSE_AND_UP } from '../../roles';
import { verifyScan } from '../../packing/verify-scan';
import { MutationRejected, mutator } from '../mutation';
import { EntityIdSchema, LabelPieceArgs, assertOwnDistributionCenter, mustGet } from './shared';
import type { RowOf } from '../../data/tables';

type ShipmentRow = Pick<RowOf<'shipments'>, 'id' | 'order_number' | 'status' | 'dc' | 'title_id' | 'disc_id' | 'customer_id'>;

type Tx = Parameters<Parameters<typeof mutator>[0]['run']>[0];
type Ctx = Parameters<Parameters<typeof mutator>[0]['run']>[2];

/**
 * The scan at a packing station: pack the verified disc and record the label
 * printed for it, as one change (one transaction at the station, one on the
 * server): a packed order without its label event is never left behind.
 */
export const shipmentPackAndLabel = mutator({
  name: 'shipment.packAndLabel',
  summary: 'A verified disc goes into the mailer and its label is printed (IMb serial recorded).',
  roles: WAREHOUSE_AND_UP,
  args: z
    .object({
      shipmentId: EntityIdSchema,
      discId: EntityIdSchema,
      // USPS-B-3200 §2.2: mailer id + serial make 15 digits; the station sends the serial it printed.
      labelSerial: z.string().regex(/^[0-9]{6,20}$/, 'Label serial must be 6 to 20 digits.'),
      printer: z.string().trim().min(1).max(80).nullable(),
      ...LabelPieceArgs,
    })
    .strict(),
  async run(tx, args, ctx) {
    await packVerified(tx, args, ctx, { status: 'labeled', label_serial: args.labelSerial });
    await tx.insert('label_events', {
      id: tx.newId(),
      shipment_id: args.shipmentId,
      kind: 'printed',
      serial: args.labelSerial,
      staff_id: ctx.staffId,
      printer: args.printer,
      reason: null,
      at: ctx.at,
      piece_type: args.pieceType ?? null,
      stid: args.stid ?? null,
      return_serial: args.returnSerial ?? null,
      station_id: ctx.stationId,
    });
  },
});

async function packVerified(tx: Tx, args: { shipmentId: number; discId: number }, ctx: Ctx, extra: Record<string, unknown>): Promise<void> {
  {
    const s = await mustGet<ShipmentRow>(tx, 'shipments', { id: args.shipmentId }, `Shipment ${args.shipmentId}`);
    assertOwnDistributionCenter(ctx, s.dc, `Order ${s.order_number}`);
    const disc = await mustGet<{ id: number; barcode: string; title_id: number; home_dc: string; status: string; damage_reason: string | null }>(tx, 'discs', { id: args.discId }, `Disc ${args.discId}`);
    if (ctx.side === 'station' && ctx.scanVerified) {
      await tx.update('shipments', { id: s.id }, { status: 'packed', disc_id: disc.id, packed_at: ctx.at, ...extra });
      return;
    }
    const title = await tx.get<{ name: string }>('titles', { id: s.title_id });
    const discTitle = disc.title_id === s.title_id ? title : await tx.get<{ name: string }>('titles', { id: disc.title_id });
    // Only the server holds customers at a packing DC; the station's packer was told by the claim. Read without a
    // lock: a pack never writes the customer, and waiting for a desk's edit of the same customer (its whole push run)
    // made packers queue behind reps (bench:central).
    const customer = ctx.side === 'server' ? await tx.get<{ age_certified_at: string | null }>('customers', { id: s.customer_id }, { lock: false }) : null;
    const verdict = verifyScan(
      {
        orderNumber: s.order_number,
        titleId: s.title_id,
        titleName: title?.name ?? `title ${s.title_id}`,
        dc: s.dc,
        status: s.status,
        ageCertified: ctx.side === 'server' ? customer?.age_certified_at != null : true,
        allocatedDiscId: s.disc_id,
      },
      { id: disc.id, barcode: disc.barcode, titleId: disc.title_id, titleName: discTitle?.name ?? `title ${disc.title_id}`, homeDc: disc.home_dc, status: disc.status, damageReason: disc.damage_reason },
      disc.barcode,
    );
    if (!verdict.ok) throw new MutationRejected(verdict.reason, verdict.message);
    await tx.update('shipments', { id: s.id }, { status: 'packed', disc_id: disc.id, packed_at: ctx.at, ...extra });
  }
}
