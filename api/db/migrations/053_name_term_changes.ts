/**
 * The name dictionary's counts are no longer kept inside the customer's own
 * transaction (PostgreSQL). Migration 050's trigger added and took one from
 * `customer_name_terms.names` for each word of a name as it changed, so every
 * transaction that created or renamed a customer held the row of each of its
 * words until it committed: all renames with a common word ("Smith", or
 * "Bench" in bench:central) queued behind one another, and two pushes taking
 * two such words in opposite orders deadlocked. Measured in bench:central's
 * reconnect burst: 169 deadlocks and about two changes a second.
 *
 * Now the trigger only appends the change (+1 / -1 per word) to
 * `customer_name_term_changes`, which no two transactions contend on, and
 * `fold_customer_name_term_changes()` adds them into the dictionary in word
 * order, one caller at a time (a transaction-scoped advisory lock, which works
 * behind a transaction-mode pooler). The name search folds before it reads the
 * dictionary (api/lookup/name-index.ts), so a name is found by its typos as
 * soon as it was before; the counts only order "did you mean" suggestions.
 *
 * SQLite needs nothing: its vocabulary is the FTS index's own (050).
 */
import type { Knex } from 'knex';

function isPostgres(knex: Knex): boolean {
  const client = (knex.client as { config?: { client?: unknown } }).config?.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}

const TERMS_OF = (row: 'NEW' | 'OLD') => `tsvector_to_array(to_tsvector('simple', f_unaccent(${row}.full_name)))`;

export async function up(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  await knex.raw(`CREATE TABLE customer_name_term_changes (id bigserial PRIMARY KEY, term text NOT NULL, delta integer NOT NULL)`);
  await knex.raw(`
    CREATE OR REPLACE FUNCTION customer_name_terms_keep() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      IF TG_OP IN ('UPDATE', 'DELETE') THEN
        INSERT INTO customer_name_term_changes (term, delta) SELECT u, -1 FROM unnest(${TERMS_OF('OLD')}) u;
      END IF;
      IF TG_OP IN ('INSERT', 'UPDATE') THEN
        INSERT INTO customer_name_term_changes (term, delta) SELECT u, 1 FROM unnest(${TERMS_OF('NEW')}) u;
      END IF;
      RETURN NULL;
    END $$`);
  await knex.raw(`
    CREATE FUNCTION fold_customer_name_term_changes() RETURNS integer LANGUAGE plpgsql AS $$
    DECLARE
      gone text[];
      folded integer;
    BEGIN
      IF NOT EXISTS (SELECT 1 FROM customer_name_term_changes) THEN RETURN 0; END IF;
      IF NOT pg_try_advisory_xact_lock(hashtext('backlot.customer_name_terms')) THEN RETURN 0; END IF;
      WITH taken AS (DELETE FROM customer_name_term_changes RETURNING term, delta),
           sums AS (SELECT term, sum(delta)::integer AS d, count(*) AS n FROM taken GROUP BY term),
           kept AS (
             INSERT INTO customer_name_terms AS t (term, names)
               SELECT term, d FROM sums WHERE d <> 0 ORDER BY term
               ON CONFLICT (term) DO UPDATE SET names = t.names + EXCLUDED.names
               RETURNING t.term, t.names)
      SELECT (SELECT array_agg(term) FROM kept WHERE names <= 0), (SELECT coalesce(sum(n), 0)::integer FROM sums)
        INTO gone, folded;
      IF gone IS NOT NULL THEN
        DELETE FROM customer_name_terms WHERE term = ANY(gone) AND names <= 0;
      END IF;
      RETURN folded;
    END $$`);
}

export async function down(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  await knex.raw('SELECT fold_customer_name_term_changes()');
  await knex.raw('DROP FUNCTION IF EXISTS fold_customer_name_term_changes()');
  await knex.raw(`
    CREATE OR REPLACE FUNCTION customer_name_terms_keep() RETURNS trigger LANGUAGE plpgsql AS $$
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
  await knex.raw('DROP TABLE IF EXISTS customer_name_term_changes');
}
