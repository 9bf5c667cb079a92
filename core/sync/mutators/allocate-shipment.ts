/**
 * A new shipment of one disc to a customer's current address: what a check-in
 * allocates next from the queue and what an order problem allocates as a
 * replacement. Server side only (the order number follows the row id).
 */
import type { RowOf } from '../../data/tables';
import type { MutationTx } from '../mutation';

/** Days from allocation to the ship-by date the packing queue sorts on. */
export const SHIP_WITHIN_DAYS = 2;

export interface Allocation {
  customerId: number;
  customer: Pick<RowOf<'customers'>, 'home_dc' | 'full_name'>;
  address: Pick<RowOf<'addresses'>, 'line1' | 'line2' | 'city' | 'state' | 'zip5' | 'zip4'>;
  titleId: number;
  discId: number;
  /** The mutation's time. */
  at: string;
}

/** Inserts the shipment and names it; null if the row could not be read back. */
export async function allocateShipment(tx: MutationTx, a: Allocation): Promise<number | null> {
  // Order numbers follow the row id, which only the server's insert knows: insert under a placeholder, then name it.
  const placeholder = `SH-PENDING-${tx.newId()}`;
  await tx.insert('shipments', {
    order_number: placeholder,
    customer_id: a.customerId,
    title_id: a.titleId,
    disc_id: a.discId,
    dc: a.customer.home_dc,
    status: 'allocated',
    ship_by: new Date(Date.parse(a.at) + SHIP_WITHIN_DAYS * 86_400_000).toISOString(),
    ship_name: a.customer.full_name.toUpperCase(),
    ship_line1: a.address.line1,
    ship_line2: a.address.line2 ?? null,
    ship_city: a.address.city,
    ship_state: a.address.state,
    ship_zip5: a.address.zip5,
    ship_zip4: a.address.zip4 ?? null,
    created_at: a.at,
  });
  const [created] = await tx.find<{ id: number }>('shipments', { order_number: placeholder }, { limit: 1 });
  if (!created) return null;
  await tx.update('shipments', { id: created.id }, { order_number: `SH${String(created.id).padStart(9, '0')}` });
  return created.id;
}
