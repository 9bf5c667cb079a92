/**
 * US mailing address normalization per USPS Publication 28 (Postal
 * Addressing Standards).
 *
 * Decisions (where Pub 28 leaves room, or the ZIP+4 file would decide and we
 * have none):
 * - Output is uppercase ASCII (§212). Diacritics are stripped by Unicode
 *   compatibility decomposition (NFKD, which also folds full-width digits
 *   and ligatures) plus removal of combining marks; ß/Æ/Ø/Œ/Ł/Þ are spelled
 *   out; any other non-ASCII character is dropped. A field whose letters or
 *   digits were all dropped is an error, not silently blank.
 * - Punctuation is dropped (§212, §222) except: the ZIP+4 hyphen; a slash
 *   between digits (fractional addresses, "123 1/2 MAIN ST"); a period
 *   between digits (grid addresses, Appendix D2, "39.2 RD"); a hyphen inside
 *   a word that has a digit (hyphenated ranges, Appendix D1, "112-10 BRONX
 *   RD", and units such as "APT 4-B"). Elsewhere a hyphen or apostrophe
 *   separates words ("WILKES BARRE", "O FALLON" as in the City State file);
 *   the period of an initial closes up ("P.O." -> "PO").
 * - "#" (§213) is kept only as the designator of a unit whose designator is
 *   unknown, written "# 4B" with a space; after a real designator ("APT #4")
 *   it is dropped. A line 2 that is only a number ("4B") is printed "# 4B".
 * - Line 2 is folded onto the end of the delivery line (§213, the preferred
 *   location) only when it is exactly one secondary unit, line 1 is a street
 *   address without a unit of its own, the combined line still reads as
 *   street + that unit, and it fits in 64 characters.
 *   Otherwise it is kept, normalized, as `secondaryLine`, to be printed on the
 *   line directly above the delivery line.
 * - Street suffixes (Appendix C1) are abbreviated only in the suffix
 *   position: the last street word, or the one before a post-directional.
 *   The first street word is never taken as the suffix, so "AVENUE OF THE
 *   AMERICAS", "HIGHWAY 9" and "PARK AVE" keep their names.
 * - Directionals (§233) are abbreviated as pre-directional (first street
 *   word) or post-directional (last) only when a street name remains; a
 *   directional directly followed by the suffix is the name: "NORTH ST".
 * - Units (Appendix C2): a designator plus range at the end of the line, or
 *   a stand-alone designator (REAR, PH, ...) right after a suffix or
 *   directional. Never the first street word ("123 REAR ST").
 * - PO Box spellings (POB, P.O. BOX, POST OFFICE BOX, BOX n) become
 *   "PO BOX n" (§28); rural and highway contract routes become "RR n BOX m"
 *   and "HC n BOX m" (§24, §25).
 * - Delivery and secondary lines longer than 64 characters are errors: 64 is
 *   the field width of the ZIP+4 database that Pub 28 §2 tells mailers to
 *   match.
 * - Last line: "CITY ST  12345-6789", two spaces before the ZIP (§224 prefers
 *   them). AA/AE/AP (§225) require the city APO, FPO or DPO.
 * - `line1`/`line2` of the result repeat the delivery and secondary lines in
 *   input shape, so normalizing a normalized address returns it unchanged.
 * - Never throws: any string, including lone surrogates, yields a result.
 */
import { standardizeDeliveryLine, standardizeSecondaryLine } from './delivery-line';
import { deliveryWords, hasReadableContent, placeWords } from './postal-text';
import { MILITARY_CITIES, MILITARY_STATE_CODES, stateCode } from './states';
import { formatZip, parseZip } from './zip';

export interface AddressInput {
  line1: string;
  line2?: string | null;
  city: string;
  state: string;
  zip: string;
}

export type AddressField = 'line1' | 'line2' | 'city' | 'state' | 'zip';

export type AddressErrorCode =
  | 'required'
  | 'unprintable'
  | 'too_long'
  | 'unknown_state'
  | 'invalid_zip'
  | 'military_city';

export interface AddressError {
  field: AddressField;
  code: AddressErrorCode;
  message: string;
}

export interface NormalizedAddress {
  ok: true;
  /** e.g. "123 N MAIN ST APT 4B" */
  deliveryLine: string;
  /** only when line 2 could not be folded into the delivery line; printed above it */
  secondaryLine?: string;
  /** e.g. "SPRINGFIELD IL  62704-1234" */
  lastLine: string;
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  zip5: string;
  zip4: string | null;
}

export interface AddressRejected {
  ok: false;
  errors: AddressError[];
}

export type NormalizeAddressResult = NormalizedAddress | AddressRejected;

/** Pub 28 §2: the ZIP+4 database holds 64 characters per delivery line. */
export const MAX_LINE_LENGTH = 64;

const FIELD_LABELS: Record<AddressField, string> = {
  line1: 'Address line 1',
  line2: 'Address line 2',
  city: 'City',
  state: 'State',
  zip: 'ZIP Code',
};

function asText(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

/** The customer's own text, quoted for a message: trimmed, one line, not too long. */
function quote(raw: string): string {
  const oneLine = raw.replace(/\s+/gu, ' ').trim();
  const short = oneLine.length > 40 ? `${oneLine.slice(0, 39)}…` : oneLine;
  return `"${short}"`;
}

function emptyError(field: AddressField, raw: string): AddressError {
  if (hasReadableContent(raw)) {
    return {
      field,
      code: 'unprintable',
      message: `${FIELD_LABELS[field]} ${quote(raw)} has no characters USPS can print; retype it using A-Z and 0-9`,
    };
  }
  return { field, code: 'required', message: `${FIELD_LABELS[field]} is required` };
}

function tooLong(field: AddressField, line: string): AddressError {
  return {
    field,
    code: 'too_long',
    message: `${FIELD_LABELS[field]} "${line}" is ${line.length} characters after standardizing; USPS allows at most ${MAX_LINE_LENGTH}`,
  };
}

interface DeliveryResult {
  deliveryLine: string;
  secondaryLine: string | null;
}

function normalizeDelivery(line1Raw: string, line2Raw: string, errors: AddressError[]): DeliveryResult | null {
  // A line of nothing but punctuation ("#", "-") carries no address: treat it as empty.
  const delivery = standardizeDeliveryLine(deliveryWords(line1Raw));
  if (delivery.words.length === 0) {
    errors.push(emptyError('line1', line1Raw));
    return null;
  }
  const secondary = standardizeSecondaryLine(deliveryWords(line2Raw));
  if (secondary.words.length === 0 && hasReadableContent(line2Raw)) {
    errors.push(emptyError('line2', line2Raw));
    return null;
  }

  let deliveryLine = delivery.words.join(' ');
  let secondaryLine: string | null = secondary.words.length > 0 ? secondary.words.join(' ') : null;

  // Pub 28 §213: the unit belongs at the end of the delivery line when there
  // is room and line 1 has none; fold only if the result still reads as that unit.
  if (secondary.unit !== null && delivery.acceptsUnit && delivery.unit === null) {
    const folded = standardizeDeliveryLine([...delivery.words, ...secondary.unit]);
    const foldedLine = folded.words.join(' ');
    if (folded.unit?.join(' ') === secondary.unit.join(' ') && foldedLine.length <= MAX_LINE_LENGTH) {
      deliveryLine = foldedLine;
      secondaryLine = null;
    }
  }

  let ok = true;
  if (deliveryLine.length > MAX_LINE_LENGTH) {
    errors.push(tooLong('line1', deliveryLine));
    ok = false;
  }
  if (secondaryLine !== null && secondaryLine.length > MAX_LINE_LENGTH) {
    errors.push(tooLong('line2', secondaryLine));
    ok = false;
  }
  return ok ? { deliveryLine, secondaryLine } : null;
}

function normalizeCity(raw: string, errors: AddressError[]): string | null {
  const words = placeWords(raw);
  if (words.length === 0) {
    errors.push(emptyError('city', raw));
    return null;
  }
  return words.join(' ');
}

function normalizeState(raw: string, errors: AddressError[]): string | null {
  const words = placeWords(raw);
  if (words.length === 0) {
    errors.push(emptyError('state', raw));
    return null;
  }
  const code = stateCode(words.join(' '));
  if (code === undefined) {
    errors.push({
      field: 'state',
      code: 'unknown_state',
      message: `State ${quote(raw)} is not a US state or territory; use its two-letter code (e.g. CA) or full name`,
    });
    return null;
  }
  return code;
}

function normalizeZip(raw: string, errors: AddressError[]): ReturnType<typeof parseZip> {
  if (raw.trim() === '') {
    errors.push(emptyError('zip', raw));
    return null;
  }
  const zip = parseZip(raw);
  if (zip === null) {
    errors.push({
      field: 'zip',
      code: 'invalid_zip',
      message: `ZIP ${quote(raw)} must be 5 digits or ZIP+4 (12345-6789)`,
    });
  }
  return zip;
}

/** Standardize a US address per USPS Publication 28; never throws. */
export function normalizeAddress(input: AddressInput): NormalizeAddressResult {
  const source: Partial<Record<keyof AddressInput, unknown>> =
    typeof input === 'object' && input !== null ? input : {};
  const errors: AddressError[] = [];

  const delivery = normalizeDelivery(asText(source.line1), asText(source.line2), errors);
  const city = normalizeCity(asText(source.city), errors);
  const state = normalizeState(asText(source.state), errors);
  const zip = normalizeZip(asText(source.zip), errors);

  // Pub 28 §225: overseas military mail is addressed to APO, FPO or DPO.
  if (city !== null && state !== null && MILITARY_STATE_CODES.has(state) && !MILITARY_CITIES.has(city)) {
    errors.push({
      field: 'city',
      code: 'military_city',
      message: `City ${quote(city)} cannot be used with military state ${state}; it must be APO, FPO or DPO`,
    });
  }

  if (errors.length > 0 || delivery === null || city === null || state === null || zip === null) {
    return { ok: false, errors };
  }

  return {
    ok: true,
    deliveryLine: delivery.deliveryLine,
    ...(delivery.secondaryLine !== null ? { secondaryLine: delivery.secondaryLine } : {}),
    lastLine: `${city} ${state}  ${formatZip(zip)}`,
    line1: delivery.deliveryLine,
    line2: delivery.secondaryLine,
    city,
    state,
    zip5: zip.zip5,
    zip4: zip.zip4,
  };
}
