import type { Knex } from 'knex';

export const name = '008_fts_secure_delete';

/**
 * The lookup index forgets a deleted name for real: FTS5 otherwise keeps a
 * deleted row's tokens in its segments until they happen to be merged, so a
 * released customer's name would stay readable in the file (and findable by
 * anyone opening it). `secure-delete` (SQLite 3.42+) removes them at once;
 * with the connection's `secure_delete` pragma the freed bytes are zeroed.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw("INSERT INTO customers_fts(customers_fts, rank) VALUES ('secure-delete', 1)");
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw("INSERT INTO customers_fts(customers_fts, rank) VALUES ('secure-delete', 0)");
}
