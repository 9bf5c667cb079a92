import { z } from 'zod';
import { method } from '../method';
import { WAREHOUSE_AND_UP } from '../roles';
import { BarcodeSchema, ManifestSchema, PackQueueSchema, ReasonSchema, ScanOutcomeSchema, ShiftSchema, ShipResultSchema } from './schemas';

const ShipmentId = z.number().int().positive();

export const packingMethods = {
  'packing.queue': method({ summary: 'This station’s claimed orders, in ship-by order, and the printer state.', input: z.object({}).strict(), output: PackQueueSchema, roles: WAREHOUSE_AND_UP }),
  'packing.claim': method({
    summary: 'Claim the next orders of this distribution center so no other station packs them.',
    input: z.object({ count: z.number().int().min(1).max(50).default(5) }).strict(),
    /** `released`: orders this station had claimed that the central office gave back to the pool after the station sat idle. */
    output: PackQueueSchema.extend({ released: z.array(z.string()) }),
    roles: WAREHOUSE_AND_UP,
  }),
  'packing.scan': method({
    summary: 'Verify a scanned disc against an order; on a match pack it and print its label.',
    input: z.object({ shipmentId: ShipmentId, barcode: BarcodeSchema }).strict(),
    output: ScanOutcomeSchema,
    roles: WAREHOUSE_AND_UP,
  }),
  'packing.reprint': method({ summary: 'Print an order’s label again, same serial.', input: z.object({ shipmentId: ShipmentId, reason: ReasonSchema }).strict(), output: ScanOutcomeSchema, roles: WAREHOUSE_AND_UP }),
  'packing.voidLabel': method({
    summary: 'Void a label before the order ships: back to the queue, or cancel the order and return the disc to stock.',
    input: z.object({ shipmentId: ShipmentId, reason: ReasonSchema, then: z.enum(['requeue', 'cancel']) }).strict(),
    output: z.object({ status: z.string() }),
    roles: WAREHOUSE_AND_UP,
  }),
  'packing.ship': method({
    summary: 'Mark labeled orders shipped (they left the building).',
    input: z.object({ shipmentIds: z.array(ShipmentId).min(1).max(500) }).strict(),
    output: ShipResultSchema,
    roles: WAREHOUSE_AND_UP,
  }),
  'packing.manifest': method({
    summary: 'End-of-day manifest per mailer ID: each piece with its type, STID, tracking and return serial, as CSV and PDF.',
    input: z.object({ date: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'Date is YYYY-MM-DD.').optional() }).strict(),
    output: ManifestSchema,
    roles: WAREHOUSE_AND_UP,
  }),
  'packing.printBatch': method({
    summary: 'Print again every label of the claimed batch that has not shipped (same serials, logged as reprints).',
    input: z.object({ reason: ReasonSchema }).strict(),
    output: z.object({ printed: z.number().int() }),
    roles: WAREHOUSE_AND_UP,
  }),
  'packing.shift': method({
    summary: 'This station’s shift counter: labels printed this hour and today (the distribution center’s clock), the hourly rate, and its last label not yet shipped.',
    // Read whenever the station's tables change and once a minute for the hour's turn: never a reason to keep a kiosk awake.
    passive: true,
    input: z.object({}).strict(),
    output: ShiftSchema,
    roles: WAREHOUSE_AND_UP,
  }),
  'packing.commandCards': method({
    summary: 'A printable sheet of the packing commands as Code 128 cards, so a scanner can claim, reprint, void, ship and run the manifest.',
    input: z.object({}).strict(),
    output: z.object({ filename: z.string(), pdfBase64: z.string() }),
    roles: WAREHOUSE_AND_UP,
  }),
  'packing.retryPrinter': method({ summary: 'Try the label printer again now.', input: z.object({}).strict(), output: PackQueueSchema, roles: WAREHOUSE_AND_UP }),
} as const;
