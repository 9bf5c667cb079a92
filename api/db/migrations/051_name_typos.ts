/**
 * One typo per word, found by index instead of by scanning the dictionary of
 * name words (PostgreSQL; issue 15 item 2). Every dictionary word is stored
 * with each of its one-letter deletions (`customer_name_term_deletes`); two
 * words one typo apart (a letter changed, dropped, added, or two neighbours
 * swapped) always share such a variant, so the words near what was said are
 * an index lookup of the said word's own deletions. Kept by a trigger on the
 * dictionary: a word gets its variants when its first name arrives and loses
 * them with its last name.
 *
 * SQLite needs nothing: its vocabulary is read from the FTS index (050).
 */
import type { Knex } from 'knex';

function isPostgres(knex: Knex): boolean {
  const client = (knex.client as { config?: { client?: unknown } }).config?.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}

/** The variants of every dictionary word at once (also run by `npm run bench:search` after its bulk load). */
export const FILL_NAME_TERM_DELETES = `INSERT INTO customer_name_term_deletes (variant, term)
  SELECT DISTINCT v, t.term FROM customer_name_terms t, name_term_variants(t.term) v ON CONFLICT DO NOTHING`;

export async function up(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  await knex.raw(`CREATE TABLE customer_name_term_deletes (variant text NOT NULL, term text NOT NULL, PRIMARY KEY (variant, term))`);
  await knex.raw(`CREATE INDEX customer_name_terms_head ON customer_name_terms (left(term, 2))`);
  await knex.raw(`
    CREATE FUNCTION name_term_variants(t text) RETURNS SETOF text LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$
      SELECT t UNION SELECT left(t, i - 1) || substr(t, i + 1) FROM generate_series(1, length(t)) i
    $$`);
  await knex.raw(`
    CREATE FUNCTION customer_name_term_deletes_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP = 'INSERT' THEN
        INSERT INTO customer_name_term_deletes (variant, term) SELECT v, NEW.term FROM name_term_variants(NEW.term) v ON CONFLICT DO NOTHING;
      ELSE
        DELETE FROM customer_name_term_deletes WHERE term = OLD.term;
      END IF;
      RETURN NULL;
    END $$`);
  await knex.raw(`CREATE TRIGGER customer_name_term_deletes_keep AFTER INSERT OR DELETE ON customer_name_terms FOR EACH ROW EXECUTE FUNCTION customer_name_term_deletes_keep()`);
  await knex.raw(FILL_NAME_TERM_DELETES);
}

export async function down(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  await knex.raw('DROP TRIGGER IF EXISTS customer_name_term_deletes_keep ON customer_name_terms');
  await knex.raw('DROP FUNCTION IF EXISTS customer_name_term_deletes_keep()');
  await knex.raw('DROP FUNCTION IF EXISTS name_term_variants(text)');
  await knex.raw('DROP TABLE IF EXISTS customer_name_term_deletes');
}
