/**
 * Telephone numbers in folded review text: every common US layout
 * ("(408) 555-0123", "408.555.0123", "+1 408 555 0123", "4085550123",
 * "555-0101"), digits spelled out ("five five five - zero one zero one",
 * "five five five oh one oh one") or mixed ("5five5-0101"), and, through
 * libphonenumber-js, international numbers written with their country code.
 *
 * The shape of the digit groups decides, not the digit count alone, so a
 * year (1999), a runtime (120 minutes), a rating (10/10), a sequel (Rocky 4),
 * a time (2:30) or a date (3/14/2004) is never read as a phone number.
 *
 * policy: "Netflix users should not post personal information on any review page".
 */
import { findPhoneNumbersInText } from 'libphonenumber-js';
import type { RawSpan } from './spans';

const DIGIT_WORDS: Readonly<Record<string, number>> = {
  zero: 0, oh: 0, o: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9,
};

/** A digit, or a digit word standing alone (digits may touch it: "5five5"; letters may not: "someone"). */
const DIGIT_TOKEN = /[0-9]|(?<!\p{L})(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|o)(?!\p{L})/gu;
/** What may sit between the digits of one number: spaces, - . ( ) /, or the word "dash". */
const JOINER = /^(?:[ \t\-.()/]|dash|hyphen)*$/u;
const MAX_JOINER_LENGTH = 8;
const EXTENSION = /\s*(?:x|ext\.?|extension)\s*\.?\s*[0-9]{1,5}(?![0-9])/uy;

interface DigitToken {
  readonly digit: number;
  readonly start: number;
  readonly end: number;
  readonly isWord: boolean;
}

/** How two neighbouring digit tokens are joined. */
type Joint = 'glued' | 'soft' | 'group' | 'break';

function rawJoint(f: string, a: DigitToken, b: DigitToken): Joint {
  const gap = f.slice(a.end, b.start);
  if (gap === '') return 'glued';
  if (gap.length > MAX_JOINER_LENGTH || !JOINER.test(gap)) return 'break';
  // Spelled digits are separated by spaces anyway; only punctuation between them marks a group.
  if ((a.isWord || b.isWord) && /^[ \t]+$/.test(gap)) return 'soft';
  return 'group';
}

/**
 * Digits typed one at a time ("5 5 5 0 1 0 1", "five-five-five-oh-one-oh-one")
 * carry no grouping at all: between two single digits or digit words, a
 * short run of spaces, dashes or dots is just the typing, not a group break.
 */
function joints(f: string, tokens: readonly DigitToken[]): Joint[] {
  const raw: Joint[] = [];
  for (let k = 0; k + 1 < tokens.length; k++) raw.push(rawJoint(f, tokens[k]!, tokens[k + 1]!));
  const single = (k: number) => tokens[k]!.isWord || (raw[k - 1] !== 'glued' && raw[k] !== 'glued');
  return raw.map((j, k) => {
    if (j !== 'group' || !single(k) || !single(k + 1)) return j;
    return /^[ \t.-]{1,3}$/.test(f.slice(tokens[k]!.end, tokens[k + 1]!.start)) ? 'soft' : j;
  });
}

/**
 * NANP layouts by digit count: where a group break may fall (counted in
 * digits from the start) and which digits must be 2-9 (area code and exchange
 * never start with 0 or 1).
 */
const LAYOUTS: readonly { digits: number; breaks: readonly number[]; twoToNine: readonly number[]; mustBreakAfterCountryCode?: boolean }[] = [
  { digits: 11, breaks: [1, 4, 7], twoToNine: [1, 4], mustBreakAfterCountryCode: true },
  { digits: 10, breaks: [3, 6], twoToNine: [0, 3] },
  { digits: 7, breaks: [3], twoToNine: [0] },
];

function tokenize(f: string): DigitToken[] {
  const tokens: DigitToken[] = [];
  for (const m of f.matchAll(DIGIT_TOKEN)) {
    const text = m[0];
    const isWord = text.length > 1 || !/[0-9]/.test(text);
    tokens.push({ digit: isWord ? DIGIT_WORDS[text]! : Number(text), start: m.index, end: m.index + text.length, isWord });
  }
  return tokens;
}

function fitsLayout(f: string, tokens: readonly DigitToken[], joints: readonly Joint[], i: number, layout: (typeof LAYOUTS)[number]): boolean {
  const last = i + layout.digits - 1;
  if (last >= tokens.length) return false;
  // Part of a longer run of digits (an ID, a card number): not a phone number.
  if (i > 0 && joints[i - 1] === 'glued') return false;
  if (last + 1 < tokens.length && joints[last] === 'glued') return false;
  // "3.1415926": digits after a decimal point.
  if (i > 0 && joints[i - 1] !== 'break' && /^[.,]$/.test(f.slice(tokens[i - 1]!.end, tokens[i]!.start)) && !tokens[i - 1]!.isWord) return false;
  const groupBreaks: number[] = [];
  for (let k = i; k < last; k++) {
    const j = joints[k]!;
    if (j === 'break') return false;
    if (j === 'group') groupBreaks.push(k - i + 1);
  }
  if (!groupBreaks.every((b) => layout.breaks.includes(b))) return false;
  if (layout.mustBreakAfterCountryCode) {
    if (tokens[i]!.digit !== 1) return false;
    // "1999 555-0101" is a year and a local number, not 1-999-555-0101.
    if (groupBreaks.length > 0 && !groupBreaks.includes(1)) return false;
  }
  return layout.twoToNine.every((offset) => tokens[i + offset]!.digit >= 2);
}

function withPunctuation(f: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  if (f[s - 1] === '(') s--;
  if (f[s - 1] === '+') s--;
  else if (f[s - 1] === ' ' && f[s - 2] === '+') s -= 2;
  EXTENSION.lastIndex = end;
  const ext = EXTENSION.exec(f);
  return { start: s, end: ext ? end + ext[0].length : end };
}

function findNanpNumbers(f: string): RawSpan<'phone'>[] {
  const tokens = tokenize(f);
  const joined = joints(f, tokens);
  const found: RawSpan<'phone'>[] = [];
  let i = 0;
  while (i < tokens.length) {
    const layout = LAYOUTS.find((l) => fitsLayout(f, tokens, joined, i, l));
    if (!layout) {
      i++;
      continue;
    }
    const last = tokens[i + layout.digits - 1]!;
    const span = withPunctuation(f, tokens[i]!.start, last.end);
    found.push({ kind: 'phone', ...span });
    i += layout.digits;
  }
  return found;
}

/**
 * International numbers ("+44 20 7946 0958", "011 44 ..."), which
 * libphonenumber-js validates against real numbering plans. Only those
 * written with an international prefix are taken from it: on national
 * layouts it is too lenient for review text ("3/10 1/10 2" reads as
 * 310-110-2, "2012 1/10 1/10" as 201-211-0110), and the scanner above
 * already covers every US layout.
 */
function findInternationalNumbers(f: string): RawSpan<'phone'>[] {
  return findPhoneNumbersInText(f, 'US')
    .filter((m) => /^(?:\+|011)/.test(f.slice(m.startsAt, m.endsAt)))
    .map((m) => ({ kind: 'phone' as const, start: m.startsAt, end: m.endsAt }));
}

export function findPhones(f: string): RawSpan<'phone'>[] {
  return [...findNanpNumbers(f), ...findInternationalNumbers(f)];
}
