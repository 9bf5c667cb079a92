/**
 * Scan-to-verify (DESIGN §5): every disc scanned at a packing station is
 * checked against the order before anything advances. One copy of the rule,
 * used by the station for the instant answer and by the server's mutator.
 */
import type { Reason } from '../errors';

/** The reasons a scan can fail (one vocabulary with every other refusal: core/errors.ts). */
export type ScanProblem = Extract<
  Reason,
  'DISC_UNKNOWN' | 'DISC_WRONG_TITLE' | 'DISC_NOT_IN_STOCK' | 'DISC_OTHER_DC' | 'DISC_DAMAGED' | 'CUSTOMER_NOT_AGE_CERTIFIED' | 'ORDER_NOT_OPEN'
>;

export interface ScanExpectation {
  orderNumber: string;
  titleId: number;
  titleName: string;
  dc: string;
  status: string;
  /** Policy: "People under 18 cannot use Netflix's services." */
  ageCertified: boolean;
  /** The copy allocated to the order; another in-stock copy of the title does as well. */
  allocatedDiscId: number | null;
}

export interface ScannedDisc {
  id: number;
  barcode: string;
  titleId: number;
  titleName: string;
  homeDc: string;
  status: string;
  damageReason: string | null;
}

export type ScanVerdict = { ok: true } | { ok: false; reason: ScanProblem; message: string };

export const PACKABLE_STATUSES = ['allocated', 'picked'] as const;

export function verifyScan(expected: ScanExpectation, disc: ScannedDisc | null, barcode: string): ScanVerdict {
  const fail = (reason: ScanProblem, message: string): ScanVerdict => ({ ok: false, reason, message });
  if (!(PACKABLE_STATUSES as readonly string[]).includes(expected.status)) return fail('ORDER_NOT_OPEN', `Order ${expected.orderNumber} is ${expected.status}, not waiting to be packed.`);
  if (!expected.ageCertified) return fail('CUSTOMER_NOT_AGE_CERTIFIED', `The customer of order ${expected.orderNumber} has not certified they are 18 or older; this order cannot ship. Hand it to customer service.`);
  if (!disc) return fail('DISC_UNKNOWN', `No disc has barcode ${barcode.slice(0, 40)}. Rescan, or set the disc aside for inspection.`);
  if (disc.titleId !== expected.titleId) return fail('DISC_WRONG_TITLE', `This disc is "${disc.titleName}", but the order is for "${expected.titleName}". Put it back and scan the right one.`);
  if (disc.status === 'damaged') return fail('DISC_DAMAGED', `Disc ${disc.barcode} is flagged damaged${disc.damageReason ? ` (${disc.damageReason})` : ''}. Take another copy.`);
  if (disc.homeDc !== expected.dc) return fail('DISC_OTHER_DC', `Disc ${disc.barcode} belongs to distribution center ${disc.homeDc}, not ${expected.dc}. Do not pack it: put it in the transfer tray for ${disc.homeDc} and scan another copy.`);
  if (disc.status !== 'in_stock' && disc.id !== expected.allocatedDiscId) return fail('DISC_NOT_IN_STOCK', `Disc ${disc.barcode} is booked as ${disc.status.replace('_', ' ')}, not in stock.`);
  return { ok: true };
}
