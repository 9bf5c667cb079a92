import type { Knex } from 'knex';

export const name = '050_name_vocab';

/**
 * The words the desk's name index holds, as a table: a misspelled word is
 * turned into the real words one typo away (core/lookup/name-search.ts)
 * before the index is asked. fts5vocab reads the index itself, so it is
 * always current and forgets a word with the last name using it.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`CREATE VIRTUAL TABLE customers_fts_vocab USING fts5vocab(customers_fts, 'row')`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP TABLE IF EXISTS customers_fts_vocab');
}
