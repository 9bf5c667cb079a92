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
 * - The delivery line holds at most 40 characters and 8 words, what USPS
 *   sorting machines read (Pub 28 §35). Line 2 is folded onto it only when
 *   the result still fits; a delivery line that does not fit moves its own
 *   secondary unit to the line above (§356), and one that still does not fit
 *   is an error naming both limits, so the rep's address form says why.
 *   Other lines longer than 64 characters are errors: 64 is the field width
 *   of the ZIP+4 database that Pub 28 §2 tells mailers to match.
 * - Puerto Rico (§29): an alphanumeric house number loses the hyphen between
 *   its letter and number ("A-17" -> "A17"); a block and house number written
 *   with BLOQUE/BLQ and CASA/NUM/NO/LOTE becomes "block-house" in front
 *   ("CALLE 19 BLQ 199 CASA 31" -> "199-31 CALLE 19"). CALLE stays a prefix.
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
  | 'delivery_line_too_long'
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

/** Pub 28 §35: USPS sorting machines read at most 40 characters and 8 words of the delivery line. */
export const MAX_DELIVERY_LINE_CHARACTERS = 40;
export const MAX_DELIVERY_LINE_WORDS = 8;

/** Does a delivery line fit what the sorting machines read (Pub 28 §35)? */
export function fitsSortingMachines(line: string): boolean {
  return line.length <= MAX_DELIVERY_LINE_CHARACTERS && line.split(' ').length <= MAX_DELIVERY_LINE_WORDS;
}

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

function deliveryTooLong(line: string): AddressError {
  const words = line.split(' ').length;
  return {
    field: 'line1',
    code: 'delivery_line_too_long',
    message: `${FIELD_LABELS.line1} "${line}" is ${line.length} characters and ${words} words after standardizing; USPS sorting machines read at most ${MAX_DELIVERY_LINE_CHARACTERS} characters and ${MAX_DELIVERY_LINE_WORDS} words on this line, so shorten it (the apartment or suite can go on line 2)`,
  };
}

function normalizeDelivery(line1Raw: string, line2Raw: string, state: string | null, errors: AddressError[]): DeliveryResult | null {
  // A line of nothing but punctuation ("#", "-") carries no address: treat it as empty.
  const line1Words = deliveryWords(line1Raw);
  const delivery = standardizeDeliveryLine(state === 'PR' ? puertoRicoHouseNumber(line1Words) : line1Words);
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
  // is room (§35) and line 1 has none; fold only if the result still reads as that unit.
  if (secondary.unit !== null && delivery.acceptsUnit && delivery.unit === null) {
    const folded = standardizeDeliveryLine([...delivery.words, ...secondary.unit]);
    const foldedLine = folded.words.join(' ');
    if (folded.unit?.join(' ') === secondary.unit.join(' ') && fitsSortingMachines(foldedLine)) {
      deliveryLine = foldedLine;
      secondaryLine = null;
    }
  }

  // Pub 28 §356: a delivery line too long for the machines moves its secondary unit to the line above.
  if (!fitsSortingMachines(deliveryLine) && delivery.unit !== null && secondaryLine === null && deliveryLine === delivery.words.join(' ')) {
    // Read again without its unit: what ends the street now may be a unit of its own ("... AVENUE LOT NORTH"
    // once "APARTMENT 1" has moved up), as the next reading of this result would find.
    const street = standardizeDeliveryLine(delivery.words.slice(0, delivery.words.length - delivery.unit.length)).words.join(' ');
    if (street !== '') {
      deliveryLine = street;
      secondaryLine = delivery.unit.join(' ');
    }
  }

  let ok = true;
  if (deliveryLine.length > MAX_LINE_LENGTH) {
    errors.push(tooLong('line1', deliveryLine));
    ok = false;
  } else if (!fitsSortingMachines(deliveryLine)) {
    errors.push(deliveryTooLong(deliveryLine));
    ok = false;
  }
  if (secondaryLine !== null && secondaryLine.length > MAX_LINE_LENGTH) {
    errors.push(tooLong('line2', secondaryLine));
    ok = false;
  }
  return ok ? { deliveryLine, secondaryLine } : null;
}

/** Words Puerto Rican addresses use to mark a block ("BLOQUE 23") and a house in it ("CASA 18"), Pub 28 §29. */
const PR_BLOCK_WORDS: ReadonlySet<string> = new Set(['BLOQUE', 'BLQ', 'BLOQ']);
const PR_HOUSE_WORDS: ReadonlySet<string> = new Set(['CASA', 'NUM', 'NUMERO', 'NO', 'LOTE', '#']);

/**
 * Pub 28 §29 (Puerto Rico): the house number goes first, with no hyphen
 * between its letter and its number ("A-17 CALLE AMAPOLA" -> "A17 CALLE
 * AMAPOLA"); a block and house are written "block-house" and the words that
 * named them are dropped ("CALLE 19 BLQ 199 CASA 31" -> "199-31 CALLE 19").
 */
function puertoRicoHouseNumber(words: readonly string[]): string[] {
  const out = [...words];
  const isNumber = (word: string | undefined): word is string => word !== undefined && /^[0-9]+[A-Z]?$/.test(word);
  if (!/[0-9]/.test(out[0] ?? '')) {
    for (let i = 1; i + 3 < out.length; i++) {
      const block = out[i + 1];
      const house = out[i + 3];
      if (PR_BLOCK_WORDS.has(out[i] ?? '') && isNumber(block) && PR_HOUSE_WORDS.has(out[i + 2] ?? '') && isNumber(house)) {
        out.splice(i, 4);
        out.unshift(`${block}-${house}`);
        break;
      }
    }
  }
  const first = out[0] ?? '';
  const lettered = /^([A-Z]+)-([0-9]+)$/.exec(first) ?? /^([0-9]+)-([A-Z]+)$/.exec(first);
  if (lettered) out[0] = `${lettered[1] ?? ''}${lettered[2] ?? ''}`;
  return out;
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

  // The state first: Puerto Rico house numbers follow their own rules (Pub 28 §29).
  const stateErrors: AddressError[] = [];
  const state = normalizeState(asText(source.state), stateErrors);
  const delivery = normalizeDelivery(asText(source.line1), asText(source.line2), state, errors);
  const city = normalizeCity(asText(source.city), errors);
  errors.push(...stateErrors);
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
