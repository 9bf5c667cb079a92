/**
 * Street addresses in folded review text: "1234 Maple Avenue",
 * "12 N Main St Apt 4", "221B Baker Street", "350 5th Ave, New York, NY 10001",
 * "PO Box 123", "RR 2 Box 15", and "I live at 42 Wallaby" (no suffix, but said
 * to be where someone lives).
 *
 * Street suffixes, unit designators, directionals and states are USPS Pub 28
 * tables from core/postal, the same ones labels are printed with, so a
 * spelling the post office accepts is a spelling moderation recognises.
 *
 * policy: "Netflix users should not post personal information on any review page".
 */
import { PUB28_C2_UNITS, PUB28_DIRECTIONALS, PUB28_STATES, SUFFIX_ABBREVIATIONS } from '../postal';
import type { FoldedText } from './text-fold';
import type { RawSpan } from './spans';

/**
 * Pub 28 C1 spellings that are everyday words in a DVD review and almost
 * never how anyone writes the suffix: "DVD" is a C1 abbreviation of DIVIDE,
 * "IS" of ISLAND, "UN" of UNION. The full suffix names still count.
 */
const SUFFIX_SPELLINGS_NOT_READ = new Set(['dvd', 'dv', 'div', 'is', 'un', 'via', 'bot', 'cen', 'cent', 'ht', 'est', 'exp', 'ext', 'express']);

/**
 * Suffixes that only ever name a street. Every other C1 spelling is also an
 * English word ("5 stars way better", "Ocean View", "the 2 Hidden Park
 * sequels"), so it needs more evidence: the street written in Title Case, a
 * unit or city after it, or a phrase like "I live at" before it.
 */
const STREET_ONLY_SUFFIXES = new Set([
  'street', 'st', 'str', 'strt', 'streets', 'sts', 'avenue', 'ave', 'av', 'aven', 'avenu', 'avn', 'avnue',
  'boulevard', 'blvd', 'boul', 'boulv', 'road', 'rd', 'roads', 'rds', 'drive', 'dr', 'drv', 'driv', 'drives', 'drs',
  'lane', 'ln', 'court', 'ct', 'cts', 'place', 'pl', 'terrace', 'ter', 'terr', 'parkway', 'pkwy', 'pky', 'parkwy',
  'pkway', 'parkways', 'pkwys', 'highway', 'hwy', 'hiway', 'hiwy', 'hway', 'highwy', 'freeway', 'fwy', 'frwy',
  'freewy', 'frway', 'expressway', 'expy', 'expw', 'turnpike', 'tpke', 'trnpk', 'turnpk', 'circle', 'cir', 'circ',
  'crcl', 'crcle', 'alley', 'aly', 'crescent', 'cres', 'plaza', 'plz', 'plza', 'cv', 'cyn', 'trl',
  'sq', 'ctr', 'hbr', 'mnr', 'rdg', 'vlg', 'vly', 'vw', 'xing', 'jct', 'spgs', 'spg', 'gdns', 'grv', 'hts', 'lndg',
]);

const SUFFIXES: ReadonlySet<string> = new Set(
  [...SUFFIX_ABBREVIATIONS.keys()].map((s) => s.toLowerCase()).filter((s) => !SUFFIX_SPELLINGS_NOT_READ.has(s)),
);

const DIRECTIONALS: ReadonlySet<string> = new Set(PUB28_DIRECTIONALS.flatMap(([name, abbr]) => [name.toLowerCase(), abbr.toLowerCase()]));

/** C2 designators that take a number ("APT 4B"), plus "#". */
const UNIT_WORDS = PUB28_C2_UNITS.filter((u) => u.requiresRange)
  .flatMap((u) => [u.name.toLowerCase(), u.abbreviation.toLowerCase()])
  .concat(['appt', 'aptmt', 'bld', 'bldng', 'flr', 'suit'])
  .sort((a, b) => b.length - a.length);
const UNIT = new RegExp(`\\.?\\s*,?\\s*(?:(?:${UNIT_WORDS.join('|')})\\.?\\s*#?\\s*|#\\s*)([\\p{L}\\p{N}]{1,6}(?:-[\\p{L}\\p{N}]{1,4})?)(?![\\p{L}\\p{N}])`, 'uy');

const STATE_ALTERNATIVES = PUB28_STATES.flatMap(([name, code]) => [name.toLowerCase(), code.toLowerCase()])
  .sort((a, b) => b.length - a.length)
  .map((s) => s.replace(/ /g, '\\s+'))
  .join('|');
/** ", Springfield, IL 62704" after a street: the rest of the address goes with it. */
const LAST_LINE = new RegExp(
  `\\.?(,?)\\s+((?:\\p{L}[\\p{L}'.-]*\\s+){0,2}\\p{L}[\\p{L}'.-]*)(,?)\\s+(?:${STATE_ALTERNATIVES})\\.?(?:,?\\s+([0-9]{5}(?:-[0-9]{4})?))?(?![\\p{L}\\p{N}])`,
  'uy',
);

/**
 * Words that never appear in a street name but do follow a number in a
 * review: function words, and what people count (minutes, stars, copies).
 * One of them anywhere in the name means this is prose.
 */
const NOT_STREET_NAME_WORDS: ReadonlySet<string> = new Set([
  'a', 'an', 'the', 'and', 'or', 'but', 'nor', 'of', 'to', 'in', 'on', 'at', 'by', 'for', 'from', 'with', 'without',
  'into', 'onto', 'than', 'then', 'so', 'as', 'is', 'are', 'was', 'were', 'be', 'been', 'being', 'am', 'it', 'its',
  "it's", 'this', 'that', 'these', 'those', 'there', 'here', 'i', 'me', 'my', 'we', 'us', 'our', 'you', 'your',
  'he', 'him', 'his', 'she', 'her', 'they', 'them', 'their', 'who', 'what', 'which', 'when', 'where', 'why', 'how',
  'not', 'no', 'yes', 'all', 'any', 'some', 'more', 'most', 'much', 'many', 'very', 'too', 'also', 'just', 'only',
  'even', 'still', 'ever', 'never', 'out', 'up', 'down', 'off', 'over', 'about', 'after', 'before', 'again', 'had',
  'has', 'have', 'did', 'do', 'does', 'will', 'would', 'can', 'could', 'should', 'times', 'time', 'minutes', 'minute',
  'mins', 'min', 'hours', 'hour', 'hrs', 'hr', 'seconds', 'second', 'secs', 'days', 'day', 'weeks', 'week', 'months',
  'month', 'years', 'year', 'yrs', 'stars', 'star', 'points', 'thumbs', 'thumb', 'discs', 'disc', 'disks', 'disk',
  'dvds', 'copies', 'copy', 'movies', 'movie', 'films', 'film', 'episodes', 'episode', 'seasons', 'season', 'parts',
  'part', 'sequels', 'sequel', 'chapters', 'chapter', 'scenes', 'scene', 'people', 'person', 'kids', 'friends',
  'dollars', 'dollar', 'bucks', 'cents', 'pages', 'words', 'reasons', 'things', 'miles', 'mile', 'blocks', 'block',
  'feet', 'foot', 'houses', 'doors', 'out', 'outta', 'percent', 'rentals', 'rental', 'titles', 'title', 'tapes',
  'shows', 'show', 'characters', 'actors', 'stories', 'levels', 'rounds', 'laps', 'lbs', 'pounds', 'inches', 'ft',
]);

/** Name words that are fine in a name ("Old Mill Rd") but a name made only of them is prose ("the 2 best ways"). */
const WEAK_NAME_WORDS: ReadonlySet<string> = new Set([
  'best', 'worst', 'great', 'good', 'bad', 'favorite', 'favourite', 'other', 'few', 'several', 'whole', 'entire',
  'full', 'total', 'different', 'same', 'top', 'big', 'small', 'little', 'long', 'short', 'new', 'old', 'first',
  'last', 'next', 'real', 'true', 'funny', 'scary', 'sad', 'happy', 'slow', 'fast', 'awesome', 'amazing',
]);

/** "I live at", "my address is", "mail it to": a number after these is where someone can be found. */
const LIVES_AT = /(?<!\p{L})(?:live[sd]?|living|reside[sd]?|residing|address\s+is|mail\s+(?:it|them|me|us)\s+to|send\s+(?:it|them|me|us)\s+to|write\s+(?:me|us)\s+at|come\s+(?:over\s+)?to|drop\s+(?:it|them|by)\s+(?:off\s+)?(?:at|to)|visit\s+(?:me|us)\s+at)\s+(?:at\s+|on\s+)?(?=[0-9])/gu;

const HOUSE_NUMBER = /(?<![\p{L}\p{N}$.,:/#+\-])[0-9]{1,6}(?:\p{L}(?!\p{L}))?(?:\s+1\/2)?(?=\s)/gu;
const WORD_AFTER = /\s+([\p{L}\p{N}][\p{L}\p{N}'-]*)(\.?)/uy;
const ORDINAL = /^[0-9]{1,3}(?:st|nd|rd|th)$/u;

/** PO Box spellings as Pub 28 §28 lists them: "PO BOX", "P.O. Box", "POB", "Post Office Box". */
const PO_BOX = /(?<![\p{L}\p{N}])(?:p\.?\s*o\.?\s*box|pob|post\s+office\s+box)\s*#?\s*[0-9]{1,7}(?![0-9])/gu;
const RURAL_ROUTE = /(?<![\p{L}\p{N}])(?:rr|r\.r\.|rural\s+route|hc|highway\s+contract(?:\s+route)?)\s*#?\s*[0-9]{1,4}\s*,?\s*box\s*#?\s*[0-9]{1,7}(?![0-9])/gu;

interface Word {
  readonly text: string;
  readonly start: number;
  readonly end: number;
  readonly period: boolean;
  /** The next character closes the phrase (a comma, a semicolon ...). */
  readonly closes: boolean;
}

function wordsAfter(f: string, from: number, max: number): Word[] {
  const words: Word[] = [];
  let at = from;
  while (words.length < max) {
    WORD_AFTER.lastIndex = at;
    const m = WORD_AFTER.exec(f);
    if (!m) break;
    const text = m[1]!;
    const start = at + m[0].length - text.length - m[2]!.length;
    const end = start + text.length;
    const after = f[end + m[2]!.length];
    const closes = after !== undefined && !/\s/.test(after);
    words.push({ text, start, end, period: m[2] === '.', closes });
    at = end + m[2]!.length;
    // A sentence ends after a long word with a period ("I have 3 dogs. Park ..."); abbreviations ("St.", "N.") do not end it.
    if (closes || (m[2] === '.' && !SUFFIXES.has(text) && !DIRECTIONALS.has(text) && text.length > 3)) break;
  }
  return words;
}

function isNameWord(word: Word): boolean {
  return (/^\p{L}[\p{L}'-]*$/u.test(word.text) || ORDINAL.test(word.text)) && !NOT_STREET_NAME_WORDS.has(word.text);
}

function startsUpper(folded: FoldedText, word: Word): boolean {
  const ch = folded.original.slice(folded.starts[word.start], folded.ends[word.start]);
  return !/\p{L}/u.test(ch) || /\p{Lu}/u.test(ch);
}

interface StreetMatch {
  readonly end: number;
  readonly suffixOnlyStreet: boolean;
  readonly titleCase: boolean;
}

/** "maple avenue", "n main st", "5th ave nw" after a house number: the longest reading that is a street. */
function streetAfterNumber(folded: FoldedText, numberEnd: number): StreetMatch | null {
  const f = folded.text;
  const words = wordsAfter(f, numberEnd, 7);
  for (const firstName of [0, 1]) {
    if (firstName === 1 && !(words[0] && DIRECTIONALS.has(words[0].text))) continue;
    for (let s = Math.min(words.length - 1, firstName + 4); s > firstName; s--) {
      const suffix = words[s]!;
      if (!SUFFIXES.has(suffix.text)) continue;
      const names = words.slice(firstName, s);
      if (!names.every(isNameWord)) continue;
      if (names.every((w) => WEAK_NAME_WORDS.has(w.text))) continue;
      // A phrase break inside the name ("12 Elm, Oak St") means these are not one street.
      if (words.slice(0, s).some((w) => w.closes)) continue;
      let end = suffix.end;
      const post = words[s + 1];
      if (post && DIRECTIONALS.has(post.text) && !suffix.closes && post.text.length <= 2) end = post.end;
      const titleCase = words.slice(firstName, s + 1).every((w) => startsUpper(folded, w));
      return { end, suffixOnlyStreet: STREET_ONLY_SUFFIXES.has(suffix.text), titleCase };
    }
  }
  return null;
}

function extendWithUnitAndLastLine(f: string, end: number): { end: number; hasMore: boolean } {
  let hasMore = false;
  UNIT.lastIndex = end;
  const unit = UNIT.exec(f);
  // A unit range has a digit or is a single letter ("Apt 4B", "Unit C"); "Suite dreams" is prose.
  if (unit && (/[0-9]/.test(unit[1]!) || unit[1]!.length === 1)) {
    end += unit[0].length;
    hasMore = true;
  }
  LAST_LINE.lastIndex = end;
  const last = LAST_LINE.exec(f);
  if (last && (last[4] !== undefined || last[3] === ',')) {
    end += last[0].length;
    hasMore = true;
  }
  return { end, hasMore };
}

function cueStarts(f: string): ReadonlySet<number> {
  const starts = new Set<number>();
  for (const m of f.matchAll(LIVES_AT)) starts.add(m.index + m[0].length);
  return starts;
}

export function findStreetAddresses(folded: FoldedText): RawSpan<'street_address'>[] {
  const f = folded.text;
  const found: RawSpan<'street_address'>[] = [];
  const cued = cueStarts(f);
  for (const m of f.matchAll(HOUSE_NUMBER)) {
    const start = m.index;
    const numberEnd = start + m[0].length;
    const afterCue = cued.has(start);
    const street = streetAfterNumber(folded, numberEnd);
    if (street) {
      const more = extendWithUnitAndLastLine(f, street.end);
      if (street.suffixOnlyStreet || street.titleCase || more.hasMore || afterCue) {
        found.push({ kind: 'street_address', start, end: more.end });
        continue;
      }
    }
    if (afterCue) {
      // "I live at 42 Wallaby": no suffix, but the sentence says it is an address.
      const words = wordsAfter(f, numberEnd, 3);
      let end = -1;
      for (const [k, w] of words.entries()) {
        if (!(isNameWord(w) || (k === 0 && DIRECTIONALS.has(w.text)))) break;
        end = w.end;
        if (w.closes) break;
      }
      if (end > 0) found.push({ kind: 'street_address', start, end: extendWithUnitAndLastLine(f, end).end });
    }
  }
  for (const m of f.matchAll(PO_BOX)) found.push({ kind: 'street_address', start: m.index, end: m.index + m[0].length });
  for (const m of f.matchAll(RURAL_ROUTE)) found.push({ kind: 'street_address', start: m.index, end: m.index + m[0].length });
  return found;
}
