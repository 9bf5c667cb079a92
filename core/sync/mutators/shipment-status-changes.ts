/**
 * The packing line's status changes. Each is checked against the one state
 * machine (../shipment-status.ts): an illegal change is refused at the station
 * and, when two stations raced, rejected by the server with the reason.
 */
import { z } from 'zod';
import { WAREHOUSE_AND_UP } from '../../roles';
import { MutationRejected, mutator, type MutationContext, type MutationTx } from '../mutation';
import { transitionProblem, type ShipmentStatus } from '../shipment-status';
import type { Row } from '../tables';
import { EntityIdSchema, assertOwnDistributionCenter, assertStationOfOrderDc, mustGet, writeAuditRow } from './shared';
import type { RowOf } from '../../data/tables';

type ShipmentFields = Pick<RowOf<'shipments'>, 'id' | 'order_number' | 'status' | 'dc' | 'disc_id' | 'customer_id'>;

async function changeStatus(
  tx: MutationTx,
  ctx: MutationContext,
  shipmentId: number,
  to: ShipmentStatus,
  fields: Row = {},
  checkDc: (ctx: MutationContext, dc: unknown, what: string) => void = assertOwnDistributionCenter,
): Promise<ShipmentFields> {
  const shipment = await mustGet<ShipmentFields>(tx, 'shipments', { id: shipmentId }, `Shipment ${shipmentId}`);
  checkDc(ctx, shipment.dc, `Order ${shipment.order_number}`);
  const problem = transitionProblem(shipment.order_number, shipment.status, to);
  if (problem) throw new MutationRejected('ILLEGAL_TRANSITION', `SHIPMENT_ILLEGAL_TRANSITION: ${problem}`);
  await tx.update('shipments', { id: shipmentId }, { status: to, ...fields });
  return shipment;
}

/**
 * The disc follows its shipment. A packing station holds only its own DC's
 * discs, so a disc it does not have is left to the server's run.
 */
async function setDiscStatus(tx: MutationTx, discId: number | null, status: 'out' | 'in_stock'): Promise<void> {
  if (discId === null) return;
  const disc = await tx.get<{ status: string }>('discs', { id: discId });
  // A damaged or lost disc stays so until someone inspects it.
  if (!disc || disc.status === 'damaged' || disc.status === 'lost') return;
  if (disc.status !== status) await tx.update('discs', { id: discId }, { status });
}

const ShipmentArgs = z.object({ shipmentId: EntityIdSchema }).strict();

export const shipmentMarkShipped = mutator({
  name: 'shipment.markShipped',
  summary: 'The mailer left the building.',
  roles: WAREHOUSE_AND_UP,
  args: ShipmentArgs,
  async run(tx, args, ctx) {
    const shipment = await changeStatus(tx, ctx, args.shipmentId, 'shipped', { shipped_at: ctx.at });
    await setDiscStatus(tx, shipment.disc_id, 'out');
  },
});

/**
 * A void is refused through a station of another distribution center, for
 * supervisors and admins as for packers: the mailer and its disc are in the
 * order's own building, and a void books that disc back in stock there.
 */
export const shipmentVoid = mutator({
  name: 'shipment.void',
  summary: 'Cancel a shipment that has not left the building.',
  roles: WAREHOUSE_AND_UP,
  args: z.object({ shipmentId: EntityIdSchema, reason: z.string().trim().min(3, 'Say why the shipment is voided.').max(200) }).strict(),
  async run(tx, args, ctx) {
    const shipment = await changeStatus(tx, ctx, args.shipmentId, 'void', {}, assertStationOfOrderDc);
    await setDiscStatus(tx, shipment.disc_id, 'in_stock');
    // shipments has no reason column: the why goes to the audit trail.
    await writeAuditRow(tx, ctx, { action: 'shipment.voided', customerId: shipment.customer_id, reason: args.reason, detail: { shipmentId: shipment.id } });
  },
});
