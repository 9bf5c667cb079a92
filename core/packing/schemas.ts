import { z } from 'zod';
import { REASON_LIST } from '../errors';

export const PackItemSchema = z.object({
  shipmentId: z.number().int(),
  orderNumber: z.string(),
  status: z.string(),
  titleId: z.number().int(),
  titleName: z.string(),
  expectedDiscBarcode: z.string().nullable(),
  shipName: z.string(),
  deliveryLine: z.string(),
  lastLine: z.string(),
  shipBy: z.string(),
  ageCertified: z.boolean(),
  labelSerial: z.string().nullable(),
  /** The letter mailer, or a box with a 4x6 parcel label (core/labels/piece.ts). */
  pieceType: z.enum(['letter', 'parcel']),
});
export type PackItem = z.infer<typeof PackItemSchema>;

export const PrinterStatusSchema = z.object({
  printer: z.string(),
  state: z.enum(['online', 'offline', 'printing']),
  pending: z.number().int(),
  lastError: z.string().nullable(),
});

/** "Mark shipped": how many shipped, and each asked-for order that was not, with where it stands (null: not on this station). */
export const ShipResultSchema = z.object({
  shipped: z.number().int(),
  notShipped: z.array(z.object({ shipmentId: z.number().int(), orderNumber: z.string().nullable(), status: z.string().nullable() })),
});
export type ShipResult = z.infer<typeof ShipResultSchema>;

/** The shift counter (core/packing/shift.ts) and the label "reprint last" and "void last" act on. */
export const ShiftSchema = z.object({
  hour: z.number().int(),
  today: z.number().int(),
  perHour: z.number().int(),
  /** The distribution center's time zone the hour and the day are counted in. */
  timeZone: z.string(),
  /** This station's most recent label whose order has not shipped: what "reprint last" and "void last" act on. */
  last: z.object({ shipmentId: z.number().int(), orderNumber: z.string() }).nullable(),
});
export type Shift = z.infer<typeof ShiftSchema>;

export const PackQueueSchema = z.object({ items: z.array(PackItemSchema), printer: PrinterStatusSchema.nullable() });
export type PackQueue = z.infer<typeof PackQueueSchema>;

export const ScanOutcomeSchema = z.object({
  ok: z.boolean(),
  /** Why the scan failed (core/errors.ts REASONS); null when it matched. */
  reason: z.enum(REASON_LIST).nullable(),
  message: z.string(),
  label: z
    .object({ serial: z.string(), tracking: z.string(), pieceType: z.enum(['letter', 'parcel']), printer: z.string().nullable(), queued: z.boolean() })
    .nullable(),
});
export type ScanOutcome = z.infer<typeof ScanOutcomeSchema>;

export const BarcodeSchema = z.string().trim().min(1, 'Scan a barcode.').max(64, 'That is not a disc barcode.');
/** At Returns: a disc barcode, or the digits of the Business Reply IMb on the returned mailer (typed with spaces or scanned). */
export const ReturnedPieceSchema = z.string().trim().min(1, 'Scan the disc, or type the digits under the return barcode.').max(64, 'That is neither a disc barcode nor return barcode digits.');
export const ReasonSchema = z.string().trim().min(3, 'Say why (at least 3 characters).').max(200);

export const CheckInOutcomeSchema = z.object({
  orderNumber: z.string(),
  titleName: z.string(),
  customerId: z.number().int(),
  discBarcode: z.string(),
  discStatus: z.string(),
  /** When the station checked it in (its clock): the next title allocated for this return is the one allocated from then on. */
  checkedInAt: z.string(),
  /** What the customer reported about this disc on a call (issue 15 item 5), in words; null when nothing was. */
  reportedProblem: z.string().nullable(),
});

export const ManifestSchema = z.object({
  date: z.string(),
  pieces: z.number().int(),
  files: z.array(z.object({ mailerId: z.string(), filename: z.string(), csv: z.string(), pdfBase64: z.string() })),
});
