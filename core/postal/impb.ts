/**
 * Intelligent Mail package barcode (IMpb), USPS Publication 199 and the
 * barcode specification it builds on (USPS-B-2000508, excerpted in the USPS
 * Parcel Labeling Guide, Appendix A):
 *
 * - GS1-128 carrying two element strings: Application Identifier 420 with the
 *   destination ZIP Code (5 or 9 digits), then the tracking number.
 * - The tracking number (package identification code): Channel Application
 *   Identifier + 3-digit Service Type Code + Mailer ID + serial + one mod-10
 *   check digit, 22 digits for a commercial mailer. The channel AI is "92"
 *   with a 9-digit Mailer ID and "93" with a 6-digit one ("94" is USPS's
 *   online channel and "95" its retail counters, never ours), so the serial
 *   is 7 or 10 digits.
 * - Printed: "USPS TRACKING #" above the barcode and the tracking number in
 *   groups of four digits below it; the 420 + ZIP part is not printed.
 * - 420 + ZIP is a variable-length element, so an FNC1 separates it from
 *   the tracking number; every part is digits in even counts, which keeps the
 *   whole symbol in Code 128 subset C.
 *
 * Check digit (Pub 199, "Mod 10"): weights 3 and 1 alternating from the
 * rightmost data digit (which gets 3), check = (10 - sum mod 10) mod 10; the
 * GS1 check digit. USPS test numbers such as 9400 1112 0108 0805 4830 16
 * verify with it (tests/core/postal/impb.test.ts).
 *
 * Service Type Codes (Pub 199 Appendix, "Service Type Codes"): one per mail
 * class and extra service. Media Mail with USPS Tracking is written here as
 * 710. That value is NOT verified against Pub 199 in this repository (the
 * appendix was not at hand); confirm it with the USPS eVS/IMpb help desk
 * before printing live parcels. Everything else above is from the documents.
 */

export const IMPB_ROUTING_AI = '420';
export const IMPB_TRACKING_DIGITS = 22;

/** Pub 199 Service Type Codes used here (see the header: Media Mail's value is unverified). */
export const IMPB_SERVICE_TYPE_CODES = {
  'Media Mail': '710',
} as const;
export type ImpbMailClass = keyof typeof IMPB_SERVICE_TYPE_CODES;

export type ImpbChannel = '92' | '93';

export interface ImpbParts {
  serviceTypeCode: string;
  /** 6 or 9 digits (USPS-B-3200 §2.1.3 rule on the first digit applies: 9-digit IDs start with 9). */
  mailerId: string;
  serial: string;
}

export class ImpbError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ImpbError';
  }
}

/** Pub 199 mod 10: weights 3,1,3,... from the rightmost data digit. */
export function impbCheckDigit(data: string): string {
  if (!/^[0-9]+$/.test(data)) throw new ImpbError(`IMpb data "${data}" must be digits`);
  let sum = 0;
  for (let i = 0; i < data.length; i++) {
    const digit = Number(data.charAt(data.length - 1 - i));
    sum += i % 2 === 0 ? digit * 3 : digit;
  }
  return String((10 - (sum % 10)) % 10);
}

export function impbChannel(mailerId: string): ImpbChannel {
  return mailerId.length === 9 ? '92' : '93';
}

/** The 22-digit tracking number: channel + STC + MID + serial (zero-padded) + check digit. */
export function buildImpbTrackingNumber(parts: ImpbParts): string {
  const { serviceTypeCode, mailerId, serial } = parts;
  if (!/^[0-9]{3}$/.test(serviceTypeCode)) throw new ImpbError(`Service Type Code "${serviceTypeCode}" must be 3 digits`);
  const validMid = (mailerId.length === 9 && mailerId.startsWith('9')) || (mailerId.length === 6 && /^[0-8]/.test(mailerId));
  if (!/^[0-9]+$/.test(mailerId) || !validMid) throw new ImpbError(`Mailer ID "${mailerId}" must be 6 digits (not starting with 9) or 9 digits starting with 9`);
  const serialDigits = IMPB_TRACKING_DIGITS - 2 - 3 - mailerId.length - 1;
  if (!/^[0-9]+$/.test(serial) || serial.replace(/^0+/, '').length > serialDigits) {
    throw new ImpbError(`Serial "${serial}" must be digits and fit ${serialDigits} digits with a ${mailerId.length}-digit mailer ID`);
  }
  const data = impbChannel(mailerId) + serviceTypeCode + mailerId + serial.replace(/^0+(?=.)/, '').padStart(serialDigits, '0');
  return data + impbCheckDigit(data);
}

export function isValidImpbTrackingNumber(tracking: string): boolean {
  return /^9[23][0-9]{20}$/.test(tracking) && impbCheckDigit(tracking.slice(0, -1)) === tracking.slice(-1);
}

/** "420" + ZIP or ZIP+4: the routing element string (Pub 199; AI 420 = ship-to postal code). */
export function impbRoutingElement(zip5: string, zip4: string | null | undefined): string {
  if (!/^[0-9]{5}$/.test(zip5)) throw new ImpbError(`ZIP "${zip5}" must be 5 digits`);
  const plus4 = typeof zip4 === 'string' && /^[0-9]{4}$/.test(zip4) ? zip4 : '';
  return IMPB_ROUTING_AI + zip5 + plus4;
}

/** What a GS1-128 reader returns for an IMpb, in GS1 bracket notation: "(420)951121234(92)0550...". */
export function impbHumanReadableData(routingElement: string, tracking: string): string {
  return `(${routingElement.slice(0, 3)})${routingElement.slice(3)}(${tracking.slice(0, 2)})${tracking.slice(2)}`;
}

/** The tracking number as printed under the barcode: groups of four digits (Pub 199). */
export function formatImpbTracking(tracking: string): string {
  return tracking.replace(/(.{4})(?=.)/g, '$1 ');
}
