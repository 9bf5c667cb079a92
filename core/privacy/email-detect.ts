/**
 * Email addresses and web addresses in folded review text (see text-fold.ts),
 * written plainly or spelled out to slip past a filter:
 * "john@example.com", "john at example dot com", "john [at] example [dot] com",
 * "john(at)example(dot)com", "j o h n @ example . com", "john_at_example_dot_com".
 *
 * policy: "Netflix users should not post personal information on any review
 * page, as this information is made public."
 */
import type { RawSpan } from './spans';

/** Top-level domains accepted after a spelled-out "dot": a closed list, so "look at this. com" stays prose. */
const KNOWN_TLDS: ReadonlySet<string> = new Set([
  'com', 'net', 'org', 'edu', 'gov', 'mil', 'int', 'info', 'biz', 'name', 'pro', 'aero', 'coop', 'museum',
  'us', 'uk', 'ca', 'au', 'nz', 'ie', 'de', 'fr', 'nl', 'be', 'it', 'es', 'pt', 'ch', 'at', 'se', 'no', 'dk', 'fi',
  'pl', 'cz', 'ru', 'jp', 'cn', 'kr', 'in', 'br', 'mx', 'ar', 'za', 'io', 'co', 'me', 'tv', 'fm', 'ly', 'ws', 'cc',
]);

/**
 * Top-level domains that make a bare "word.tld" a web address. Kept short on
 * purpose: "loved it.It was" or "see u.s." must not read as addresses, so the
 * two-letter codes that are also English words are left out.
 */
const BARE_URL_TLDS = 'com|net|org|edu|gov|mil|info|biz|io|co|uk|ca|tv|fm|ly|us|ws|cc';

/**
 * Words that precede a plain "at" in ordinary prose ("sold out at amazon.com",
 * "look at imdb.com"). With one of them as the local part the find is a web
 * address, reported by the URL pattern instead of as somebody's mailbox.
 */
const PROSE_BEFORE_AT: ReadonlySet<string> = new Set([
  'i', 'me', 'us', 'we', 'you', 'him', 'her', 'it', 'them', 'they', 'he', 'she', 'this', 'that', 'there', 'here',
  'up', 'out', 'in', 'on', 'back', 'home', 'off', 'down', 'over', 'look', 'looks', 'looked', 'looking', 'laugh',
  'laughed', 'laughing', 'stare', 'stared', 'good', 'bad', 'great', 'best', 'worst', 'least', 'all', 'not', 'once',
  'first', 'last', 'arrived', 'available', 'sold', 'found', 'bought', 'buy', 'rent', 'rented', 'watched', 'watch',
  'seen', 'saw', 'see', 'check', 'aimed', 'directed', 'stop', 'stopped', 'stay', 'stayed', 'be', 'is', 'was', 'are',
  'were', 'only', 'even', 'just', 'and', 'or', 'but', 'so', 'people', 'one', 'movie', 'film', 'dvd', 'disc', 'price',
  'cheaper', 'cheap', 'listed', 'posted', 'review', 'reviews', 'read', 'online', 'my', 'sign', 'signed',
]);

const LOCAL_CHAR = /[\p{L}\p{N}._%+'-]/u;
const ALNUM = /[\p{L}\p{N}]/u;

/** The "@" or a spelled-out at. Whitespace around it is read by the local/domain scanners. */
const AT_TOKEN = /@|[[({<]\s*(?:at|@)\s*[\])}>]|(?<=\s)at(?=\s)|(?<=[\p{L}\p{N}])[_-]at[_-](?=[\p{L}\p{N}])/gu;
/** "." or a spelled-out dot between domain labels. */
const DOT_TOKEN = /\s*[[({<]\s*(?:dot|\.)\s*[\])}>]\s*|\s+dot\s+|[_-]dot[_-]|\s*\.\s*/uy;
const LABEL = /[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?/uy;
/** Letters typed one by one with spaces: "e x a m p l e". */
const SPACED_LABEL = /[\p{L}\p{N}](?: [\p{L}\p{N}](?![\p{L}\p{N}]))+/uy;
/** "smith" in "john dot smith at ...": a spelled dot inside the local part. */
const LOCAL_DOT_BEFORE = /([\p{L}\p{N}][\p{L}\p{N}_%+-]*)(?:\s+dot\s+|\s*[[({<]\s*dot\s*[\])}>]\s*)$/u;

type AtStrength = 'symbol' | 'bracket' | 'word';
type DotKind = 'tight' | 'spaced' | 'spelled';

interface Label {
  readonly value: string;
  readonly end: number;
  readonly spaced: boolean;
  /** How this label was joined to the previous one (unused for the first). */
  readonly dot: DotKind;
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t' || ch === '\n' || ch === '\r';
}

function localPartStart(f: string, atStart: number): { start: number; spaced: boolean; value: string } | null {
  let end = atStart;
  for (let skipped = 0; skipped < 3 && end > 0 && isSpace(f[end - 1]); skipped++) end--;
  let start = end;
  while (start > 0 && LOCAL_CHAR.test(f[start - 1]!)) start--;
  while (start < end && !ALNUM.test(f[start]!)) start++;
  if (start >= end) return null;
  if (end - start === 1) {
    // "j o h n @": walk back over single letters separated by single spaces.
    let t = start;
    let count = 1;
    while (t >= 2 && f[t - 1] === ' ' && ALNUM.test(f[t - 2]!) && (t - 3 < 0 || !LOCAL_CHAR.test(f[t - 3]!))) {
      t -= 2;
      count++;
    }
    if (count >= 3) return { start: t, spaced: true, value: f.slice(t, end).replace(/ /g, '') };
  }
  // "john dot smith at ...": extend over spelled-out dots inside the local part.
  for (let guard = 0; guard < 4; guard++) {
    const before = LOCAL_DOT_BEFORE.exec(f.slice(Math.max(0, start - 60), start));
    if (!before) break;
    start -= before[0].length;
  }
  return { start, spaced: false, value: f.slice(start, end) };
}

function readLabel(f: string, at: number, dot: DotKind): Label | null {
  SPACED_LABEL.lastIndex = at;
  const spaced = SPACED_LABEL.exec(f);
  if (spaced && spaced[0].length >= 5) {
    return { value: spaced[0].replace(/ /g, ''), end: at + spaced[0].length, spaced: true, dot };
  }
  LABEL.lastIndex = at;
  const plain = LABEL.exec(f);
  if (!plain) return null;
  return { value: plain[0], end: at + plain[0].length, spaced: false, dot };
}

function readDomain(f: string, from: number): Label[] {
  let at = from;
  for (let skipped = 0; skipped < 3 && isSpace(f[at]); skipped++) at++;
  const labels: Label[] = [];
  const first = readLabel(f, at, 'tight');
  if (!first) return labels;
  labels.push(first);
  for (let guard = 0; guard < 8; guard++) {
    const last = labels[labels.length - 1]!;
    DOT_TOKEN.lastIndex = last.end;
    const dot = DOT_TOKEN.exec(f);
    if (!dot) break;
    const text = dot[0];
    const kind: DotKind = text === '.' ? 'tight' : /dot|[[({<]/.test(text) ? 'spelled' : 'spaced';
    const next = readLabel(f, last.end + text.length, kind);
    if (!next) break;
    labels.push(next);
  }
  return labels;
}

/** "@" and "[at]"/"_at_" are only ever typed for an address; a bare "at" is also a preposition. */
function strengthOf(token: string): AtStrength {
  if (token === '@') return 'symbol';
  return token === 'at' ? 'word' : 'bracket';
}

export function findEmails(f: string): RawSpan<'email'>[] {
  const found: RawSpan<'email'>[] = [];
  AT_TOKEN.lastIndex = 0;
  for (let m = AT_TOKEN.exec(f); m !== null; m = AT_TOKEN.exec(f)) {
    const strength = strengthOf(m[0]);
    const local = localPartStart(f, m.index);
    if (!local) continue;
    if (strength === 'word' && !local.spaced && PROSE_BEFORE_AT.has(local.value)) continue;
    const labels = readDomain(f, m.index + m[0].length);
    // "my list at www.example.com" is a web page, not a mailbox.
    if (strength === 'word' && labels[0]?.value === 'www') continue;
    const spacedAnywhere = local.spaced || labels.some((l) => l.spaced);
    let accepted: Label | null = null;
    for (let n = labels.length - 1; n >= 1 && accepted === null; n--) {
      const chain = labels.slice(1, n + 1);
      // A "." with spaces around it is an email only when something else
      // already says so: an "@", a bracketed at, or letters typed apart.
      if (strength === 'word' && !spacedAnywhere && chain.some((l) => l.dot === 'spaced')) continue;
      const tld = labels[n]!;
      const plainAddress = strength === 'symbol' && chain.every((l) => l.dot === 'tight' && !l.spaced);
      const tldOk = plainAddress ? /^\p{L}{2,24}$/u.test(tld.value) : KNOWN_TLDS.has(tld.value);
      if (tldOk) accepted = tld;
    }
    if (accepted === null) continue;
    found.push({ kind: 'email', start: local.start, end: accepted.end });
    AT_TOKEN.lastIndex = Math.max(AT_TOKEN.lastIndex, accepted.end);
  }
  return found;
}

const SCHEME_URL = /(?<![\p{L}\p{N}])(?:(?:https?|ftp):\/\/|www\.)[^\s<>"]+/gu;
const BARE_URL = new RegExp(
  `(?<![\\p{L}\\p{N}@._%+-])(?:[\\p{L}\\p{N}](?:[\\p{L}\\p{N}-]{0,62}[\\p{L}\\p{N}])?\\.)+(?:${BARE_URL_TLDS})(?![\\p{L}\\p{N}-])(?:\\/[^\\s<>"]*)?`,
  'gu',
);
/** "johnsmith dot com" said out loud: a site, and so a way to find the person. */
const SPOKEN_URL = /(?<![\p{L}\p{N}])([\p{L}\p{N}][\p{L}\p{N}-]*)\s+dot\s+(?:com|net|org|edu)(?![\p{L}\p{N}])/gu;
const TRAILING_PUNCTUATION = /[.,;:!?'")\]}>]+$/u;

/** Everyday words that come before "dot com" in prose: "the dot com boom". */
const PROSE_BEFORE_DOT = new Set(['the', 'a', 'this', 'that', 'era', 'any', 'every', 'some']);

export function findUrls(f: string): RawSpan<'url'>[] {
  const found: RawSpan<'url'>[] = [];
  const push = (start: number, raw: string) => {
    const text = raw.replace(TRAILING_PUNCTUATION, '');
    if (text.length > 0) found.push({ kind: 'url', start, end: start + text.length });
  };
  for (const m of f.matchAll(SCHEME_URL)) push(m.index, m[0]);
  for (const m of f.matchAll(BARE_URL)) push(m.index, m[0]);
  for (const m of f.matchAll(SPOKEN_URL)) {
    if (!PROSE_BEFORE_DOT.has(m[1]!)) push(m.index, m[0]);
  }
  return found;
}
