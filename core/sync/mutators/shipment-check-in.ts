/**
 * A returned disc checked back in: the order is returned, the disc back in
 * stock (or booked damaged), and on the server the customer's next queued
 * title is allocated within their plan's limit of discs out at once. Only
 * the server holds the rental queue and the plan, so only its run allocates;
 * the packing station sees the new order at its next pull.
 */
import { z } from 'zod';
import { WAREHOUSE_AND_UP } from '../../roles';
import { MutationRejected, mutator } from '../mutation';
import { EntityIdSchema, assertOwnDistributionCenter, mustGet } from './shared';
import { allocateShipment, type Allocation } from './allocate-shipment';
import type { RowOf } from '../../data/tables';
import { RETURN_FLAG_WORDS } from '../../customers/replacement-policy';

type ShipmentRow = Pick<RowOf<'shipments'>, 'id' | 'order_number' | 'status' | 'dc' | 'customer_id' | 'disc_id'>;

const OUT_STATUSES = ['allocated', 'picked', 'packed', 'labeled', 'shipped'];

export const shipmentCheckIn = mutator({
  name: 'shipment.checkIn',
  summary: 'Check a returned disc in; allocate the customer’s next queued title.',
  roles: WAREHOUSE_AND_UP,
  args: z
    .object({ discId: EntityIdSchema, damageReason: z.string().trim().min(3, 'Say what is damaged.').max(200).optional() })
    .strict(),
  async run(tx, args, ctx) {
    const disc = await mustGet<{ id: number; barcode: string; home_dc: string; status: string; return_flag: string | null }>(tx, 'discs', { id: args.discId }, `Disc ${args.discId}`);
    assertOwnDistributionCenter(ctx, disc.home_dc, `Disc ${disc.barcode}`);
    const out = [...(await tx.find<ShipmentRow>('shipments', { disc_id: disc.id, status: 'shipped' })), ...(await tx.find<ShipmentRow>('shipments', { disc_id: disc.id, status: 'lost' }))];
    const shipment = out[0];
    if (!shipment) throw new MutationRejected('RETURN_NOT_OUT', `Disc ${disc.barcode} is not out with a customer; nothing to check in.`);
    await tx.update('shipments', { id: shipment.id }, { status: 'returned', returned_at: ctx.at });
    // A disc the customer reported damaged on a call is booked damaged even when the desk did not say so; the flag has done its work.
    const damageReason = args.damageReason ?? (disc.return_flag === 'damaged' ? RETURN_FLAG_WORDS.damaged : undefined);
    await tx.update('discs', { id: disc.id }, damageReason ? { status: 'damaged', damage_reason: damageReason, return_flag: null } : { status: 'in_stock', damage_reason: null, return_flag: null });
    if (ctx.side === 'server') await allocateNext(tx, shipment.customer_id, ctx.at);
  },
});

type Tx = Parameters<typeof shipmentCheckIn.run>[0];

async function allocateNext(tx: Tx, customerId: number, at: string): Promise<void> {
  const customer = await tx.get<{ plan_discs_out: number; home_dc: string; age_certified_at: string | null; status: string; full_name: string }>('customers', { id: customerId });
  if (!customer || customer.status !== 'active' || !customer.age_certified_at) return;
  const history = await tx.find<{ title_id: number; status: string }>('shipments', { customer_id: customerId });
  if (history.filter((h) => OUT_STATUSES.includes(h.status)).length >= customer.plan_discs_out) return;
  const rented = new Set(history.map((h) => h.title_id));
  const queue = (await tx.find<{ title_id: number; position: number }>('rental_queue', { customer_id: customerId })).sort((a, b) => a.position - b.position);
  const address = (await tx.find<Allocation['address']>('addresses', { customer_id: customerId, is_current: true }))[0];
  if (!address) return;
  for (const entry of queue) {
    if (rented.has(entry.title_id)) continue;
    const copy = (await tx.find<{ id: number }>('discs', { title_id: entry.title_id, home_dc: customer.home_dc, status: 'in_stock' }, { limit: 1 }))[0];
    if (!copy) continue;
    await allocateShipment(tx, {
      customerId,
      customer,
      address,
      titleId: entry.title_id,
      discId: copy.id,
      at,
    });
    await tx.delete('rental_queue', { customer_id: customerId, title_id: entry.title_id });
    return;
  }
}
