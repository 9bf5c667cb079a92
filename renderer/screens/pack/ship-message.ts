import type { ShipResult } from '../../../core/packing/schemas';
import { plural } from '../../components/plural';

/** Where an order that was not shipped stands, in the packer's words. */
const NOT_SHIPPED_BECAUSE: Record<string, string> = {
  allocated: 'its label was voided and it is back in the queue',
  picked: 'it has no label yet',
  packed: 'it has no label yet',
  shipped: 'it was already marked shipped',
  void: 'it was cancelled',
};

/** "Mark shipped" in words: how many went, and why any the screen listed did not. */
export function shipMessage({ shipped, notShipped }: ShipResult): string {
  const went = `${plural(shipped, 'order', 'orders')} marked shipped.`;
  const stayed = notShipped.map((n) => `${n.orderNumber ?? `Order ${n.shipmentId}`} was not: ${n.status === null ? 'it is no longer on this station' : (NOT_SHIPPED_BECAUSE[n.status] ?? `it is ${n.status}`)}.`);
  return [went, ...stayed].join(' ');
}
