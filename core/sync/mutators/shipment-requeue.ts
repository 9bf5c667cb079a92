import { z } from 'zod';
import { WAREHOUSE_AND_UP } from '../../roles';
import { mutator } from '../mutation';
import { transitionProblem } from '../shipment-status';
import { MutationRejected } from '../mutation';
import { EntityIdSchema, assertStationOfOrderDc, mustGet, writeAuditRow } from './shared';

/**
 * A voided label sends its order back to the packing queue: the serial is
 * dropped (DESIGN §5: void then reissue gets a new serial) and the order is
 * packed and labeled again. Only before it ships.
 */
export const shipmentRequeue = mutator({
  name: 'shipment.requeue',
  summary: 'Put an order back in the packing queue after its label was voided.',
  roles: WAREHOUSE_AND_UP,
  args: z.object({ shipmentId: EntityIdSchema, reason: z.string().trim().min(3, 'Say why the label is voided.').max(200) }).strict(),
  async run(tx, args, ctx) {
    const s = await mustGet<{ order_number: string; status: string; dc: string; customer_id: number }>(tx, 'shipments', { id: args.shipmentId }, `Shipment ${args.shipmentId}`);
    assertStationOfOrderDc(ctx, s.dc, `Order ${s.order_number}`);
    const problem = transitionProblem(s.order_number, s.status, 'allocated');
    if (problem) throw new MutationRejected('SHIPMENT_ILLEGAL_TRANSITION', problem);
    await tx.update('shipments', { id: args.shipmentId }, { status: 'allocated', label_serial: null, packed_at: null });
    await writeAuditRow(tx, ctx, { action: 'shipment.requeued', customerId: s.customer_id, reason: args.reason, detail: { shipmentId: args.shipmentId } });
  },
});
