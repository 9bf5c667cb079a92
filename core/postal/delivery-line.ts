/**
 * Standardization of the Delivery Address Line (USPS Publication 28 §23):
 * primary number, pre-directional, street name, suffix, post-directional,
 * secondary unit; plus the PO Box (§28), rural route (§24) and highway
 * contract route (§25) styles.
 *
 * Works on words already cleaned by `deliveryWords` and returns words, so
 * that standardizing its own output changes nothing (idempotence is
 * property-tested).
 */
import { directionalAbbreviation, twoWordDirectional } from './directionals';
import { standardSuffix } from './pub28-suffixes';
import { UNKNOWN_UNIT_DESIGNATOR, unitDesignator } from './pub28-units';

export interface StandardDeliveryLine {
  readonly words: readonly string[];
  /** the secondary unit words at the end of `words` (e.g. ["APT", "4B"]), if any */
  readonly unit: readonly string[] | null;
  /** PO Box, rural route and highway contract lines take no secondary unit */
  readonly acceptsUnit: boolean;
}

const hasDigit = (word: string): boolean => /[0-9]/.test(word);

/**
 * Could `word` be a secondary range (the "4B" of "APT 4B")? Digits, or a
 * single letter ("APT B"). A spelled-out NORTH/SOUTH/EAST/WEST counts too,
 * as its one-letter abbreviation: otherwise "APT NORTH" would be read as a
 * post-directional the first time and "APT N" as a unit the second.
 */
function asRange(word: string | undefined): string | null {
  if (word === undefined) return null;
  if (/^[A-Z0-9]+(?:-[A-Z0-9]+)*$/.test(word) && (hasDigit(word) || word.length === 1)) return word;
  const direction = directionalAbbreviation(word);
  return direction !== undefined && direction.length === 1 ? direction : null;
}

/**
 * Secondary unit at the very end of `words`, never at index 0 (the first
 * street word is the street's name: "123 REAR ST", "123 LOT 5 RD").
 * Pub 28 §213 / Appendix C2: designators marked as needing a range take one;
 * the others (REAR, PH, ...) stand alone, or take a numeric range ("PH 2").
 * "#" only stands in for an unknown designator.
 */
function trailingUnit(words: readonly string[]): { start: number; unit: string[] } | null {
  const count = words.length;
  if (count < 3) return null; // a unit needs at least one street word before it
  const last = words[count - 1] ?? '';
  const beforeLast = words[count - 2] ?? '';

  const range = asRange(last);
  if (range !== null) {
    if (beforeLast === UNKNOWN_UNIT_DESIGNATOR) return { start: count - 2, unit: [UNKNOWN_UNIT_DESIGNATOR, range] };
    const designator = unitDesignator(beforeLast);
    // TRLR is both a street suffix (C1) and a unit designator (C2): "COURT TRLR N" is a suffix and a
    // post-directional (as "COURT TRLRS NORTH" is written), never trailer "N", so a second pass reads it the same.
    const suffixAndDirectional = standardSuffix(beforeLast) !== undefined && directionalAbbreviation(last) !== undefined;
    if (designator && !suffixAndDirectional && (designator.requiresRange || hasDigit(range))) {
      return { start: count - 2, unit: [designator.abbreviation, range] };
    }
  }

  const standAlone = standAloneUnitAtEnd(words);
  return standAlone ? { start: count - 1, unit: standAlone } : null;
}

/**
 * A stand-alone designator (REAR, PH, ...) closing the words, which only
 * counts once the street has visibly ended with a suffix or directional
 * ("MAIN ST REAR"); "LAKE FRONT" is a name.
 */
function standAloneUnitAtEnd(words: readonly string[]): string[] | null {
  if (words.length < 3) return null; // a unit needs at least one street word before it
  const standAlone = unitDesignator(words[words.length - 1] ?? '');
  const beforeLast = words[words.length - 2] ?? '';
  const streetEnded = standardSuffix(beforeLast) !== undefined || directionalAbbreviation(beforeLast) !== undefined;
  return standAlone && !standAlone.requiresRange && streetEnded ? [standAlone.abbreviation] : null;
}

/**
 * A line 2 that is nothing but a secondary unit ("Apt 4B", "#4", "Suite
 * 200", "Rear", or a bare "4B", which gets "#" since its designator is
 * unknown, Pub 28 §213). Anything else returns null and stays on its own line.
 */
export function unitOnly(words: readonly string[]): string[] | null {
  const cleaned = dropHashAfterDesignator(words);
  if (cleaned.length === 1) {
    const only = cleaned[0] ?? '';
    const designator = unitDesignator(only);
    if (designator && !designator.requiresRange) return [designator.abbreviation];
    if (hasDigit(only) && asRange(only) !== null) return [UNKNOWN_UNIT_DESIGNATOR, only];
    return null;
  }
  if (cleaned.length === 2) {
    // Reuse the end-of-line rule with a placeholder street word in front.
    const found = trailingUnit(['X', ...cleaned]);
    return found && found.start === 1 ? found.unit : null;
  }
  return null;
}

/**
 * "APT # 4" -> "APT 4": with a known designator the "#" is redundant (Pub 28
 * §213). Repeated "#"s count as one.
 */
function dropHashAfterDesignator(words: readonly string[]): string[] {
  const kept: string[] = [];
  for (const word of words) {
    const previous = kept[kept.length - 1];
    const redundant =
      word === UNKNOWN_UNIT_DESIGNATOR &&
      previous !== undefined &&
      (previous === UNKNOWN_UNIT_DESIGNATOR || unitDesignator(previous) !== undefined);
    if (!redundant) kept.push(word);
  }
  return kept;
}

/**
 * Street words between the primary number and the unit (Pub 28 §233, §234):
 * - the last word is a post-directional if it is a directional and something
 *   precedes it;
 * - the word before that (or the last word) is the suffix, abbreviated per
 *   Appendix C1, unless it is the first word: "AVENUE OF THE AMERICAS",
 *   "HIGHWAY 9" and "PARK AVE" keep their leading word as the name;
 * - the first word is a pre-directional only if a name remains between it
 *   and the suffix: "NORTH MAIN ST" -> "N MAIN ST" but "NORTH ST" keeps
 *   NORTH as the street name (§233).
 */
function standardizeStreetWords(words: readonly string[]): string[] {
  // A stand-alone unit left in the street by a later unit ("MILL CREEK REAR APT 1") is read as the next pass
  // reads it once APT 1 has moved to line 2 (§356): the street ends before it, so "CREEK" is the suffix.
  const standAlone = standAloneUnitAtEnd(words);
  if (standAlone) return [...standardizeStreetWords(words.slice(0, -1)), ...standAlone];
  let end = words.length;
  let postDirectional: string | undefined;
  // §233: a two-word directional ("SOUTH EAST") is one post-directional when a street precedes it.
  const postPair = end >= 3 ? twoWordDirectional(words[end - 2] ?? '', words[end - 1] ?? '') : undefined;
  if (postPair !== undefined) {
    postDirectional = postPair;
    end -= 2;
  } else if (end >= 2) {
    postDirectional = directionalAbbreviation(words[end - 1] ?? '');
    if (postDirectional !== undefined) end -= 1;
  }
  let suffix: string | undefined;
  if (end >= 2) {
    suffix = standardSuffix(words[end - 1] ?? '');
    if (suffix !== undefined) end -= 1;
  }
  let start = 0;
  let preDirectional: string | undefined;
  // §233: "NORTH WEST MAIN ST" -> "NW MAIN ST", as long as a street name remains after the pair.
  const prePair = end >= 3 ? twoWordDirectional(words[0] ?? '', words[1] ?? '') : undefined;
  if (prePair !== undefined) {
    preDirectional = prePair;
    start = 2;
  } else if (end >= 2) {
    preDirectional = directionalAbbreviation(words[0] ?? '');
    if (preDirectional !== undefined) start = 1;
  }
  const result: string[] = [];
  if (preDirectional !== undefined) result.push(preDirectional);
  result.push(...words.slice(start, end));
  if (suffix !== undefined) result.push(suffix);
  if (postDirectional !== undefined) result.push(postDirectional);
  return result;
}

const joinWords = (words: readonly string[]): string => words.join(' ');

/** Pub 28 §28: every post office box spelling becomes "PO BOX". */
const PO_BOX_PREFIXES: readonly string[] = ['PO BOX', 'P O BOX', 'POST OFFICE BOX', 'POST BOX', 'POB', 'POBOX', 'PO BX'];

/**
 * Pub 28 §283: caller service, firm caller, bin, lockbox and drawer numbers
 * are post office boxes to the ZIP+4 file and are written "PO BOX n". Only a
 * line that is nothing but the word and its number is read so: "12 BIN ST"
 * keeps its street.
 */
const PO_BOX_ALTERNATIVES: readonly string[] = ['CALLER', 'FIRM CALLER', 'CALLER BOX', 'BIN', 'LOCKBOX', 'LOCK BOX', 'DRAWER'];

/** "NO", "NUMBER": words Pub 28 leaves out between a box or route and its number (§241, §28). */
const NUMBER_WORDS: ReadonlySet<string> = new Set(['NO', 'NUMBER', 'NUM', 'NBR']);

/** `rest` without a leading "NO"/"NUMBER" that stands before a number. */
function withoutNumberWord(rest: readonly string[]): readonly string[] {
  return NUMBER_WORDS.has(rest[0] ?? '') && hasDigit(rest[1] ?? '') ? rest.slice(1) : rest;
}

function poBox(words: readonly string[]): string[] | null {
  for (const prefix of PO_BOX_PREFIXES) {
    const prefixWords = prefix.split(' ');
    if (words.length > prefixWords.length && joinWords(words.slice(0, prefixWords.length)) === prefix) {
      const rest = withoutNumberWord(words.slice(prefixWords.length));
      return rest.length > 0 ? ['PO', 'BOX', ...rest] : null;
    }
  }
  for (const prefix of PO_BOX_ALTERNATIVES) {
    const prefixWords = prefix.split(' ');
    if (joinWords(words.slice(0, prefixWords.length)) !== prefix) continue;
    const rest = withoutNumberWord(words.slice(prefixWords.length));
    if (rest.length === 1 && hasDigit(rest[0] ?? '')) return ['PO', 'BOX', rest[0] ?? ''];
  }
  // A line that is only "BOX 123" is a PO Box written short (§28).
  if (words.length === 2 && words[0] === 'BOX' && hasDigit(words[1] ?? '')) return ['PO', 'BOX', words[1] ?? ''];
  return null;
}

/**
 * Rural routes (Pub 28 §24: "RR 2 BOX 152"; RFD, RURAL ROUTE and RD mean RR)
 * and highway contract routes (§25: "HC 68 BOX 23A"; STAR ROUTE means HC).
 */
const ROUTE_PREFIXES: readonly (readonly [spelling: string, standard: 'RR' | 'HC', needsBox: boolean])[] = [
  ['RR', 'RR', false],
  ['RFD', 'RR', false],
  ['RURAL ROUTE', 'RR', false],
  ['RURAL RTE', 'RR', false],
  ['RURAL FREE DELIVERY', 'RR', false],
  ['RFD ROUTE', 'RR', false],
  ['RD', 'RR', true], // "RD" is also ROAD; only read as a route when a box follows
  ['HC', 'HC', false],
  ['HIGHWAY CONTRACT', 'HC', false],
  ['HWY CONTRACT', 'HC', false],
  ['STAR ROUTE', 'HC', false],
  ['STAR RTE', 'HC', false],
];

const BOX_WORDS: ReadonlySet<string> = new Set(['BOX', 'BX']);

/**
 * §241: "RR 2 BOX 152", never "RURAL ROUTE NO 2 BOX # 152". A route number
 * glued to its prefix ("RR2") is split; "NO"/"NUMBER" before the route or the
 * box number is dropped ("#" never reaches here, see standardizeDeliveryLine).
 */
function route(input: readonly string[]): string[] | null {
  const glued = /^(RR|HC)([0-9]+)$/.exec(input[0] ?? '');
  const words = glued ? [glued[1] ?? '', glued[2] ?? '', ...input.slice(1)] : input;
  for (const [spelling, standard, needsBox] of ROUTE_PREFIXES) {
    const prefixWords = spelling.split(' ');
    if (joinWords(words.slice(0, prefixWords.length)) !== spelling) continue;
    const rest = withoutNumberWord(words.slice(prefixWords.length));
    const routeNumber = rest[0];
    if (routeNumber === undefined || !hasDigit(routeNumber)) continue;
    const boxWord = rest[1];
    const afterBox = withoutNumberWord(rest.slice(2));
    const boxNumber = afterBox[0];
    if (boxWord !== undefined && BOX_WORDS.has(boxWord) && boxNumber !== undefined) {
      return [standard, routeNumber, 'BOX', boxNumber, ...afterBox.slice(1)];
    }
    if (!needsBox && rest.length === 1) return [standard, routeNumber];
  }
  return null;
}

/** Primary number, plus a fraction right after it: "123 1/2" is one house number (Pub 28 §23). */
function primaryNumberLength(words: readonly string[]): number {
  if (!hasDigit(words[0] ?? '')) return 0;
  return /^[0-9]+\/[0-9]+$/.test(words[1] ?? '') ? 2 : 1;
}

export function standardizeDeliveryLine(input: readonly string[]): StandardDeliveryLine {
  // A "#" can only be the designator of a trailing unit ("# 4B", Pub 28
  // §213); anywhere else it says nothing USPS can use. Cleaning it first
  // keeps every later decision the same when the output is fed back in.
  const designated = dropHashAfterDesignator(input);
  const words = designated.filter(
    (word, index) =>
      word !== UNKNOWN_UNIT_DESIGNATOR ||
      (index >= 1 && index === designated.length - 2 && asRange(designated[index + 1]) !== null),
  );

  const plainWords = words.filter((word) => word !== UNKNOWN_UNIT_DESIGNATOR);
  const box = poBox(plainWords) ?? route(plainWords);
  if (box) return { words: box, unit: null, acceptsUnit: false };

  const primaryLength = primaryNumberLength(words);
  const rest = words.slice(primaryLength);
  const found = trailingUnit(rest);
  const streetWords = (found ? rest.slice(0, found.start) : rest).filter((word) => word !== UNKNOWN_UNIT_DESIGNATOR);
  const unit = found ? found.unit : null;
  return {
    words: [...words.slice(0, primaryLength), ...standardizeStreetWords(streetWords), ...(unit ?? [])],
    unit,
    acceptsUnit: true,
  };
}

export interface StandardSecondaryLine {
  readonly words: readonly string[];
  /** set when the whole line is one secondary unit, i.e. a candidate for folding */
  readonly unit: readonly string[] | null;
}

/**
 * Normalize a line that is not the delivery line: a lone unit gets its
 * designator abbreviated (and "#" when it has none); any other text keeps
 * its cleaned words, minus a "#" that numbers nothing (last, or doubled).
 */
export function standardizeSecondaryLine(input: readonly string[]): StandardSecondaryLine {
  const words = input.filter(
    (word, index) =>
      word !== UNKNOWN_UNIT_DESIGNATOR || (index + 1 < input.length && input[index + 1] !== UNKNOWN_UNIT_DESIGNATOR),
  );
  const unit = unitOnly(words);
  return unit ? { words: unit, unit } : { words, unit: null };
}
