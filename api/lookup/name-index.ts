/**
 * The central office's name index, on either store: PostgreSQL (full-text
 * over `f_unaccent(full_name)`, the `customer_name_terms` dictionary,
 * `pg_trgm` similarity for the candidates' order) or SQLite (FTS5 and its
 * vocabulary). What matches and in which order is core/lookup/name-search.ts;
 * this module only asks the store (migration 050).
 */
import type { Knex } from 'knex';
import {
  MIN_TYPO_WORD,
  deletionVariants,
  editDistance,
  fts5NameQuery,
  nameWords,
  nearestWords,
  queryNameWords,
  searchNames,
  tsNameQuery,
  typoLengthWindow,
  type WordAlternatives,
} from '../../core/lookup/name-search';

export interface NameRow {
  id: number;
  full_name: string;
  email: string;
  phone: string | null;
  city: string | null;
  state: string | null;
  created_at: string | null;
}

/** Candidates read per query before ranking: the store orders them by closeness, so the best are among the first. */
const CANDIDATES = 200;

type Db = Knex | Knex.Transaction;

function isPostgres(knex: Db): boolean {
  const client = (knex.client as { config?: { client?: unknown } }).config?.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}

const rowsOf = (raw: unknown): NameRow[] => (Array.isArray(raw) ? raw : ((raw as { rows?: NameRow[] }).rows ?? [])) as NameRow[];

async function candidates(knex: Db, words: WordAlternatives[], said: string, any = false): Promise<NameRow[]> {
  if (isPostgres(knex)) {
    const tsq = tsNameQuery(words);
    if (!tsq) return [];
    return rowsOf(
      await knex.raw(
        `SELECT c.id, c.full_name, c.email, c.phone, a.city, a.state, c.created_at
         FROM (SELECT id, full_name, email, phone, created_at FROM customers
               WHERE to_tsvector('simple', f_unaccent(full_name)) @@ to_tsquery('simple', ?)
               ORDER BY public.similarity(f_unaccent(full_name), ?) DESC, created_at DESC, id DESC LIMIT ${CANDIDATES}) c
         LEFT JOIN addresses a ON a.customer_id = c.id AND a.is_current = true`,
        [any ? tsq.replaceAll(' & ', ' | ') : tsq, said],
      ),
    );
  }
  const fts = fts5NameQuery(words);
  if (!fts) return [];
  return rowsOf(
    await knex.raw(
      `SELECT c.id, c.full_name, c.email, c.phone, a.city, a.state, c.created_at FROM customers c
       JOIN (SELECT rowid, rank FROM customers_fts WHERE customers_fts MATCH ? ORDER BY rank LIMIT ${CANDIDATES}) f ON f.rowid = c.id
       LEFT JOIN addresses a ON a.customer_id = c.id AND a.is_current = 1 ORDER BY f.rank`,
      [any ? fts.replaceAll(' AND ', ' OR ') : fts],
    ),
  );
}

/**
 * Indexed name words that could be one typo from `word` (a superset; the
 * caller decides). PostgreSQL: by the deletion variants (migration 051), plus
 * the words sharing the first two letters for a typo in a word still being
 * typed; SQLite: the vocabulary in a length window.
 */
async function indexedWordsNearOne(knex: Db, word: string): Promise<string[]> {
  if (isPostgres(knex)) {
    // A typo in a word still being typed ("elizb"): the longer words with the same first two letters (migration 051's index).
    const typing = word.length > MIN_TYPO_WORD ? ' UNION SELECT term FROM customer_name_terms WHERE left(term, 2) = ? AND length(term) > ?' : '';
    const rows = rowsOf(
      await knex.raw(`SELECT term AS full_name FROM customer_name_term_deletes WHERE variant = ANY(?)${typing}`, [
        deletionVariants(word),
        ...(typing ? [word.slice(0, 2), word.length] : []),
      ]),
    );
    return rows.map((r) => r.full_name);
  }
  return indexedWordsNear(knex, word, 1);
}

/** Indexed name words that could be within `slack` edits of `word` (a superset; the caller decides): a scan, for "did you mean" only. */
async function indexedWordsNear(knex: Db, word: string, slack: number): Promise<string[]> {
  if (isPostgres(knex)) {
    // Comparing the start of each word (one letter longer than what was said) covers whole-word typos and typos in a word still being typed.
    const rows = rowsOf(
      await knex.raw(`SELECT term AS full_name FROM customer_name_terms WHERE length(term) >= ? AND public.levenshtein_less_equal(left(term, ?), ?, ?) <= ? ORDER BY names DESC`, [
        word.length - slack,
        word.length + 1,
        word,
        slack + 1,
        slack + 1,
      ]),
    );
    return rows.map((r) => r.full_name);
  }
  const { min, max } = typoLengthWindow(word);
  const rows = rowsOf(
    await knex.raw(`SELECT term AS full_name FROM customers_fts_vocab WHERE length(term) >= ? ${max === null ? '' : 'AND length(term) <= ?'} ORDER BY doc DESC`, [
      Math.max(1, min - slack + 1),
      ...(max === null ? [] : [max + slack - 1]),
    ]),
  );
  return rows.map((r) => r.full_name);
}

/**
 * PostgreSQL: names created or changed since the last search reach the word
 * dictionary (migration 053 queues their words instead of locking the
 * dictionary in every rename). One searcher folds at a time; the others read
 * the dictionary as it stands.
 */
async function foldNameTermChanges(knex: Db): Promise<void> {
  if (isPostgres(knex)) await knex.raw('SELECT fold_customer_name_term_changes()');
}

/** Customers whose name matches what was said, best first (at most `limit`). */
export async function findCustomersByName(knex: Db, said: string, limit: number): Promise<NameRow[]> {
  await foldNameTermChanges(knex);
  const text = queryNameWords(said).join(' ');
  const found = await searchNames<NameRow>({ candidates: (words) => candidates(knex, words, text), wordsNear: (word) => indexedWordsNearOne(knex, word) }, said);
  return found.slice(0, limit);
}

/**
 * When nothing matched: the names nearest to what was said, for "did you
 * mean". Each word's nearest indexed words (two edits at most), any of them
 * in a name; names closer over all the words first.
 */
export async function closestCustomerNames(knex: Db, said: string, max: number): Promise<NameRow[]> {
  await foldNameTermChanges(knex);
  const words = queryNameWords(said);
  const near: WordAlternatives[] = [];
  for (const word of words) {
    const found = nearestWords(word, await indexedWordsNear(knex, word, 2), 3);
    if (found.length > 0) near.push({ word: found[0]!, typos: found.slice(1) });
  }
  if (near.length === 0) return [];
  // Near words as whole words, not prefixes: the expressions take the first as a prefix, which is fine for "did you mean".
  const rows = await candidates(knex, near, near.map((n) => n.word).join(' '), true);
  const distance = (name: string) => {
    const ws = nameWords(name);
    return words.reduce((sum, q) => sum + Math.min(...ws.map((w) => Math.min(editDistance(q, w), w.length > q.length ? editDistance(q, w.slice(0, q.length)) : Infinity)), 9), 0);
  };
  return rows
    .map((r) => ({ r, d: distance(r.full_name) }))
    .sort((a, b) => a.d - b.d || String(b.r.created_at ?? '').localeCompare(String(a.r.created_at ?? '')))
    .slice(0, max)
    .map((x) => x.r);
}
