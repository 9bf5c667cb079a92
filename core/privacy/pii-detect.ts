/**
 * Personal information in free text a customer wrote, for review moderation
 * and for quoting customers anonymously.
 *
 * policy: "Netflix users should not post personal information on any review
 * page, as this information is made public. Pseudonyms can be used for such
 * postings."
 *
 * Choices (a missed phone number is published to everyone; a false flag costs
 * a moderator one look, so doubtful finds lean towards flagging, except for
 * the everyday review text listed in each detector):
 * - Matching is on a folded copy (lowercase, no accents, NFKD, invisible
 *   characters dropped), spans are offsets into the original text.
 * - Finds that overlap are merged into one span: part of an address is still
 *   an address.
 * - `url` covers web addresses, which can lead to a person (a home page, a
 *   profile); well-known sites are flagged too, and a moderator clears them.
 */
import { findStreetAddresses } from './address-detect';
import { findEmails, findUrls } from './email-detect';
import { findNameSpans } from './name-match';
import { findPhones } from './phone-detect';
import { mergeOverlapping, type PiiKind, type PiiSpan, type RawSpan } from './spans';
import { foldForMatching, originalRange } from './text-fold';

export type { PiiKind, PiiSpan } from './spans';

export interface PiiContext {
  /** The reviewer's own names (full name, a former name ...); a single word is matched as a whole word. */
  readonly reviewerNames?: readonly string[];
}

/** When finds of different kinds cover the same text equally, the more specific kind names the merged span. */
const KIND_RANK: Readonly<Record<PiiKind, number>> = { email: 0, phone: 1, street_address: 2, own_name: 3, url: 4 };

export function findPersonalInfo(text: string, ctx: PiiContext = {}): PiiSpan[] {
  const folded = foldForMatching(text);
  const f = folded.text;
  const foldedSpans: RawSpan<PiiKind>[] = [
    ...findEmails(f),
    ...findUrls(f),
    ...findPhones(f),
    ...findStreetAddresses(folded),
    ...findNameSpans(f, ctx.reviewerNames ?? []).map((s) => ({ kind: 'own_name' as const, ...s })),
  ];
  const inOriginal = foldedSpans.map((s) => ({ kind: s.kind, ...originalRange(folded, s.start, s.end) }));
  return mergeOverlapping(inOriginal, (kind) => KIND_RANK[kind]).map((s) => ({
    kind: s.kind,
    start: s.start,
    end: s.end,
    text: text.slice(s.start, s.end),
  }));
}
