/**
 * How a caller's name is matched, the same on the central office's
 * PostgreSQL, its embedded SQLite and a desk's cache (issue 15 item 1):
 *
 * - any word order, every word a prefix of some word of the name;
 * - accents and case never matter ("hector" finds "Héctor");
 * - one typo per word is forgiven (one letter wrong, missing, extra, or two
 *   neighbours swapped: "agela wrigth" finds "Angela Wright");
 * - ranked: words matched exactly before prefixes before typos, then the
 *   closer name, then the newer customer.
 *
 * Each store supplies the two things only it can: the words its index holds
 * (to turn a misspelled word into the real words one typo away) and the
 * candidate rows for a match expression; this module decides what matches
 * and in which order, so the three stores cannot drift apart.
 */

/** A word shorter than this is only ever a prefix: "al" one typo away is half the alphabet. */
export const MIN_TYPO_WORD = 3;
const MAX_WORDS = 8;

/** Letters that carry no separable accent, spelled the way PostgreSQL's `unaccent` spells them. */
const LIGATURES: Record<string, string> = { æ: 'ae', ø: 'o', ł: 'l', þ: 'th', ð: 'd', ß: 'ss', œ: 'oe', đ: 'd', ı: 'i', ħ: 'h', ŧ: 't' };
const LIGATURE_RE = new RegExp(`[${Object.keys(LIGATURES).join('')}]`, 'gu');

/** Lowercased, accents removed only (what SQLite's `unicode61 remove_diacritics 2` holds: "ægir", "løvland"). */
export function stripAccents(s: string): string {
  return s.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
}

/** Lowercased, accents removed, ligatures spelled out ("Ægir Løvland" is "aegir lovland"): how names are compared everywhere. */
export function foldName(s: string): string {
  return stripAccents(s).replace(LIGATURE_RE, (c) => LIGATURES[c]!);
}

/** The words of a name or a query, folded (the same split as the indexes: letters and digits). */
export function nameWords(s: string): string[] {
  return foldName(s).match(/[\p{L}\p{N}]+/gu) ?? [];
}

/**
 * True when `a` and `b` differ by at most one edit: a substitution, an
 * insertion, a deletion or a swap of two neighbouring letters (optimal string
 * alignment distance ≤ 1), in one pass without a matrix.
 */
export function withinOneTypo(a: string, b: string): boolean {
  if (a === b) return true;
  const la = a.length;
  const lb = b.length;
  if (Math.abs(la - lb) > 1) return false;
  let i = 0;
  while (i < la && i < lb && a[i] === b[i]) i++;
  if (la === lb) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true; // substitution
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2); // swap
  }
  return la > lb ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** How one query word met one word of a name. */
export type WordMatch = 'exact' | 'prefix' | 'typo';
const WORD_SCORE: Record<WordMatch, number> = { exact: 3, prefix: 2, typo: 1 };

export function matchWord(query: string, word: string): WordMatch | null {
  if (word === query) return 'exact';
  if (word.startsWith(query)) return 'prefix';
  if (query.length >= MIN_TYPO_WORD && withinOneTypo(query, word)) return 'typo';
  // A misspelled word still being typed: "elizb" is a typo of the start of "elizabeth".
  if (query.length >= MIN_TYPO_WORD + 1 && word.length > query.length && withinOneTypo(query, word.slice(0, query.length))) return 'typo';
  return null;
}

/**
 * The score of a name for a query, or null when some query word matches no
 * word of the name. Each query word takes its best match among the name's
 * words, and a name word is used once ("ann ann" does not match "Ann Lee").
 */
export function scoreName(queryWords: readonly string[], name: string): number | null {
  const words = nameWords(name);
  const used = new Set<number>();
  let score = 0;
  // Longer query words first: they are the more specific ones and should claim their word.
  for (const q of [...queryWords].sort((x, y) => y.length - x.length)) {
    let best: { i: number; s: number } | null = null;
    words.forEach((w, i) => {
      if (used.has(i)) return;
      const m = matchWord(q, w);
      // A typo keeping the first letter is the likelier one: people rarely mishear or mistype how a name starts.
      const s = m ? WORD_SCORE[m] + (m === 'typo' && q[0] === w[0] ? 0.25 : 0) : 0;
      if (m && (!best || s > best.s)) best = { i, s };
    });
    if (!best) return null;
    used.add((best as { i: number }).i);
    score += (best as { s: number }).s;
  }
  return score;
}

/** The query's words for name search, folded, at most eight. */
export function queryNameWords(text: string): string[] {
  return nameWords(text).slice(0, MAX_WORDS);
}

/**
 * For each query word: the indexed words one typo away (found by the store
 * from the candidates it holds), so the index can be asked for them by
 * equality. An indexed word is compared folded, so a store that keeps "ægir"
 * answers "aegir" too. Words the prefix itself already reaches are left out.
 */
export function typoAlternatives(queryWord: string, indexedWords: Iterable<string>): string[] {
  const out = new Set<string>();
  for (const w of indexedWords) {
    if (w.startsWith(queryWord)) continue;
    const folded = foldName(w);
    if (folded !== w && (folded === queryWord || folded.startsWith(queryWord))) out.add(w);
    else if (queryWord.length >= MIN_TYPO_WORD && matchWord(queryWord, folded) === 'typo') out.add(w);
  }
  return [...out];
}

/** The word and each of its one-letter deletions, by character as SQLite and PostgreSQL count them: two words one typo apart always share one. */
export function deletionVariants(word: string): string[] {
  const chars = Array.from(word);
  const out = new Set([word]);
  for (let i = 0; i < chars.length; i++) out.add(chars.slice(0, i).join('') + chars.slice(i + 1).join(''));
  return [...out];
}

/**
 * Where a store that files each indexed word (folded) under its deletion
 * variants finds every word `matchWord` calls a typo of `queryWord`, by index:
 *
 * - a whole word one typo away shares a deletion variant with the query word
 *   (a letter changed or two neighbours swapped: both lose the same letter; a
 *   letter missing or extra: the longer one loses it);
 * - a word still being typed with its typo ("elizb" for "elizabeth") is a
 *   longer word whose first letters are one letter changed or swapped: losing
 *   that letter, it starts with the query word losing the same letter (or,
 *   swapped, the next one), so some variant of it starts with a deletion of
 *   the query word.
 *
 * `exact`: variants to look up by equality; `prefix`: variants to look up as
 * the start of a filed variant. A superset: `typoAlternatives` decides.
 */
export function typoLookupKeys(queryWord: string): { exact: string[]; prefix: string[] } {
  if (queryWord.length < MIN_TYPO_WORD) return { exact: [], prefix: [] };
  const variants = deletionVariants(queryWord);
  if (queryWord.length < MIN_TYPO_WORD + 1) return { exact: variants, prefix: [] };
  // A prefix range on each deletion covers the equal variants too; the word itself only ever by equality (a longer word losing a letter).
  return { exact: [queryWord], prefix: variants.filter((v) => v !== queryWord) };
}

/** The length window of indexed words worth comparing with a query word (a typo changes the length by one at most; a typed start is shorter). */
export function typoLengthWindow(queryWord: string): { min: number; max: number | null } {
  return { min: Math.max(1, queryWord.length - 1), max: queryWord.length > MIN_TYPO_WORD ? null : queryWord.length + 1 };
}

/** Per query word: the prefix and its typo alternatives (what the match expression ORs together). */
export interface WordAlternatives {
  word: string;
  typos: string[];
  /** The word as a store without ligature folding holds it ("ægir" for "aegir"), also taken as a prefix. */
  spelled?: string;
}

/** The query's words with, where a ligature was spelled out, the word as SQLite's index holds it. */
export function queryAlternatives(text: string): WordAlternatives[] {
  const words = queryNameWords(text);
  const plain = (stripAccents(text).match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS);
  return words.map((word, i) => ({ word, typos: [], ...(plain.length === words.length && plain[i] !== word ? { spelled: plain[i] } : {}) }));
}

/** An FTS5 MATCH expression: every word a prefix or one of its typo alternatives, all words required. */
export function fts5NameQuery(words: readonly WordAlternatives[]): string | null {
  const parts = words
    .map(({ word, typos, spelled }) => {
      const clean = word.replace(/"/g, '');
      if (!clean) return null;
      const options = [`"${clean}"*`, ...(spelled ? [`"${spelled.replace(/"/g, '')}"*`] : []), ...typos.map((t) => `"${t.replace(/"/g, '')}"`)];
      return options.length === 1 ? options[0]! : `(${options.join(' OR ')})`;
    })
    .filter((p): p is string => p !== null);
  return parts.length > 0 ? parts.join(' AND ') : null;
}

/** A PostgreSQL tsquery (for `to_tsquery('simple', ...)`): the same expression in its syntax. */
export function tsNameQuery(words: readonly WordAlternatives[]): string | null {
  const lexeme = (w: string) => `'${w.replace(/[^\p{L}\p{N}]/gu, '')}'`;
  const parts = words
    .filter(({ word }) => word.replace(/[^\p{L}\p{N}]/gu, '').length > 0)
    .map(({ word, typos }) => {
      const options = [`${lexeme(word)}:*`, ...typos.map(lexeme)];
      return options.length === 1 ? options[0]! : `(${options.join(' | ')})`;
    });
  return parts.length > 0 ? parts.join(' & ') : null;
}

/** A candidate row as the stores read it. */
export interface RankedName {
  full_name: string;
  created_at?: string | null;
}

/**
 * Candidates from a store, in the order this module promises: matched
 * (non-matching rows dropped), better word matches first, then the name
 * closer in length to what was said, then the newer customer.
 */
export function rankNames<T extends RankedName>(queryWords: readonly string[], rows: readonly T[]): T[] {
  const qLen = queryWords.join(' ').length;
  const scored: { row: T; score: number; gap: number }[] = [];
  for (const row of rows) {
    const score = scoreName(queryWords, row.full_name);
    if (score === null) continue;
    scored.push({ row, score, gap: Math.abs(nameWords(row.full_name).join(' ').length - qLen) });
  }
  scored.sort((a, b) => b.score - a.score || a.gap - b.gap || String(b.row.created_at ?? '').localeCompare(String(a.row.created_at ?? '')));
  return scored.map((s) => s.row);
}

/**
 * The closest names when nothing matched: how far each indexed word is from
 * the query's words (edit distance), so the store can offer the nearest real
 * names ("did you mean").
 */
export function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0]!;
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j]!;
      prev[j] = Math.min(up + 1, prev[j - 1]! + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length]!;
}

/** For each query word, the indexed words nearest to it (distance ≤ 2, nearest first, a few). */
export function nearestWords(queryWord: string, indexedWords: Iterable<string>, max = 3): string[] {
  const found: { w: string; d: number }[] = [];
  for (const w of indexedWords) {
    const d = Math.min(editDistance(queryWord, w), w.length > queryWord.length ? editDistance(queryWord, w.slice(0, queryWord.length)) + 0.5 : Infinity);
    if (d <= 2) found.push({ w, d });
  }
  return found
    .sort((a, b) => a.d - b.d || a.w.localeCompare(b.w))
    .slice(0, max)
    .map((f) => f.w);
}

/** What a store offers the search: candidate rows for a match expression, and its indexed words near a word. */
export interface NameStore<R extends RankedName> {
  candidates(words: WordAlternatives[]): Promise<R[]>;
  /** Indexed words that could be one typo from `word` (a superset is fine: this module decides). */
  wordsNear(word: string): Promise<Iterable<string>>;
}

/** The typo readings are asked only when the words as typed fill less than the first screen. */
export const TYPO_WHEN_FEWER = 10;
const MAX_TYPOS_PER_WORD = 20;

/**
 * The one search pipeline every store runs: the words as typed (each a
 * prefix); then, unless that already found the name exactly or filled the
 * first screen, the same with each word's typo readings.
 */
export async function searchNames<R extends RankedName>(store: NameStore<R>, text: string): Promise<R[]> {
  const alts = queryAlternatives(text);
  if (alts.length === 0) return [];
  const words = alts.map((a) => a.word);
  const asTyped = rankNames(words, await store.candidates(alts));
  const exactly = asTyped.length > 0 && scoreName(words, asTyped[0]!.full_name) === WORD_SCORE.exact * words.length;
  if (exactly || asTyped.length >= TYPO_WHEN_FEWER) return asTyped;
  const withTypos: WordAlternatives[] = [];
  for (const a of alts) withTypos.push({ ...a, typos: typoAlternatives(a.word, await store.wordsNear(a.word)).slice(0, MAX_TYPOS_PER_WORD) });
  if (withTypos.every((w) => w.typos.length === 0)) return asTyped;
  return rankNames(words, await store.candidates(withTypos));
}
