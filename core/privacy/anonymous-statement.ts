/**
 * Quoting a customer without identifying them.
 *
 * policy: "We may also disclose, on an anonymous basis, literal statements
 * made by our customers. At no time, however, will we disclose personal
 * information about specific users."
 *
 * The statement keeps the customer's words; what could lead back to the
 * customer is replaced with a placeholder ("[name]", "[email]", "[phone]",
 * "[address]", "[city]", "[ZIP]", "[link]"), and any date finer than a month
 * becomes its month. The attribution says no more than a state and a month:
 * "A customer in CA, March 2004".
 *
 * Removed, from the text:
 * - everything findPersonalInfo finds (emails, phones, street addresses,
 *   web addresses, the full name), with the customer's name and pseudonym;
 * - each part of the customer's name on its own when written as a name
 *   (capitalised, unless the whole text is in one case): "Thanks, José";
 * - the pseudonym, also without its trailing number ("CineFan" for
 *   "CineFan42") when that stem is clearly a handle (CamelCase or _ . -);
 * - the customer's email local part when it is distinctive (has a digit or
 *   punctuation, or is 8+ characters), their phone number in any grouping,
 *   their city, their ZIP;
 * - any "City, ST" / "City, State" (the state stays), any ZIP+4;
 * - dates finer than a month (see dates.ts).
 * Not attempted: landmarks and cross streets ("near the Blockbuster on 5th"),
 * and cities named alone without a state when they are not the customer's own.
 */
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import { AppError } from '../errors';
import { PUB28_STATES } from '../postal';
import { findDates, MONTH_NAMES, type DateSpan } from './dates';
import { nameTokens, PARTICLES } from './name-match';
import { findPersonalInfo, type PiiKind } from './pii-detect';
import { redactSpans, type RedactionLogEntry } from './redact';
import { escapeRegExp, foldForMatching, foldTerm, originalRange, type FoldedText } from './text-fold';

export type StatementDetailKind = PiiKind | 'pseudonym' | 'city' | 'zip' | 'date';

export const PLACEHOLDERS: Readonly<Record<Exclude<StatementDetailKind, 'date'>, string>> = {
  own_name: '[name]',
  pseudonym: '[name]',
  email: '[email]',
  phone: '[phone]',
  street_address: '[address]',
  url: '[link]',
  city: '[city]',
  zip: '[ZIP]',
};

const IsoDateOrDateTime = z.union([z.iso.datetime({ offset: true, local: true }), z.iso.date()]);

export const AnonymizeStatementInputSchema = z.object({
  text: z.string(),
  customer: z.object({
    fullName: z.string(),
    pseudonym: z.string(),
    email: z.string().nullish(),
    phone: z.string().nullish(),
    city: z.string().nullish(),
    state: z.string().nullish(),
    zip: z.string().nullish(),
  }),
  writtenAt: IsoDateOrDateTime,
});

export type AnonymizeStatementInput = z.input<typeof AnonymizeStatementInputSchema>;

export interface AnonymousStatement {
  readonly text: string;
  /** "A customer in CA, March 2004"; "A customer, March 2004" when the state is unknown. */
  readonly attribution: string;
  /** What was replaced, by kind and position; never the removed words. */
  readonly removed: RedactionLogEntry<StatementDetailKind>[];
}

interface DetailSpan {
  readonly kind: StatementDetailKind;
  readonly start: number;
  readonly end: number;
  readonly replacement: string;
}

const STATE_CODE_BY_NAME: ReadonlyMap<string, string> = new Map(
  PUB28_STATES.flatMap(([name, code]) => [[name, code] as const, [code, code] as const]),
);

/** Two-letter codes that are also everyday capitalised words ("Great, OK?"); they need a ZIP after them. */
const AMBIGUOUS_STATE_CODES = new Set(['OK', 'IN', 'OR', 'ME', 'HI', 'OH', 'AS', 'DE', 'PA', 'MA', 'LA', 'AL', 'CO', 'ID']);

const STATE_CODES = PUB28_STATES.map(([, code]) => code).filter((code) => !AMBIGUOUS_STATE_CODES.has(code));
const STATE_NAMES = PUB28_STATES.map(([name]) => name.toLowerCase().replace(/(^|\s)\p{L}/gu, (ch) => ch.toUpperCase()))
  .sort((a, b) => b.length - a.length);
const CITY_WORDS = "\\p{Lu}[\\p{L}'.-]*(?:\\s+\\p{Lu}[\\p{L}'.-]*){0,2}";
/** "Springfield, IL", "Springfield, Illinois", "Tulsa, OK 74103": the city goes, the state stays. */
const CITY_STATE = new RegExp(
  `(?<![\\p{L}\\p{N}])(${CITY_WORDS}),\\s*(?:(?:${[...STATE_CODES, ...STATE_NAMES].join('|')})(?![\\p{L}\\p{N}])(?:\\s+([0-9]{5}(?:-[0-9]{4})?))?|(?:${[...AMBIGUOUS_STATE_CODES].join('|')})\\s+([0-9]{5}(?:-[0-9]{4})?))(?![\\p{N}-])`,
  'gu',
);
const ZIP_PLUS_FOUR = /(?<![\p{N}-])[0-9]{5}-[0-9]{4}(?![\p{N}-])/gu;
const ZIP_WORD = /(?<![\p{L}])zip(?:\s*code)?:?\s*#?\s*([0-9]{5}(?:-[0-9]{4})?)(?![\p{N}])/giu;

function parse(input: unknown): z.output<typeof AnonymizeStatementInputSchema> {
  const result = AnonymizeStatementInputSchema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError(
    'INVALID_INPUT',
    `The statement to anonymize is not valid: ${result.error.issues[0]?.message ?? 'invalid'}`,
    result.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
  );
}

/** Case carries meaning only in mixed-case text; "THANKS JOSE" or "thanks jose" says nothing either way. */
function isMixedCase(text: string): boolean {
  return /\p{Lu}/u.test(text) && /\p{Ll}/u.test(text);
}

function startsUpper(folded: FoldedText, foldedStart: number): boolean {
  const start = folded.starts[foldedStart]!;
  const ch = folded.original.slice(start, folded.ends[foldedStart]);
  return /\p{Lu}/u.test(ch);
}

function wordPattern(term: string): RegExp {
  const parts = term.split(/[\s'.-]+/u).filter((p) => p.length > 0).map(escapeRegExp);
  return new RegExp(`(?<![\\p{L}\\p{N}])${parts.join("['.\\s-]*")}(?![\\p{L}\\p{N}])`, 'gu');
}

function matchesIn(folded: FoldedText, pattern: RegExp, kind: StatementDetailKind, needsCapital: boolean): DetailSpan[] {
  const out: DetailSpan[] = [];
  for (const m of folded.text.matchAll(pattern)) {
    if (m[0].length === 0) continue;
    if (needsCapital && !startsUpper(folded, m.index)) continue;
    const range = originalRange(folded, m.index, m.index + m[0].length);
    out.push({ kind, ...range, replacement: PLACEHOLDERS[kind as Exclude<StatementDetailKind, 'date'>] });
  }
  return out;
}

function digitsPattern(digits: string): RegExp {
  return new RegExp(`(?<![\\p{N}])${digits.split('').join('[^\\p{L}\\p{N}]{0,3}')}(?![\\p{N}])`, 'gu');
}

function customerDetails(folded: FoldedText, customer: z.output<typeof AnonymizeStatementInputSchema>['customer']): DetailSpan[] {
  const spans: DetailSpan[] = [];
  const mixed = isMixedCase(folded.original);
  for (const token of nameTokens(customer.fullName)) {
    if (token.length < 2 || PARTICLES.has(token)) continue;
    spans.push(...matchesIn(folded, wordPattern(token), 'own_name', mixed));
  }
  const pseudonym = customer.pseudonym.trim();
  if (pseudonym.length > 0) {
    spans.push(...matchesIn(folded, wordPattern(foldTerm(pseudonym)), 'pseudonym', false));
    const stem = pseudonym.replace(/[0-9]+$/u, '');
    const looksLikeHandle = /[_.-]/.test(stem) || (stem.match(/\p{Lu}/gu)?.length ?? 0) >= 2;
    if (stem !== pseudonym && stem.length >= 5 && looksLikeHandle) {
      spans.push(...matchesIn(folded, wordPattern(foldTerm(stem)), 'pseudonym', false));
    }
  }
  if (customer.email) {
    const email = foldTerm(customer.email.trim());
    spans.push(...matchesIn(folded, new RegExp(escapeRegExp(email), 'gu'), 'email', false));
    const local = email.split('@')[0] ?? '';
    if (local.length >= 3 && (/[^\p{L}]/u.test(local) || local.length >= 8)) {
      spans.push(...matchesIn(folded, new RegExp(`(?<![\\p{L}\\p{N}])${escapeRegExp(local)}(?![\\p{L}\\p{N}])`, 'gu'), 'email', false));
    }
  }
  if (customer.phone) {
    const national = parsePhoneNumberFromString(customer.phone, 'US')?.nationalNumber ?? customer.phone.replace(/[^0-9]/g, '');
    for (const digits of new Set([national, national.slice(-7)])) {
      if (digits.length >= 7) spans.push(...matchesIn(folded, digitsPattern(digits), 'phone', false));
    }
  }
  if (customer.city && foldTerm(customer.city).trim().length > 0) {
    spans.push(...matchesIn(folded, wordPattern(foldTerm(customer.city).trim()), 'city', mixed));
  }
  if (customer.zip) {
    const zip5 = customer.zip.replace(/[^0-9]/g, '').slice(0, 5);
    if (zip5.length === 5) spans.push(...matchesIn(folded, digitsPattern(zip5), 'zip', false));
  }
  return spans;
}

function locationDetails(text: string): DetailSpan[] {
  const spans: DetailSpan[] = [];
  for (const m of text.matchAll(CITY_STATE)) {
    spans.push({ kind: 'city', start: m.index, end: m.index + m[1]!.length, replacement: PLACEHOLDERS.city });
    const zip = m[2] ?? m[3];
    if (zip !== undefined) {
      const at = m.index + m[0].lastIndexOf(zip);
      spans.push({ kind: 'zip', start: at, end: at + zip.length, replacement: PLACEHOLDERS.zip });
    }
  }
  for (const m of text.matchAll(ZIP_PLUS_FOUR)) spans.push({ kind: 'zip', start: m.index, end: m.index + m[0].length, replacement: PLACEHOLDERS.zip });
  for (const m of text.matchAll(ZIP_WORD)) {
    const at = m.index + m[0].lastIndexOf(m[1]!);
    spans.push({ kind: 'zip', start: at, end: at + m[1]!.length, replacement: PLACEHOLDERS.zip });
  }
  return spans;
}

function stateCode(state: string | null | undefined): string | null {
  if (!state) return null;
  return STATE_CODE_BY_NAME.get(foldTerm(state).trim().toUpperCase().replace(/\s+/g, ' ')) ?? null;
}

/** The month as written: "2004-03-31T23:30-08:00" was written in March where the customer was. */
function writtenMonth(writtenAt: string): { month: number; year: number } {
  return { year: Number(writtenAt.slice(0, 4)), month: Number(writtenAt.slice(5, 7)) - 1 };
}

/** A literal customer statement, stripped of what identifies the customer, with a state-and-month attribution. */
export function anonymizeStatement(input: AnonymizeStatementInput): AnonymousStatement {
  const { text, customer, writtenAt } = parse(input);
  const { month, year } = writtenMonth(writtenAt);
  const folded = foldForMatching(text);
  const reviewerNames = [customer.fullName, customer.pseudonym].filter((n) => n.trim().length > 0);
  const details: (DetailSpan | DateSpan)[] = [
    ...findPersonalInfo(text, { reviewerNames }).map((s) => ({
      kind: s.kind,
      start: s.start,
      end: s.end,
      replacement: PLACEHOLDERS[s.kind],
    })),
    ...customerDetails(folded, customer),
    ...locationDetails(text),
    ...findDates(text, year),
  ];
  const redaction = redactSpans(text, details, (span) => span.replacement);
  const state = stateCode(customer.state);
  const when = `${MONTH_NAMES[month]!} ${year}`;
  return {
    text: redaction.text,
    attribution: state === null ? `A customer, ${when}` : `A customer in ${state}, ${when}`,
    removed: redaction.log,
  };
}
