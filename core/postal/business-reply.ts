/**
 * Business Reply Mail (BRM): the return panel of the two-way DVD mailer.
 *
 * What the panel must say and carry (DMM 505.1 and USPS "Business Reply
 * Mail with Intelligent Mail Barcodes"):
 * - "BUSINESS REPLY MAIL" in capitals at least 3/16 in high, then
 *   "FIRST-CLASS MAIL PERMIT NO. n CITY ST" (the BRM permit and the Post
 *   Office that issued it), both above the address, the legend between rules;
 * - "POSTAGE WILL BE PAID BY ADDRESSEE" above the address;
 * - "NO POSTAGE NECESSARY IF MAILED IN THE UNITED STATES" in the upper right;
 * - the horizontal bars, right below that endorsement;
 * - FIM C, since the piece carries a barcode (FIM B is for BRM without one);
 * - the address with the ZIP+4 USPS assigned to the BRM, and an IMb: barcode
 *   ID 00, STID 708 (052 with tracing, see stid.ts), the mailer ID, a serial
 *   (any number is allowed for BRM; ours identifies the shipment so a return
 *   is traced to its order), routing = that 9-digit BRM ZIP+4.
 *
 * The IMb digits a returns clerk types or scans are read back with
 * `parseImbDigits`.
 */
import { BRM_STID } from './stid';
import { buildTrackingCode, formatTrackingDigits } from './imb';

export const BRM_TEXT = {
  legend: 'BUSINESS REPLY MAIL',
  postagePaid: 'POSTAGE WILL BE PAID BY ADDRESSEE',
  noPostage: ['NO POSTAGE', 'NECESSARY', 'IF MAILED', 'IN THE', 'UNITED STATES'],
} as const;

/** "FIRST-CLASS MAIL PERMIT NO. 1234 SAN JOSE CA" (DMM 505.1: permit number, then the issuing Post Office). */
export function brmPermitLine(permitNumber: string, city: string, state: string): string {
  return `FIRST-CLASS MAIL PERMIT NO. ${permitNumber} ${city} ${state}`;
}

export interface BrmImbInput {
  mailerId: string;
  serial: string;
  /** IV-MTR tracing of the reply (STID 052) or none (708). */
  tracing: boolean;
  /** The BRM's own ZIP+4, 9 digits: the routing code of every BRM IMb. */
  brmZip9: string;
}

export function brmStid(tracing: boolean): string {
  return tracing ? BRM_STID.traced : BRM_STID.untraced;
}

/** Tracking and routing code of the BRM IMb (barcode ID 00: BRM is single-piece, never presorted). */
export function brmImb(input: BrmImbInput): { tracking: string; routing: string } {
  if (!/^[0-9]{9}$/.test(input.brmZip9)) throw new Error(`The BRM ZIP+4 "${input.brmZip9}" must be 9 digits`);
  return {
    tracking: buildTrackingCode({ barcodeId: '00', serviceTypeId: brmStid(input.tracing), mailerId: input.mailerId, serial: input.serial }),
    routing: input.brmZip9,
  };
}

export interface ParsedImb {
  barcodeId: string;
  serviceTypeId: string;
  mailerId: string;
  serial: string;
  routing: string;
}

/**
 * Reads IMb digits as a person types them from under the bars ("00 708
 * 314159 000000042 951319998") or as a scanner sends them: 20 tracking digits
 * plus 0, 5, 9 or 11 routing digits, spaces and dashes ignored. Null for
 * anything else (a disc barcode, a typo of the wrong length).
 */
export function parseImbDigits(text: string): ParsedImb | null {
  const digits = text.replace(/[\s-]/g, '');
  if (!/^[0-9]+$/.test(digits) || ![20, 25, 29, 31].includes(digits.length)) return null;
  if (!/^[0-4]$/.test(digits.charAt(1))) return null;
  const midLength = digits.charAt(5) === '9' ? 9 : 6;
  return {
    barcodeId: digits.slice(0, 2),
    serviceTypeId: digits.slice(2, 5),
    mailerId: digits.slice(5, 5 + midLength),
    serial: digits.slice(5 + midLength, 20),
    routing: digits.slice(20),
  };
}

export function isBrmStid(stid: string): boolean {
  return stid === BRM_STID.untraced || stid === BRM_STID.traced;
}

/** The digits printed under a BRM IMb. */
export function brmImbDigits(input: BrmImbInput): string {
  const { tracking, routing } = brmImb(input);
  return formatTrackingDigits(tracking, routing);
}
