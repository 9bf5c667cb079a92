/**
 * Customer names searched the way a caller says them (issue 15 item 1; the
 * matching rules are core/lookup/name-search.ts):
 *
 * - PostgreSQL: a GIN full-text index over the name without accents
 *   (`unaccent`, wrapped as IMMUTABLE so it can be indexed), so every word is a
 *   prefix in any order; `pg_trgm` ranks the candidates by similarity and
 *   `fuzzystrmatch` narrows the dictionary of name words to those one typo
 *   away. The dictionary (`customer_name_terms`, word and how many names use
 *   it) is kept by a trigger and forgets a word when its last name goes, so an
 *   erased customer's name does not linger in it.
 * - SQLite: an FTS5 index folding case and accents (as a desk's cache does),
 *   kept by triggers, with `secure-delete`, and its vocabulary as a table.
 *
 * Extensions are created once per database in `public` (the API may run in
 * another schema) under an advisory lock, so two schemas migrating at the same
 * time do not race to create them.
 */
import type { Knex } from 'knex';

function isPostgres(knex: Knex): boolean {
  const client = (knex.client as { config?: { client?: unknown } }).config?.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}

/** The name index, also rebuilt by `npm run bench:search` after its bulk load (an index built once is faster than one kept row by row). */
export const CUSTOMERS_NAME_FTS_INDEX = `CREATE INDEX customers_name_fts ON customers USING gin (to_tsvector('simple', f_unaccent(full_name)))`;
/** The dictionary of name words filled from every customer at once (the trigger keeps it after). */
export const FILL_CUSTOMER_NAME_TERMS = `INSERT INTO customer_name_terms (term, names)
    SELECT u, count(*) FROM customers c, unnest(tsvector_to_array(to_tsvector('simple', f_unaccent(c.full_name)))) u GROUP BY u`;

const TERMS_OF = (row: 'NEW' | 'OLD') => `tsvector_to_array(to_tsvector('simple', f_unaccent(${row}.full_name)))`;

export async function up(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) {
    await knex.raw(`CREATE VIRTUAL TABLE customers_fts USING fts5(full_name, content='customers', content_rowid='id', tokenize="unicode61 remove_diacritics 2")`);
    await knex.raw(`CREATE TRIGGER customers_fts_ai AFTER INSERT ON customers BEGIN INSERT INTO customers_fts(rowid, full_name) VALUES (new.id, new.full_name); END`);
    await knex.raw(`CREATE TRIGGER customers_fts_ad AFTER DELETE ON customers BEGIN INSERT INTO customers_fts(customers_fts, rowid, full_name) VALUES ('delete', old.id, old.full_name); END`);
    await knex.raw(
      `CREATE TRIGGER customers_fts_au AFTER UPDATE OF full_name ON customers BEGIN INSERT INTO customers_fts(customers_fts, rowid, full_name) VALUES ('delete', old.id, old.full_name); INSERT INTO customers_fts(rowid, full_name) VALUES (new.id, new.full_name); END`,
    );
    await knex.raw(`INSERT INTO customers_fts(customers_fts) VALUES ('rebuild')`);
    await knex.raw(`INSERT INTO customers_fts(customers_fts, rank) VALUES ('secure-delete', 1)`);
    await knex.raw(`CREATE VIRTUAL TABLE customers_fts_vocab USING fts5vocab(customers_fts, 'row')`);
    return;
  }
  await knex.raw(`SELECT pg_advisory_xact_lock(hashtext('backlot.extensions'))`);
  for (const ext of ['unaccent', 'pg_trgm', 'fuzzystrmatch']) await knex.raw(`CREATE EXTENSION IF NOT EXISTS ${ext} WITH SCHEMA public`);
  await knex.raw(`CREATE FUNCTION f_unaccent(text) RETURNS text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ SELECT lower(public.unaccent('public.unaccent'::regdictionary, $1)) $$`);
  await knex.raw(CUSTOMERS_NAME_FTS_INDEX);
  await knex.raw(`CREATE TABLE customer_name_terms (term text PRIMARY KEY, names integer NOT NULL)`);
  await knex.raw(`
    CREATE FUNCTION customer_name_terms_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE customer_name_terms t SET names = t.names - 1 WHERE t.term = ANY(${TERMS_OF('OLD')});
        DELETE FROM customer_name_terms t WHERE t.names <= 0 AND t.term = ANY(${TERMS_OF('OLD')});
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO customer_name_terms (term, names) SELECT u, 1 FROM unnest(${TERMS_OF('NEW')}) u
          ON CONFLICT (term) DO UPDATE SET names = customer_name_terms.names + 1;
      END IF;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER customer_name_terms_keep AFTER INSERT OR DELETE OR UPDATE OF full_name ON customers FOR EACH ROW EXECUTE FUNCTION customer_name_terms_keep()`);
  await knex.raw(FILL_CUSTOMER_NAME_TERMS);
}

export async function down(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) {
    await knex.raw('DROP TABLE IF EXISTS customers_fts_vocab');
    for (const s of ['ai', 'ad', 'au']) await knex.raw(`DROP TRIGGER IF EXISTS customers_fts_${s}`);
    await knex.raw('DROP TABLE IF EXISTS customers_fts');
    return;
  }
  await knex.raw('DROP TRIGGER IF EXISTS customer_name_terms_keep ON customers');
  await knex.raw('DROP FUNCTION IF EXISTS customer_name_terms_keep()');
  await knex.raw('DROP TABLE IF EXISTS customer_name_terms');
  await knex.raw('DROP INDEX IF EXISTS customers_name_fts');
  await knex.raw('DROP FUNCTION IF EXISTS f_unaccent(text)');
}
