import type { Knex } from 'knex';

export const name = '063_name_words';

/**
 * The words of the customers' names, each filed under its one-letter
 * deletions, so the desk's typo reading of a word is an index lookup (issue 18
 * item 4), as the central office's PostgreSQL does it (central migrations 050,
 * 051). Before this the desk read every word of the FTS vocabulary on each
 * search that found fewer than a screen: fts5vocab counts a word's names by
 * walking its postings, so that read was the whole index and grew with the
 * customers.
 *
 * - `name_words`: every word of every cached name with how many names use it
 *   (the order typo readings are taken in), kept by triggers on `customers`
 *   in the same statement as the name, so it is right after a pull, a local
 *   edit, an undo and replay, a delete or a release whatever wrote the row. A
 *   trigger cannot split words itself, so it asks `name_tokenizer`, SQLite's
 *   own unicode61 tokenizer with the FTS index's options: the words are the
 *   index's words exactly. A word goes with the last name using it, and its
 *   variants with it: a released customer's name leaves nothing behind here
 *   either (secure_delete zeroes the bytes).
 * - `name_word_variants`: each word folded (ligatures spelled out, marks the
 *   index keeps removed: core/lookup/name-search.ts `foldName`) and filed
 *   under its deletions. Folding is JavaScript, so a new word is filed by
 *   `fileNewNameWords` (main/db/name-words.ts) after the writes that bring
 *   names (a pull page, a local change, a fetched customer, a seed) and when
 *   the station opens (the words this migration found); until then `folded`
 *   is null and the search reads such words as they are, so a name is found
 *   by its typos from the moment it is written.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE VIRTUAL TABLE name_tokenizer USING fts3tokenize(unicode61, "remove_diacritics=2")`);
  await knex.raw(`CREATE TABLE name_words (word TEXT PRIMARY KEY, names INTEGER NOT NULL, folded TEXT) WITHOUT ROWID`);
  await knex.raw(`CREATE INDEX name_words_unfiled ON name_words (word) WHERE folded IS NULL`);
  // Words the index holds in another spelling than a caller's ("ægir" for "aegir"): found by their folded start.
  await knex.raw(`CREATE INDEX name_words_folded_apart ON name_words (folded) WHERE folded <> word`);
  await knex.raw(`CREATE TABLE name_word_variants (variant TEXT NOT NULL, word TEXT NOT NULL, PRIMARY KEY (variant, word)) WITHOUT ROWID`);
  await knex.raw(`CREATE INDEX name_word_variants_word ON name_word_variants (word)`);

  const add = (row: 'new' | 'old') =>
    `INSERT INTO name_words (word, names) SELECT DISTINCT token, 1 FROM name_tokenizer WHERE input = ${row}.full_name ON CONFLICT (word) DO UPDATE SET names = names + 1;`;
  const take = (row: 'new' | 'old') => `
    UPDATE name_words SET names = names - 1 WHERE word IN (SELECT token FROM name_tokenizer WHERE input = ${row}.full_name);
    DELETE FROM name_words WHERE names <= 0 AND word IN (SELECT token FROM name_tokenizer WHERE input = ${row}.full_name);`;
  await knex.raw(`CREATE TRIGGER customers_name_words_ai AFTER INSERT ON customers BEGIN ${add('new')} END`);
  await knex.raw(`CREATE TRIGGER customers_name_words_ad AFTER DELETE ON customers BEGIN ${take('old')} END`);
  // The new words first: a word in both names never reaches zero, so it keeps its variants.
  await knex.raw(`CREATE TRIGGER customers_name_words_au AFTER UPDATE OF full_name ON customers WHEN old.full_name IS NOT new.full_name BEGIN ${add('new')} ${take('old')} END`);
  await knex.raw(`CREATE TRIGGER name_words_ad AFTER DELETE ON name_words BEGIN DELETE FROM name_word_variants WHERE word = old.word; END`);

  // A cache that already holds customers: the words are exactly the FTS index's vocabulary (filed when the station opens).
  await knex.raw(`INSERT INTO name_words (word, names) SELECT term, doc FROM customers_fts_vocab`);
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['customers_name_words_ai', 'customers_name_words_ad', 'customers_name_words_au', 'name_words_ad']) await knex.raw(`DROP TRIGGER IF EXISTS ${t}`);
  await knex.raw('DROP TABLE IF EXISTS name_word_variants');
  await knex.raw('DROP TABLE IF EXISTS name_words');
  await knex.raw('DROP TABLE IF EXISTS name_tokenizer');
}
