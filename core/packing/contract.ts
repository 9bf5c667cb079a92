import { z } from 'zod';
import { method } from '../method';
import { WAREHOUSE_AND_UP } from '../roles';
import { BarcodeSchema, CheckInOutcomeSchema, ManifestSchema, PackQueueSchema, ReasonSchema, ReturnedPieceSchema, ScanOutcomeSchema } from './schemas';

const ShipmentId = z.number().int().positive();

export const packingMethods = {
  'pack.queue': method({ summary: 'This station’s claimed orders, in ship-by order, and the printer state.', input: z.object({}).strict(), output: PackQueueSchema, roles: WAREHOUSE_AND_UP }),
  'pack.claim': method({
    summary: 'Claim the next orders of this distribution center so no other station packs them.',
    input: z.object({ count: z.number().int().min(1).max(50).default(5) }).strict(),
    output: PackQueueSchema,
    roles: WAREHOUSE_AND_UP,
  }),
  'pack.scan': method({
    summary: 'Verify a scanned disc against an order; on a match pack it and print its label.',
    input: z.object({ shipmentId: ShipmentId, barcode: BarcodeSchema }).strict(),
    output: ScanOutcomeSchema,
    roles: WAREHOUSE_AND_UP,
  }),
  'pack.reprint': method({ summary: 'Print an order’s label again, same serial.', input: z.object({ shipmentId: ShipmentId, reason: ReasonSchema }).strict(), output: ScanOutcomeSchema, roles: WAREHOUSE_AND_UP }),
  'pack.voidLabel': method({
    summary: 'Void a label before the order ships: back to the queue, or cancel the order and return the disc to stock.',
    input: z.object({ shipmentId: ShipmentId, reason: ReasonSchema, then: z.enum(['requeue', 'cancel']) }).strict(),
    output: z.object({ status: z.string() }),
    roles: WAREHOUSE_AND_UP,
  }),
  'pack.ship': method({
    summary: 'Mark labeled orders shipped (they left the building).',
    input: z.object({ shipmentIds: z.array(ShipmentId).min(1).max(500) }).strict(),
    output: z.object({ shipped: z.number().int() }),
    roles: WAREHOUSE_AND_UP,
  }),
  'pack.manifest': method({
    summary: 'End-of-day manifest per mailer ID: each piece with its type, STID, tracking and return serial, as CSV and PDF.',
    input: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Date is YYYY-MM-DD.').optional() }).strict(),
    output: ManifestSchema,
    roles: WAREHOUSE_AND_UP,
  }),
  'pack.printBatch': method({
    summary: 'Print again every label of the claimed batch that has not shipped (same serials, logged as reprints).',
    input: z.object({ reason: ReasonSchema }).strict(),
    output: z.object({ printed: z.number().int() }),
    roles: WAREHOUSE_AND_UP,
  }),
  'pack.retryPrinter': method({ summary: 'Try the label printer again now.', input: z.object({}).strict(), output: PackQueueSchema, roles: WAREHOUSE_AND_UP }),
  'returns.checkIn': method({
    summary: 'Check a returned disc in by its barcode or the Business Reply IMb digits of its mailer (or book it damaged); the customer’s next queued title is allocated centrally.',
    input: z.object({ barcode: ReturnedPieceSchema, damageReason: ReasonSchema.optional() }).strict(),
    output: CheckInOutcomeSchema,
    roles: WAREHOUSE_AND_UP,
  }),
  'returns.nextFor': method({
    summary: 'The order allocated to a customer after their return, once the central office has sent it.',
    input: z.object({ customerId: z.number().int().positive(), since: z.string() }).strict(),
    output: z.object({ orderNumber: z.string(), titleName: z.string() }).nullable(),
    roles: WAREHOUSE_AND_UP,
  }),
} as const;
