/**
 * Intelligent Mail barcode (IMb) encoder, per USPS-B-3200 (Rev H).
 *
 * The IMb carries a 20-digit tracking code (barcode ID, service type ID,
 * mailer ID, serial) plus an optional 5/9/11-digit routing code (delivery
 * ZIP / ZIP+4 / ZIP+4+delivery point) as 65 four-state bars:
 *   F = full (ascender + descender), A = ascender, D = descender, T = tracker.
 */
import {
  BAR_COUNT,
  BAR_TO_CHARACTER,
  CHARACTER_BITS,
  TABLE_2_OF_13,
  TABLE_5_OF_13,
} from './imb-tables';

export type ImbErrorCode =
  | 'barcode_id'
  | 'service_type_id'
  | 'mailer_id'
  | 'serial'
  | 'tracking'
  | 'routing';

export interface ImbIssue {
  readonly code: ImbErrorCode;
  readonly message: string;
}

/** Thrown by the encoding functions; `issues` lists every problem found, `code`/`message` the first. */
export class ImbError extends Error {
  readonly code: ImbErrorCode;
  readonly issues: readonly ImbIssue[];

  constructor(issues: readonly ImbIssue[]) {
    const first = issues[0] ?? { code: 'tracking' as const, message: 'Invalid IMb input' };
    super(first.message);
    this.name = 'ImbError';
    this.code = first.code;
    this.issues = issues;
  }
}

export interface TrackingCodeParts {
  barcodeId: string;
  serviceTypeId: string;
  mailerId: string;
  serial: string;
}

const DIGITS = /^[0-9]+$/;

function describe(value: unknown): string {
  return typeof value === 'string' ? `"${value}"` : String(value);
}

/** Mailer+serial always fill 15 digits (USPS-B-3200 §2.1.3). */
const MAILER_AND_SERIAL_DIGITS = 15;

/**
 * Which length the mailer ID has, judged from its first digit: USPS assigns
 * 9-digit MIDs starting with 9 and 6-digit MIDs starting with 0-8, so the
 * split of the 15 mailer+serial digits is self-describing (USPS-B-3200 §2.1.3).
 */
function mailerIdLength(firstDigit: string): 6 | 9 {
  return firstDigit === '9' ? 9 : 6;
}

function validateParts(parts: TrackingCodeParts): ImbIssue[] {
  const issues: ImbIssue[] = [];
  const { barcodeId, serviceTypeId, mailerId, serial } = parts;

  // USPS-B-3200 §2.1.3: the barcode ID's second digit must be 0-4, because the
  // encoder folds it in with a multiplier of 5 (Step 1, §2.2.1).
  if (typeof barcodeId !== 'string' || !/^[0-9][0-4]$/.test(barcodeId)) {
    issues.push({
      code: 'barcode_id',
      message: `Barcode ID ${describe(barcodeId)} must be 2 digits and its second digit must be 0-4`,
    });
  }
  if (typeof serviceTypeId !== 'string' || !/^[0-9]{3}$/.test(serviceTypeId)) {
    issues.push({
      code: 'service_type_id',
      message: `Service type ID ${describe(serviceTypeId)} must be exactly 3 digits`,
    });
  }

  let midLength: 6 | 9 | null = null;
  if (typeof mailerId !== 'string' || !DIGITS.test(mailerId)) {
    issues.push({ code: 'mailer_id', message: `Mailer ID ${describe(mailerId)} must be 6 or 9 digits` });
  } else if (mailerId.length === 9 && mailerId.startsWith('9')) {
    midLength = 9;
  } else if (mailerId.length === 6 && !mailerId.startsWith('9')) {
    midLength = 6;
  } else if (mailerId.length === 9) {
    issues.push({ code: 'mailer_id', message: `Mailer ID "${mailerId}" has 9 digits, so it must start with 9` });
  } else if (mailerId.length === 6) {
    issues.push({
      code: 'mailer_id',
      message: `Mailer ID "${mailerId}" has 6 digits, so it must not start with 9 (9-digit IDs start with 9)`,
    });
  } else {
    issues.push({
      code: 'mailer_id',
      message: `Mailer ID "${mailerId}" has ${mailerId.length} digits; it must be 6 or 9 digits`,
    });
  }

  if (typeof serial !== 'string' || !DIGITS.test(serial)) {
    issues.push({ code: 'serial', message: `Serial number ${describe(serial)} must be digits only` });
  } else if (midLength !== null && serial.length > MAILER_AND_SERIAL_DIGITS - midLength) {
    const max = MAILER_AND_SERIAL_DIGITS - midLength;
    issues.push({
      code: 'serial',
      message: `Serial number "${serial}" is ${serial.length} digits; with a ${midLength}-digit mailer ID it can be at most ${max}`,
    });
  }
  return issues;
}

/**
 * Assemble the 20-digit tracking code: barcode ID (2) + service type ID (3) +
 * mailer ID (6 or 9) + serial zero-padded to 9 or 6 digits (USPS-B-3200 §2.1.3).
 * Throws ImbError when any part is malformed.
 */
export function buildTrackingCode(parts: TrackingCodeParts): string {
  const issues = validateParts(parts);
  if (issues.length > 0) throw new ImbError(issues);
  const serialLength = MAILER_AND_SERIAL_DIGITS - parts.mailerId.length;
  return parts.barcodeId + parts.serviceTypeId + parts.mailerId + parts.serial.padStart(serialLength, '0');
}

/** Lengths the routing code may have: none, ZIP, ZIP+4, ZIP+4+delivery point (USPS-B-3200 §2.1.3). */
const ROUTING_LENGTHS: readonly number[] = [0, 5, 9, 11];

/** Non-throwing check of an IMb payload; an empty list means `imbBars` will accept it. */
export function validateImbInput(tracking: string, routing: string = ''): ImbIssue[] {
  const issues: ImbIssue[] = [];
  if (typeof tracking !== 'string' || !/^[0-9]{20}$/.test(tracking)) {
    const length = typeof tracking === 'string' ? ` (got ${tracking.length} characters)` : '';
    issues.push({ code: 'tracking', message: `Tracking code ${describe(tracking)} must be exactly 20 digits${length}` });
  } else if (!/^[0-4]$/.test(tracking.charAt(1))) {
    // Same rule as the barcode ID: its second digit is encoded in base 5 (USPS-B-3200 §2.2.1).
    issues.push({
      code: 'barcode_id',
      message: `Tracking code "${tracking}" starts with barcode ID "${tracking.slice(0, 2)}"; its second digit must be 0-4`,
    });
  }
  if (typeof routing !== 'string' || !(routing === '' || DIGITS.test(routing)) || !ROUTING_LENGTHS.includes(routing.length)) {
    issues.push({
      code: 'routing',
      message: `Routing code ${describe(routing)} must be empty or a 5-digit ZIP, 9-digit ZIP+4 or 11-digit ZIP+4+delivery point`,
    });
  }
  return issues;
}

function assertValid(tracking: string, routing: string): void {
  const issues = validateImbInput(tracking, routing);
  if (issues.length > 0) throw new ImbError(issues);
}

/**
 * USPS-B-3200 §2.2.1 (Step 1): the routing code becomes a number offset by
 * its length class so that '', '01234', '012345678' and '01234567891' can
 * never collide: 0 for none, ZIP + 1, ZIP+4 + 100000 + 1, 11 digits +
 * 1000000000 + 100000 + 1.
 */
function routingValue(routing: string): bigint {
  switch (routing.length) {
    case 0:
      return 0n;
    case 5:
      return BigInt(routing) + 1n;
    case 9:
      return BigInt(routing) + 100000n + 1n;
    default:
      return BigInt(routing) + 1000000000n + 100000n + 1n;
  }
}

/**
 * USPS-B-3200 §2.2.1 (Step 1): fold the tracking digits onto the routing
 * value: the first digit ×10, the second ×5 (hence its 0-4 limit), the
 * remaining 18 ×10 each. The result fits in 102 bits.
 */
export function payloadValue(tracking: string, routing: string = ''): bigint {
  assertValid(tracking, routing);
  let value = routingValue(routing);
  value = value * 10n + BigInt(tracking.charAt(0));
  value = value * 5n + BigInt(tracking.charAt(1));
  for (let i = 2; i < tracking.length; i++) value = value * 10n + BigInt(tracking.charAt(i));
  return value;
}

const PAYLOAD_BITS = 102;
const CRC_POLYNOMIAL = 0x0f35;
const CRC_MASK = 0x7ff;

/**
 * USPS-B-3200 §2.2.2 (Step 2): 11-bit CRC (generator polynomial 0x0F35,
 * preset to all ones) over the 102 payload bits, most significant first.
 * The spec feeds 13 bytes and skips the 2 leading pad bits; walking the
 * 102 bits directly is the same computation.
 */
export function frameCheckSequence(payload: bigint): number {
  let fcs = CRC_MASK;
  for (let bit = PAYLOAD_BITS - 1; bit >= 0; bit--) {
    const dataBit = Number((payload >> BigInt(bit)) & 1n);
    const topBit = (fcs >> 10) & 1;
    fcs = topBit ^ dataBit ? (fcs << 1) ^ CRC_POLYNOMIAL : fcs << 1;
    fcs &= CRC_MASK;
  }
  return fcs;
}

/**
 * USPS-B-3200 §2.2.3 (Step 3) and §2.2.4 (Step 4): split the payload into
 * codewords A..J: J is base 636, I..B base 1365, A takes the rest (0-658).
 * Then J is doubled (an orientation marker: J always maps to an even, hence
 * 5-of-13, character) and A gains 659 when FCS bit 10 is set, which is how
 * the eleventh CRC bit is carried.
 */
export function codewords(payload: bigint, fcs: number): number[] {
  const words = new Array<number>(10).fill(0);
  let rest = payload;
  words[9] = Number(rest % 636n);
  rest /= 636n;
  for (let i = 8; i >= 1; i--) {
    words[i] = Number(rest % 1365n);
    rest /= 1365n;
  }
  words[0] = Number(rest);
  words[9] = (words[9] ?? 0) * 2;
  if (fcs & 0x400) words[0] = (words[0] ?? 0) + 659;
  return words;
}

const CHARACTER_MASK = (1 << CHARACTER_BITS) - 1;

/**
 * USPS-B-3200 §2.2.5 (Step 5): codewords 0-1286 index the 5-of-13 table,
 * 1287-1364 the 2-of-13 table; then character i is bitwise negated when FCS
 * bit i (0-9) is set, spreading the CRC over the characters.
 */
export function characters(words: readonly number[], fcs: number): number[] {
  return words.map((word, index) => {
    const character = word < TABLE_5_OF_13.length ? TABLE_5_OF_13[word] : TABLE_2_OF_13[word - TABLE_5_OF_13.length];
    if (character === undefined) throw new Error(`codeword ${word} is outside the IMb character tables`);
    return fcs & (1 << index) ? ~character & CHARACTER_MASK : character;
  });
}

function bitOf(chars: readonly number[], character: number, bit: number): boolean {
  return (((chars[character] ?? 0) >> bit) & 1) === 1;
}

/**
 * Encode an IMb as 65 characters of F/A/D/T (left to right).
 * Throws ImbError for a malformed tracking or routing code.
 */
export function imbBars(tracking: string, routing: string = ''): string {
  const payload = payloadValue(tracking, routing);
  const fcs = frameCheckSequence(payload);
  const chars = characters(codewords(payload, fcs), fcs);
  // USPS-B-3200 §2.2.6 (Step 6): each bar's descender and ascender are driven by one character bit each.
  let bars = '';
  for (const { descender, ascender } of BAR_TO_CHARACTER) {
    const down = bitOf(chars, descender.character, descender.bit);
    const up = bitOf(chars, ascender.character, ascender.bit);
    bars += down && up ? 'F' : up ? 'A' : down ? 'D' : 'T';
  }
  if (bars.length !== BAR_COUNT) throw new Error(`IMb produced ${bars.length} bars instead of ${BAR_COUNT}`);
  return bars;
}

/**
 * The human-readable line printed under an IMb, grouped by field
 * (USPS-B-3200 §2.1.3): barcode ID, service type ID, mailer ID, serial,
 * routing code, e.g. "01 234 567094 987654321 01234567891".
 */
export function formatTrackingDigits(tracking: string, routing: string = ''): string {
  assertValid(tracking, routing);
  const midLength = mailerIdLength(tracking.charAt(5));
  const groups = [
    tracking.slice(0, 2),
    tracking.slice(2, 5),
    tracking.slice(5, 5 + midLength),
    tracking.slice(5 + midLength),
  ];
  if (routing !== '') groups.push(routing);
  return groups.join(' ');
}
