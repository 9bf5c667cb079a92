import { z } from 'zod';
import { WAREHOUSE_AND_UP } from '../../roles';
import { mutator } from '../mutation';
import { EntityIdSchema, LabelPieceArgs, assertOwnDistributionCenter, mustGet } from './shared';

export const LABEL_EVENT_KINDS = ['printed', 'reprinted', 'voided'] as const;

/** DESIGN §5: every print, reprint and void is logged, with who, which printer and why. */
export const labelEventRecord = mutator({
  name: 'labelEvent.record',
  summary: 'Log a label print, reprint or void.',
  roles: WAREHOUSE_AND_UP,
  args: z
    .object({
      shipmentId: EntityIdSchema,
      kind: z.enum(LABEL_EVENT_KINDS),
      serial: z.string().regex(/^[0-9]{6,20}$/).nullable().optional(),
      printer: z.string().trim().min(1).max(80).nullable().optional(),
      reason: z.string().trim().min(3).max(200).nullable().optional(),
      ...LabelPieceArgs,
    })
    .strict()
    .refine((a) => a.kind === 'printed' || (a.reason !== undefined && a.reason !== null), { message: 'A reprint or void needs a reason.', path: ['reason'] }),
  async run(tx, args, ctx) {
    const shipment = await mustGet<{ dc: string; order_number: string }>(tx, 'shipments', { id: args.shipmentId }, `Shipment ${args.shipmentId}`);
    assertOwnDistributionCenter(ctx, shipment.dc, `Order ${shipment.order_number}`);
    await tx.insert('label_events', {
      id: tx.newId(),
      shipment_id: args.shipmentId,
      kind: args.kind,
      serial: args.serial ?? null,
      staff_id: ctx.staffId,
      printer: args.printer ?? null,
      reason: args.reason ?? null,
      at: ctx.at,
      piece_type: args.pieceType ?? null,
      stid: args.stid ?? null,
      return_serial: args.returnSerial ?? null,
      station_id: ctx.stationId,
    });
  },
});
