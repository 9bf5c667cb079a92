/**
 * Everything printed on a shipping label, checked once, so the ZPL and PDF
 * renderers only lay it out (STYLE: validate at the boundary, then trust).
 *
 * Decisions:
 * - Every printed string is printable ASCII (0x20-0x7E). Pub 28 §212 wants the
 *   address uppercase ASCII anyway, and it keeps both renderers on their
 *   built-in fonts: ZPL font 0 in code page ^CI0, PDF Helvetica (WinAnsi).
 * - The recipient name is folded the way the address is (diacritics dropped,
 *   uppercase) but keeps its punctuation: names are not matched against the
 *   ZIP+4 file, so "O'BRIEN" may stay "O'BRIEN". Any `^`, `~` or `_` a
 *   customer typed stays data (the ZPL renderer hex-escapes it); only a
 *   backslash is dropped, see `foldLine`.
 * - Routing code = ZIP + ZIP+4 (+ the 2-digit delivery point when a CASS
 *   lookup supplied one), USPS-B-3200 §2.1.3. A malformed delivery point is
 *   left out rather than blocking the label: ZIP+4 routing is still valid.
 * - The service type ID (STID) is the station's choice from the USPS STID
 *   table (it encodes the mail class and the address-correction service
 *   ordered); it is passed in, never guessed here. `mailClass` only chooses
 *   the printed banner.
 * - A shipment whose address does not normalize gets no label: the builder
 *   returns `{ ok: false, errors }` whose messages say which order, which
 *   field and what to fix, for the CS rep who corrects the address.
 */
import { z } from 'zod';
import { AppError, type FieldIssue } from '../errors';
import {
  ImbError,
  MAX_LINE_LENGTH,
  buildTrackingCode,
  normalizeAddress,
  validateImbInput,
  type AddressError,
  type AddressField,
  type NormalizedAddress,
} from '../postal';
import { toPostalAscii } from '../postal/postal-text';

export const LABEL_LAYOUTS = ['4x6', 'letter-mailer'] as const;
export type LabelLayoutName = (typeof LABEL_LAYOUTS)[number];

export const MAIL_CLASSES = ['First-Class Mail', 'Media Mail'] as const;
export type MailClass = (typeof MAIL_CLASSES)[number];

const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;

/** One printed line: printable ASCII, not blank, at most 64 characters (the ZIP+4 field width, Pub 28 §2). */
const PrintedLineSchema = z
  .string()
  .min(1)
  .max(MAX_LINE_LENGTH)
  .regex(PRINTABLE_ASCII, 'must be printable ASCII')
  .refine((s) => s.trim() !== '', 'must not be blank');

export const AddressBlockSchema = z.object({
  /** Recipient (or sender) name line. */
  name: PrintedLineSchema,
  /** Printed directly above the delivery line when it could not be folded into it (Pub 28 §213). */
  secondaryLine: PrintedLineSchema.optional(),
  deliveryLine: PrintedLineSchema,
  /** "CITY ST  12345-6789" (Pub 28 §224). */
  lastLine: PrintedLineSchema,
});
export type AddressBlock = z.infer<typeof AddressBlockSchema>;

export const ImbDataSchema = z
  .object({
    /** Barcode ID + STID + mailer ID + serial, 20 digits (USPS-B-3200 §2.1.3). */
    tracking: z.string().regex(/^[0-9]{20}$/, 'must be 20 digits'),
    /** '', ZIP, ZIP+4 or ZIP+4+delivery point: 0, 5, 9 or 11 digits. */
    routing: z.string().regex(/^(?:[0-9]{5}|[0-9]{9}|[0-9]{11})?$/, 'must be 0, 5, 9 or 11 digits'),
  })
  .superRefine((imb, ctx) => {
    for (const issue of validateImbInput(imb.tracking, imb.routing)) {
      ctx.addIssue({ code: 'custom', message: issue.message, path: [issue.code === 'routing' ? 'routing' : 'tracking'] });
    }
  });
export type ImbData = z.infer<typeof ImbDataSchema>;

/**
 * Code 128 data for the order number. Restricted to A-Z, 0-9 and "-" so it
 * can never hold a ZPL ^BC invocation sequence (">" + character, ZPL II
 * manual, ^BC "Code 128 invocation characters") or anything a scanner would
 * read differently from what is printed under it.
 */
export const OrderNumberSchema = z
  .string()
  .regex(/^[A-Z0-9-]{1,24}$/, 'order number must be 1-24 characters of A-Z, 0-9 and "-"');

/** Small print only: a long title is cut, never wrapped onto the address. */
export const MAX_TITLE_LENGTH = 48;

export const DiscLineSchema = z.object({
  barcode: z.string().min(1).max(32).regex(PRINTABLE_ASCII, 'must be printable ASCII'),
  title: z.string().max(MAX_TITLE_LENGTH).regex(/^[\x20-\x7E]*$/, 'must be printable ASCII'),
});

export const LabelDataSchema = z.object({
  layout: z.enum(LABEL_LAYOUTS),
  mailClass: z.enum(MAIL_CLASSES),
  returnAddress: AddressBlockSchema,
  deliveryAddress: AddressBlockSchema,
  imb: ImbDataSchema,
  orderNumber: OrderNumberSchema,
  /** Small print for the packer: which disc goes in this mailer. */
  disc: DiscLineSchema.optional(),
});
export type LabelData = z.infer<typeof LabelDataSchema>;

// ---------------------------------------------------------------------------
// Builder

/** The distribution center columns a label needs (`distribution_centers` row). */
export interface LabelDistributionCenter {
  code: string;
  name: string;
  line1: string;
  line2?: string | null;
  city: string;
  state: string;
  zip5: string;
  zip4?: string | null;
  mailer_id?: string | null;
}

/**
 * The shipment columns a label needs: a `shipments` row (the address frozen
 * at allocation) joined with its disc barcode and title name.
 */
export interface LabelShipment {
  order_number: string;
  ship_name: string;
  ship_line1: string;
  ship_line2?: string | null;
  ship_city: string;
  ship_state: string;
  ship_zip5: string;
  ship_zip4?: string | null;
  /** 2-digit delivery point from a CASS lookup, when one was made. */
  ship_delivery_point?: string | null;
  disc_barcode?: string | null;
  title_name?: string | null;
}

export interface BuildLabelInput {
  dc: LabelDistributionCenter;
  shipment: LabelShipment;
  /** 6 or 9 digits; defaults to the distribution center's own `mailer_id`. */
  mailerId?: string;
  /** The label serial (unique per mailer ID for 45 days); zero-padded into the tracking code. */
  serial: string;
  /** USPS service type ID, 3 digits, from the STID table (mail class + address-correction service). */
  serviceType: string;
  /** IMb barcode ID, 2 digits; "00" when no presort optional endorsement line applies. */
  barcodeId?: string;
  /** The banner printed on the label. */
  mailClass: MailClass;
  layout?: LabelLayoutName;
  /** First line of the return address; defaults to the distribution center's name. */
  returnName?: string;
}

export type LabelIssueCode =
  | AddressError['code']
  | 'name_required'
  | 'name_unprintable'
  | 'name_too_long'
  | 'order_number'
  | 'imb';

export interface LabelIssue {
  /** Dotted path of what to fix: `shipment.ship_zip5`, `dc.line1`, `mailerId`, ... */
  field: string;
  code: LabelIssueCode;
  message: string;
}

export type BuildLabelResult = { ok: true; label: LabelData } | { ok: false; errors: LabelIssue[] };

const SHIPMENT_FIELDS: Record<AddressField, keyof LabelShipment> = {
  line1: 'ship_line1',
  line2: 'ship_line2',
  city: 'ship_city',
  state: 'ship_state',
  zip: 'ship_zip5',
};

const DC_FIELDS: Record<AddressField, keyof LabelDistributionCenter> = {
  line1: 'line1',
  line2: 'line2',
  city: 'city',
  state: 'state',
  zip: 'zip5',
};

function zipText(zip5: string, zip4: string | null | undefined): string {
  const plus4 = typeof zip4 === 'string' ? zip4.trim() : '';
  return plus4 === '' ? zip5 : `${zip5}-${plus4}`;
}

/**
 * Uppercase printable ASCII with single spaces: Pub 28 §212 style, punctuation
 * kept (see header) except the backslash, which Zebra font 0 has no glyph for
 * in code page USA1 and which ^FB would read as a line break ("\&").
 */
function foldLine(raw: unknown): string {
  return toPostalAscii(typeof raw === 'string' ? raw : '').replace(/\\/g, ' ').replace(/ +/g, ' ').trim();
}

function nameIssues(raw: unknown, field: string, who: string): { line: string | null; issues: LabelIssue[] } {
  const text = typeof raw === 'string' ? raw : '';
  const line = foldLine(text);
  if (line === '' || !/[A-Z0-9]/.test(line)) {
    return /[\p{L}\p{N}]/u.test(text)
      ? { line: null, issues: [{ field, code: 'name_unprintable', message: `${who} "${text.trim()}" has no characters USPS can print; retype it using A-Z and 0-9` }] }
      : { line: null, issues: [{ field, code: 'name_required', message: `${who} is required` }] };
  }
  if (line.length > MAX_LINE_LENGTH) {
    return {
      line: null,
      issues: [{ field, code: 'name_too_long', message: `${who} "${line}" is ${line.length} characters; a label line holds at most ${MAX_LINE_LENGTH}, so shorten it` }],
    };
  }
  return { line, issues: [] };
}

function addressIssues(
  errors: readonly AddressError[],
  fields: Record<AddressField, string>,
  prefix: string,
  advice: string,
): LabelIssue[] {
  return errors.map((e) => ({ field: `${prefix}.${fields[e.field]}`, code: e.code, message: `${e.message}. ${advice}` }));
}

function toBlock(name: string, address: NormalizedAddress): AddressBlock {
  return {
    name,
    ...(address.secondaryLine !== undefined ? { secondaryLine: address.secondaryLine } : {}),
    deliveryLine: address.deliveryLine,
    lastLine: address.lastLine,
  };
}

const IMB_FIELDS: Record<ImbError['code'], string> = {
  barcode_id: 'barcodeId',
  service_type_id: 'serviceType',
  mailer_id: 'mailerId',
  serial: 'serial',
  tracking: 'serial',
  routing: 'shipment.ship_zip5',
};

/** A title for small print: ASCII, uppercase, cut at 48 characters with "...". */
function discTitle(raw: string | null | undefined): string {
  const title = foldLine(raw ?? '');
  return title.length <= MAX_TITLE_LENGTH ? title : `${title.slice(0, MAX_TITLE_LENGTH - 3).trimEnd()}...`;
}

/**
 * Assemble a label for a shipment: normalizes both addresses (Pub 28), builds
 * the IMb tracking and routing codes (USPS-B-3200 §2.1.3). Never throws.
 */
export function buildLabelData(input: BuildLabelInput): BuildLabelResult {
  const { dc, shipment } = input;
  const order = typeof shipment.order_number === 'string' ? shipment.order_number.trim().toUpperCase() : '';
  const orderRef = order === '' ? 'This order' : `Order ${order}`;
  const fixAddress = "Correct the customer's shipping address, then print the label again";
  const fixDc = `Ask an admin to correct the return address of distribution center ${dc.code}`;
  const errors: LabelIssue[] = [];

  const orderCheck = OrderNumberSchema.safeParse(order);
  if (!orderCheck.success) {
    errors.push({ field: 'shipment.order_number', code: 'order_number', message: `${orderRef}: the order number cannot be printed as a barcode; it must be 1-24 characters of A-Z, 0-9 and "-"` });
  }

  const recipient = nameIssues(shipment.ship_name, 'shipment.ship_name', `${orderRef}: recipient name`);
  errors.push(...recipient.issues.map((i) => ({ ...i, message: `${i.message}. ${fixAddress}` })));

  const delivery = normalizeAddress({
    line1: shipment.ship_line1,
    line2: shipment.ship_line2 ?? null,
    city: shipment.ship_city,
    state: shipment.ship_state,
    zip: zipText(shipment.ship_zip5, shipment.ship_zip4),
  });
  if (!delivery.ok) {
    errors.push(
      ...addressIssues(delivery.errors, SHIPMENT_FIELDS, 'shipment', fixAddress).map((i) => ({ ...i, message: `${orderRef}: ${i.message}` })),
    );
  }

  const sender = nameIssues(input.returnName ?? dc.name, input.returnName !== undefined ? 'returnName' : 'dc.name', `Distribution center ${dc.code} name`);
  errors.push(...sender.issues.map((i) => ({ ...i, message: `${i.message}. ${fixDc}` })));
  const origin = normalizeAddress({ line1: dc.line1, line2: dc.line2 ?? null, city: dc.city, state: dc.state, zip: zipText(dc.zip5, dc.zip4) });
  if (!origin.ok) {
    errors.push(...addressIssues(origin.errors, DC_FIELDS, 'dc', fixDc).map((i) => ({ ...i, message: `Return address: ${i.message}` })));
  }

  let tracking: string | null = null;
  try {
    tracking = buildTrackingCode({
      barcodeId: input.barcodeId ?? '00',
      serviceTypeId: input.serviceType,
      mailerId: input.mailerId ?? dc.mailer_id ?? '',
      serial: input.serial,
    });
  } catch (error) {
    if (!(error instanceof ImbError)) throw error;
    for (const issue of error.issues) {
      errors.push({
        field: IMB_FIELDS[issue.code],
        code: 'imb',
        message: `${orderRef}: ${issue.message}. This is station set-up, not the customer's address: ask an admin to check the mailer ID and service type of distribution center ${dc.code}`,
      });
    }
  }

  if (errors.length > 0 || !delivery.ok || !origin.ok || recipient.line === null || sender.line === null || tracking === null) {
    return { ok: false, errors };
  }

  // USPS-B-3200 §2.1.3: the routing code is the delivery ZIP, ZIP+4 or ZIP+4 + delivery point.
  const deliveryPoint = typeof shipment.ship_delivery_point === 'string' ? shipment.ship_delivery_point.trim() : '';
  let routing = delivery.zip5;
  if (delivery.zip4 !== null) {
    routing += delivery.zip4;
    if (/^[0-9]{2}$/.test(deliveryPoint)) routing += deliveryPoint;
  }

  const barcode = foldLine(shipment.disc_barcode ?? '');
  const label: LabelData = {
    layout: input.layout ?? '4x6',
    mailClass: input.mailClass,
    returnAddress: toBlock(sender.line, origin),
    deliveryAddress: toBlock(recipient.line, delivery),
    imb: { tracking, routing },
    orderNumber: order,
    ...(barcode !== '' ? { disc: { barcode: barcode.slice(0, 32), title: discTitle(shipment.title_name) } } : {}),
  };

  // Belt and braces: everything above should already satisfy the schema.
  const checked = LabelDataSchema.safeParse(label);
  if (!checked.success) {
    return {
      ok: false,
      errors: checked.error.issues.map((i) => ({ field: i.path.map(String).join('.'), code: 'imb', message: `${orderRef}: ${i.message}` })),
    };
  }
  return { ok: true, label: checked.data };
}

/** The builder's refusal as the app-wide error envelope (core/errors), for the service that asked for a label. */
export function labelRefusal(errors: readonly LabelIssue[]): AppError {
  const fields: FieldIssue[] = errors.map((e) => ({ field: e.field, message: e.message }));
  const first = errors[0]?.message ?? 'The label could not be built.';
  return new AppError('INVALID_INPUT', `LABEL_NOT_PRINTABLE: ${first}`, fields);
}
