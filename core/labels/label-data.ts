/**
 * Everything printed on a mailpiece, checked once, so the ZPL and PDF
 * renderers only lay it out (STYLE: validate at the boundary, then trust).
 *
 * Two pieces (DESIGN §7 "Mailpieces"; `pieceTypeFor` decides which):
 * - **letter**: the two-way DVD mailer, First-Class Mail. Its outbound face
 *   carries the sender block, the permit imprint indicia, the ancillary
 *   service endorsement, the delivery address and its IMb; its return panel
 *   is Business Reply Mail (FIM C, the BRM legends, the DC's BRM address and
 *   a BRM IMb whose serial is the shipment's label serial).
 * - **parcel**: a box (several discs, or a replacement sent in a box), Media
 *   Mail, with an Intelligent Mail package barcode. Never an IMb: IMb is a
 *   letter and flat barcode; Media Mail is a parcel price (DMM 173).
 *
 * Nothing on the outside names what the customer rents (policy: no
 * disclosure without notice; the Video Privacy Protection Act, 18 U.S.C.
 * § 2710): the schemas are strict and have no field for a title, a genre or
 * a disc, so no layout can print one. The packer sees the title on screen.
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
 * - The STID comes from the distribution center's services through the STID
 *   table (core/postal/stid.ts), never a constant; the endorsement printed is
 *   the one that table pairs with it.
 * - Parcels print "RETURN SERVICE REQUESTED": a box holds the service's
 *   discs, and an undeliverable one must come back (DMM 507.1.5.3), whatever
 *   the DC chose for letters.
 * - A shipment whose address does not normalize, or a DC whose postal set-up
 *   is incomplete, gets no label: the builder returns `{ ok: false, errors }`
 *   whose messages say which order, which field and what to fix.
 */
import { z } from 'zod';
import { AppError, type FieldIssue } from '../errors';
import { deepFreeze } from '../frozen';
import {
  ENDORSEMENTS,
  IMPB_SERVICE_TYPE_CODES,
  ImbError,
  ImpbError,
  MAX_LINE_LENGTH,
  brmImb,
  brmPermitLine,
  buildImpbTrackingNumber,
  buildTrackingCode,
  firstClassStid,
  impbRoutingElement,
  isBrmStid,
  isValidImpbTrackingNumber,
  normalizeAddress,
  parseAddressCorrection,
  permitImprintLines,
  stidRefusal,
  validateImbInput,
  type AddressError,
  type AddressField,
  type NormalizedAddress,
  type ServiceOption,
} from '../postal';
import { toPostalAscii, placeWords } from '../postal/postal-text';
import { stateCode } from '../postal/states';
import { MAIL_CLASS_OF_PIECE, PIECE_TYPES, type PieceType } from './piece';

const PRINTABLE_ASCII = /^[\x20-\x7E]+$/;

/** One printed line: printable ASCII, not blank, at most 64 characters (the ZIP+4 field width, Pub 28 §2). */
const PrintedLineSchema = z
  .string()
  .min(1)
  .max(MAX_LINE_LENGTH)
  .regex(PRINTABLE_ASCII, 'must be printable ASCII')
  .refine((s) => s.trim() !== '', 'must not be blank');

export const AddressBlockSchema = z.strictObject({
  /** Recipient (or sender) name line. */
  name: PrintedLineSchema,
  /** Printed directly above the delivery line when it could not be folded into it (Pub 28 §213, §356). */
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

/** The four lines of a permit imprint indicia (DMM 604.5.3.6). */
export const IndiciaSchema = z.tuple([PrintedLineSchema, z.literal('U.S. POSTAGE PAID'), PrintedLineSchema, PrintedLineSchema.regex(/^PERMIT NO\. [0-9A-Z-]+$/)]);

export const EndorsementSchema = z.enum([ENDORSEMENTS.ASR, ENDORSEMENTS.CSR, ENDORSEMENTS.RSR, ENDORSEMENTS.TRSR]);

const FaceSchema = {
  orderNumber: OrderNumberSchema,
  /** The service's name over the distribution center's address (DMM 602.1.5 return address). */
  sender: AddressBlockSchema,
  indicia: IndiciaSchema,
  /** DMM 507.1.5; null when the STID is "No Printed Endorsement". */
  endorsement: EndorsementSchema.nullable(),
  deliveryAddress: AddressBlockSchema,
};

export const ReplyPanelSchema = z.strictObject({
  permitLine: PrintedLineSchema.regex(/^FIRST-CLASS MAIL PERMIT NO\. [0-9A-Z-]+ [A-Z ]+ [A-Z]{2}$/),
  address: AddressBlockSchema,
  imb: ImbDataSchema.refine((imb) => imb.tracking.startsWith('00') && isBrmStid(imb.tracking.slice(2, 5)) && imb.routing.length === 9, {
    message: 'a Business Reply IMb has barcode ID 00, STID 708 or 052 and the 9-digit BRM ZIP+4 as routing',
  }),
});
export type ReplyPanel = z.infer<typeof ReplyPanelSchema>;

export const LetterLabelSchema = z.strictObject({
  piece: z.literal('letter'),
  mailClass: z.literal('First-Class Mail'),
  ...FaceSchema,
  imb: ImbDataSchema,
  reply: ReplyPanelSchema,
});

export const ImpbDataSchema = z.strictObject({
  /** "420" + destination ZIP or ZIP+4. */
  routing: z.string().regex(/^420(?:[0-9]{5}|[0-9]{9})$/, 'must be 420 and a 5- or 9-digit ZIP'),
  tracking: z.string().refine(isValidImpbTrackingNumber, 'must be a 22-digit IMpb tracking number with its check digit'),
});
export type ImpbData = z.infer<typeof ImpbDataSchema>;

export const ParcelLabelSchema = z.strictObject({
  piece: z.literal('parcel'),
  mailClass: z.literal('Media Mail'),
  ...FaceSchema,
  impb: ImpbDataSchema,
});

export const LabelDataSchema = z
  .discriminatedUnion('piece', [LetterLabelSchema, ParcelLabelSchema])
  .refine((label) => label.indicia[0] === label.mailClass.toUpperCase(), { message: 'the indicia names the mail class of the piece', path: ['indicia'] });
export type LabelData = z.infer<typeof LabelDataSchema>;
export type LetterLabel = Extract<LabelData, { piece: 'letter' }>;
export type ParcelLabel = Extract<LabelData, { piece: 'parcel' }>;

// ---------------------------------------------------------------------------
// Builder

/**
 * The distribution center columns a label needs (`distribution_centers`
 * row): its address, its mailer ID, and its postal set-up (central columns
 * synced to every station; see migrations 025).
 */
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
  /** The service's name on the sender block and the reply panel. */
  service_name?: string | null;
  permit_number?: string | null;
  permit_city?: string | null;
  permit_state?: string | null;
  brm_permit_number?: string | null;
  brm_zip5?: string | null;
  brm_zip4?: string | null;
  /** 'basic' | 'full-service' */
  imb_service_option?: string | null;
  /** An address-correction key of core/postal/stid.ts: 'none', 'manual/RSR', 'onecode-acs/ASR/2', ... */
  address_correction?: string | null;
  imb_tracing?: boolean | number | null;
  brm_tracing?: boolean | number | null;
}

/** The shipment columns a label needs: a `shipments` row (the address frozen at allocation). */
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
}

export interface BuildLabelInput {
  dc: LabelDistributionCenter;
  shipment: LabelShipment;
  /** The label serial (unique per mailer ID for 45 days); zero-padded into the tracking codes. */
  serial: string;
  /** Letter (default) or parcel: see `pieceTypeFor`. */
  piece?: PieceType;
}

export type LabelIssueCode =
  | AddressError['code']
  | 'name_required'
  | 'name_unprintable'
  | 'name_too_long'
  | 'order_number'
  | 'postal_setup'
  | 'imb'
  | 'impb';

export interface LabelIssue {
  /** Dotted path of what to fix: `shipment.ship_zip5`, `dc.permit_number`, ... */
  field: string;
  code: LabelIssueCode;
  message: string;
}

export type BuildLabelResult = { ok: true; label: LabelData } | { ok: false; errors: LabelIssue[] };

/** What a label printed, for the label event and the manifest (issue 17 item 7). */
export interface LabelPostalRecord {
  piece: PieceType;
  /** The IMb STID of a letter; null for a parcel. */
  stid: string | null;
  /** The IMpb Service Type Code of a parcel; null for a letter. */
  serviceTypeCode: string | null;
  /** The serial of the Business Reply IMb on a letter's return panel; null for a parcel. */
  returnSerial: string | null;
  /** The human-readable tracking of the outbound piece: IMb digits or the IMpb tracking number. */
  tracking: string;
}

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

const truthy = (value: boolean | number | null | undefined): boolean => value === true || value === 1;

interface PostalSetup {
  serviceName: string;
  permitNumber: string;
  permitCity: string;
  permitState: string;
  mailerId: string;
  serviceOption: ServiceOption;
  correction: NonNullable<ReturnType<typeof parseAddressCorrection>>;
  tracing: boolean;
  brm: { permitNumber: string; zip5: string; zip4: string; tracing: boolean } | null;
}

/**
 * The DC's postal set-up, checked: every missing or malformed column is an
 * issue addressed to the admin, not to the customer.
 */
function postalSetup(dc: LabelDistributionCenter, piece: PieceType, errors: LabelIssue[]): PostalSetup | null {
  const fix = `Ask an admin to set it for distribution center ${dc.code} (Station settings, Postal)`;
  const issue = (field: keyof LabelDistributionCenter, what: string): null => {
    errors.push({ field: `dc.${field}`, code: 'postal_setup', message: `${what}. ${fix}` });
    return null;
  };
  const text = (value: unknown): string => foldLine(value);
  const serviceName = text(dc.service_name) || issue('service_name', 'The service name for the sender block is not set') || '';
  const permitNumber = /^[0-9A-Z-]{1,12}$/.test(text(dc.permit_number)) ? text(dc.permit_number) : (issue('permit_number', 'The permit imprint number is not set') ?? '');
  const permitCity = placeWords(typeof dc.permit_city === 'string' ? dc.permit_city : '').join(' ') || (issue('permit_city', 'The city of the Post Office holding the permit is not set') ?? '');
  const permitState = stateCode(placeWords(typeof dc.permit_state === 'string' ? dc.permit_state : '').join(' ')) ?? (issue('permit_state', 'The state of the Post Office holding the permit is not a US state code') ?? '');
  const mailerId = typeof dc.mailer_id === 'string' && /^(?:[0-8][0-9]{5}|9[0-9]{8})$/.test(dc.mailer_id) ? dc.mailer_id : (issue('mailer_id', 'The USPS mailer ID must be 6 digits (not starting with 9) or 9 digits starting with 9') ?? '');
  const serviceOption: ServiceOption = dc.imb_service_option === 'full-service' ? 'full-service' : 'basic';
  if (dc.imb_service_option != null && dc.imb_service_option !== 'basic' && dc.imb_service_option !== 'full-service') {
    issue('imb_service_option', `The IMb service option "${String(dc.imb_service_option)}" is neither basic nor full-service`);
  }
  const correction = parseAddressCorrection(typeof dc.address_correction === 'string' ? dc.address_correction : 'none');
  if (!correction) issue('address_correction', `The address-correction service "${String(dc.address_correction)}" is not one USPS offers`);

  let brm: PostalSetup['brm'] = null;
  if (piece === 'letter') {
    const brmPermit = text(dc.brm_permit_number);
    const zip5 = text(dc.brm_zip5);
    const zip4 = text(dc.brm_zip4);
    if (!/^[0-9A-Z-]{1,12}$/.test(brmPermit)) issue('brm_permit_number', 'The Business Reply Mail permit number is not set');
    else if (!/^[0-9]{5}$/.test(zip5) || !/^[0-9]{4}$/.test(zip4)) issue('brm_zip4', 'The ZIP+4 USPS assigned to the Business Reply Mail is not set (9 digits)');
    else brm = { permitNumber: brmPermit, zip5, zip4, tracing: truthy(dc.brm_tracing) };
  }
  if (errors.length > 0 || !correction) return null;
  return { serviceName, permitNumber, permitCity, permitState, mailerId, serviceOption, correction, tracing: truthy(dc.imb_tracing), brm };
}

/** Turns one postal module error into label issues for the admin. */
function setupFailure(field: string, error: unknown, dcCode: string, orderRef: string): LabelIssue[] {
  if (error instanceof ImbError) {
    return error.issues.map((i) => ({ field, code: 'imb' as const, message: `${orderRef}: ${i.message}. This is station set-up, not the customer's address: ask an admin to check the postal set-up of distribution center ${dcCode}` }));
  }
  if (error instanceof ImpbError || error instanceof Error) {
    return [{ field, code: 'impb' as const, message: `${orderRef}: ${error.message}. This is station set-up: ask an admin to check the postal set-up of distribution center ${dcCode}` }];
  }
  throw error;
}

/** What a label takes from its distribution center alone: the same for every label the DC prints with the same set-up. */
interface DcParts {
  origin: ReturnType<typeof normalizeAddress>;
  /** The sender address's issues, then the postal set-up's, as a label lists them. */
  errors: readonly LabelIssue[];
  setup: PostalSetup | null;
  indicia: LabelData['indicia'];
  sender: AddressBlock;
  stid: { ok: true; choice: NonNullable<ReturnType<typeof firstClassStid>> } | { ok: false; refusal: string };
}

/**
 * Every scan builds a label from the same DC row: its address normalized,
 * its postal set-up checked and its STID looked up once per set-up, not per
 * label. Keyed by every column read, so a DC whose postal settings change
 * (an admin's edit, a pull) simply gets a new entry.
 */
const dcPartsCache = new Map<string, DcParts>();
const DC_PARTS_KEPT = 64;

function dcParts(dc: LabelDistributionCenter, piece: PieceType): DcParts {
  const key = JSON.stringify([
    piece, dc.code, dc.line1, dc.line2, dc.city, dc.state, dc.zip5, dc.zip4, dc.mailer_id, dc.service_name, dc.permit_number, dc.permit_city,
    dc.permit_state, dc.brm_permit_number, dc.brm_zip5, dc.brm_zip4, dc.imb_service_option, dc.address_correction, dc.imb_tracing, dc.brm_tracing,
  ]);
  let parts = dcPartsCache.get(key);
  if (!parts) {
    parts = workOutDcParts(dc, piece);
    if (dcPartsCache.size >= DC_PARTS_KEPT) dcPartsCache.clear();
    dcPartsCache.set(key, parts);
  }
  return parts;
}

function workOutDcParts(dc: LabelDistributionCenter, piece: PieceType): DcParts {
  const fixDc = `Ask an admin to correct the address of distribution center ${dc.code}`;
  const errors: LabelIssue[] = [];
  const origin = normalizeAddress({ line1: dc.line1, line2: dc.line2 ?? null, city: dc.city, state: dc.state, zip: zipText(dc.zip5, dc.zip4) });
  if (!origin.ok) {
    errors.push(...addressIssues(origin.errors, DC_FIELDS, 'dc', fixDc).map((i) => ({ ...i, message: `Sender address: ${i.message}` })));
  }
  const setupErrors: LabelIssue[] = [];
  const setup = postalSetup(dc, piece, setupErrors);
  errors.push(...setupErrors);
  if (!origin.ok || setup === null) return deepFreeze({ origin, errors, setup, indicia: ['', 'U.S. POSTAGE PAID', '', ''], sender: { name: '', deliveryLine: '', lastLine: '' }, stid: { ok: false, refusal: '' } });
  const indicia = permitImprintLines({ mailClass: MAIL_CLASS_OF_PIECE[piece], permitCity: setup.permitCity, permitState: setup.permitState, permitNumber: setup.permitNumber });
  const service = { serviceOption: setup.serviceOption, correction: setup.correction, tracing: setup.tracing };
  const choice = firstClassStid(service);
  return deepFreeze({
    origin,
    errors,
    setup,
    indicia,
    sender: toBlock(setup.serviceName, origin),
    stid: choice ? { ok: true, choice } : { ok: false, refusal: stidRefusal(service) },
  });
}

/**
 * Assemble a mailpiece for a shipment: normalizes both addresses (Pub 28),
 * picks the STID from the DC's services, builds the IMb (USPS-B-3200) and the
 * Business Reply IMb of a letter, or the IMpb (Pub 199) of a parcel.
 * Never throws.
 */
export function buildLabelData(input: BuildLabelInput): BuildLabelResult {
  const { dc, shipment } = input;
  const piece: PieceType = input.piece ?? 'letter';
  const order = typeof shipment.order_number === 'string' ? shipment.order_number.trim().toUpperCase() : '';
  const orderRef = order === '' ? 'This order' : `Order ${order}`;
  const fixAddress = "Correct the customer's shipping address, then print the label again";
  const errors: LabelIssue[] = [];

  if (!(PIECE_TYPES as readonly string[]).includes(piece)) {
    return { ok: false, errors: [{ field: 'piece', code: 'postal_setup', message: `${orderRef}: "${String(piece)}" is neither a letter nor a parcel` }] };
  }

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
    errors.push(...addressIssues(delivery.errors, SHIPMENT_FIELDS, 'shipment', fixAddress).map((i) => ({ ...i, message: `${orderRef}: ${i.message}` })));
  }

  const fromDc = dcParts(dc, piece);
  errors.push(...fromDc.errors);
  const { origin, setup } = fromDc;
  if (errors.length > 0 || !delivery.ok || !origin.ok || recipient.line === null || setup === null) return { ok: false, errors };

  const { indicia, sender } = fromDc;
  const deliveryAddress = toBlock(recipient.line, delivery);

  let label: LabelData;
  if (piece === 'parcel') {
    let impb: ImpbData;
    try {
      impb = {
        routing: impbRoutingElement(delivery.zip5, delivery.zip4),
        tracking: buildImpbTrackingNumber({ serviceTypeCode: IMPB_SERVICE_TYPE_CODES['Media Mail'], mailerId: setup.mailerId, serial: input.serial }),
      };
    } catch (error) {
      return { ok: false, errors: setupFailure('serial', error, dc.code, orderRef) };
    }
    label = { piece, mailClass: 'Media Mail', orderNumber: order, sender, indicia, endorsement: ENDORSEMENTS.RSR, deliveryAddress, impb };
  } else {
    const choice = fromDc.stid;
    if (!choice.ok) return { ok: false, errors: [{ field: 'dc.address_correction', code: 'postal_setup', message: `${choice.refusal}. Ask an admin to choose another service for distribution center ${dc.code}` }] };
    // USPS-B-3200 §2.1.3: the routing code is the delivery ZIP, ZIP+4 or ZIP+4 + delivery point.
    const deliveryPoint = typeof shipment.ship_delivery_point === 'string' ? shipment.ship_delivery_point.trim() : '';
    let routing = delivery.zip5;
    if (delivery.zip4 !== null) {
      routing += delivery.zip4;
      if (/^[0-9]{2}$/.test(deliveryPoint)) routing += deliveryPoint;
    }
    const brm = setup.brm!;
    let imb: ImbData;
    let replyImb: ImbData;
    try {
      imb = { tracking: buildTrackingCode({ barcodeId: '00', serviceTypeId: choice.choice.stid, mailerId: setup.mailerId, serial: input.serial }), routing };
      replyImb = brmImb({ mailerId: setup.mailerId, serial: input.serial, tracing: brm.tracing, brmZip9: brm.zip5 + brm.zip4 });
    } catch (error) {
      return { ok: false, errors: setupFailure('serial', error, dc.code, orderRef) };
    }
    // The BRM permit is held at the Post Office that delivers the replies: the DC's own city.
    const reply: ReplyPanel = {
      permitLine: brmPermitLine(brm.permitNumber, origin.city, origin.state),
      address: { name: setup.serviceName, deliveryLine: origin.deliveryLine, lastLine: `${origin.city} ${origin.state}  ${brm.zip5}-${brm.zip4}` },
      imb: replyImb,
    };
    label = { piece, mailClass: 'First-Class Mail', orderNumber: order, sender, indicia, endorsement: choice.choice.endorsement as LabelData['endorsement'], deliveryAddress, imb, reply };
  }

  // Belt and braces: everything above should already satisfy the schema.
  const checked = LabelDataSchema.safeParse(label);
  if (!checked.success) {
    return { ok: false, errors: checked.error.issues.map((i) => ({ field: i.path.map(String).join('.'), code: 'imb', message: `${orderRef}: ${i.message}` })) };
  }
  checkedLabels.add(deepFreeze(checked.data));
  return { ok: true, label: checked.data };
}

/**
 * Labels this module built and checked against the schema, frozen so they
 * stay as checked: printing one does not check it a second time (a scan
 * builds its label and prints it within a millisecond).
 */
const checkedLabels = new WeakSet<LabelData>();

/** The label as the schema reads it: a label `buildLabelData` returned is taken as it is; anything else is parsed (and throws a ZodError when it does not fit). */
export function checkedLabel(label: LabelData): LabelData {
  return checkedLabels.has(label) ? label : LabelDataSchema.parse(label);
}

/** What to record about a printed label (label events, manifest). */
export function labelPostalRecord(label: LabelData): LabelPostalRecord {
  if (label.piece === 'parcel') {
    return { piece: 'parcel', stid: null, serviceTypeCode: label.impb.tracking.slice(2, 5), returnSerial: null, tracking: label.impb.tracking };
  }
  const midLength = label.reply.imb.tracking.charAt(5) === '9' ? 9 : 6;
  return {
    piece: 'letter',
    stid: label.imb.tracking.slice(2, 5),
    serviceTypeCode: null,
    returnSerial: label.reply.imb.tracking.slice(5 + midLength),
    tracking: label.imb.tracking,
  };
}

/** The builder's refusal as the app-wide error envelope (core/errors), for the service that asked for a label. */
export function labelRefusal(errors: readonly LabelIssue[]): AppError {
  const fields: FieldIssue[] = errors.map((e) => ({ field: e.field, message: e.message }));
  const first = errors[0]?.message ?? 'The label could not be built.';
  return new AppError('INVALID_INPUT', first, fields);
}
