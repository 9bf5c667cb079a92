/**
 * Folding for matching: one lowercase, accent-free copy of a text, with a map
 * back to the original's UTF-16 offsets.
 *
 * Every detector in this folder matches on the folded copy, so "José Núñez"
 * meets "jose nunez", a full-width "５５５" meets "555", and a zero-width space
 * typed into "john\u200B@example.com" does not hide an address; spans are then
 * reported in the original text, which is what a moderator sees and what
 * redaction cuts.
 */

/**
 * Letters that compatibility decomposition leaves alone but that have a
 * conventional ASCII spelling (the same choice as Pub 28 clean-up in
 * core/postal, kept here because that table is private to the postal text
 * module).
 */
const LETTER_TRANSLITERATIONS: Readonly<Record<string, string>> = {
  ß: 'ss', ẞ: 'ss', Æ: 'ae', æ: 'ae', Œ: 'oe', œ: 'oe', Ø: 'o', ø: 'o',
  Đ: 'd', đ: 'd', Ð: 'd', ð: 'd', Ł: 'l', ł: 'l', Þ: 'th', þ: 'th', ı: 'i',
};

/** Dashes and minus signs people type (or word processors substitute) for "-". */
const DASHES = /^[\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]$/u;
/** Curly apostrophes and primes, so "O’Brien" meets "o'brien". */
const APOSTROPHES = /^[\u2018\u2019\u201B\u2032\uFF07`]$/u;
/** Invisible format characters (zero-width space, soft hyphen, ZWJ, BOM ...) and combining marks. */
const DROPPED = /^[\p{Cf}\p{M}]+$/u;
const COMBINING = /\p{M}/gu;

export interface FoldedText {
  /** Lowercase, accents stripped, compatibility forms folded (NFKD). */
  readonly text: string;
  /** For each code unit of `text`, the original range it came from. */
  readonly starts: readonly number[];
  readonly ends: readonly number[];
  readonly original: string;
}

function foldCharacter(ch: string): string {
  const transliterated = LETTER_TRANSLITERATIONS[ch];
  if (transliterated !== undefined) return transliterated;
  if (DASHES.test(ch)) return '-';
  if (APOSTROPHES.test(ch)) return "'";
  if (DROPPED.test(ch)) return '';
  // A lone surrogate is not well formed; normalize() would keep it, which is fine.
  return ch.normalize('NFKD').replace(COMBINING, '').toLowerCase();
}

export function foldForMatching(original: string): FoldedText {
  let text = '';
  const starts: number[] = [];
  const ends: number[] = [];
  let index = 0;
  for (const ch of original) {
    const folded = foldCharacter(ch);
    const next = index + ch.length;
    if (folded === '') {
      // A dropped mark belongs to the letter before it: a span ending on that
      // letter must take the accent along, or redaction would leave it dangling.
      if (ends.length > 0) ends[ends.length - 1] = next;
    } else {
      for (let k = 0; k < folded.length; k++) {
        starts.push(index);
        ends.push(next);
      }
      text += folded;
    }
    index = next;
  }
  return { text, starts, ends, original };
}

/** The original range covered by folded range [start, end); rounds outward to whole characters. */
export function originalRange(folded: FoldedText, start: number, end: number): { start: number; end: number } {
  if (end <= start) {
    const at = start < folded.starts.length ? folded.starts[start]! : folded.original.length;
    return { start: at, end: at };
  }
  return { start: folded.starts[start]!, end: folded.ends[end - 1]! };
}

/** Fold a short search term (a name, a city) the same way, without the offset map. */
export function foldTerm(term: string): string {
  let out = '';
  for (const ch of term) out += foldCharacter(ch);
  return out;
}

export function escapeRegExp(text: string): string {
  // Syntax characters only: a needless escape such as "\-" is an error under the `u` flag.
  return text.replace(/[.*+?^${}()|[\]\\\/]/g, '\\$&');
}
