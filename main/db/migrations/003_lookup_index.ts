import type { Knex } from 'knex';

export const name = '003_lookup_index';

/**
 * Full-text indexes for the lookup box. `unicode61 remove_diacritics 2` folds
 * case and accents, so "jose nunez" finds "José Núñez". External-content FTS
 * tables kept current by triggers: the cache is written by sync and by
 * mutations, and neither has to remember the index.
 */
export async function up(knex: Knex): Promise<void> {
  const fts = (table: string, column: string) => [
    `CREATE VIRTUAL TABLE ${table}_fts USING fts5(${column}, content='${table}', content_rowid='id', tokenize="unicode61 remove_diacritics 2")`,
    `CREATE TRIGGER ${table}_fts_ai AFTER INSERT ON ${table} BEGIN INSERT INTO ${table}_fts(rowid, ${column}) VALUES (new.id, new.${column}); END`,
    `CREATE TRIGGER ${table}_fts_ad AFTER DELETE ON ${table} BEGIN INSERT INTO ${table}_fts(${table}_fts, rowid, ${column}) VALUES ('delete', old.id, old.${column}); END`,
    `CREATE TRIGGER ${table}_fts_au AFTER UPDATE OF ${column} ON ${table} BEGIN INSERT INTO ${table}_fts(${table}_fts, rowid, ${column}) VALUES ('delete', old.id, old.${column}); INSERT INTO ${table}_fts(rowid, ${column}) VALUES (new.id, new.${column}); END`,
    // Rows already in the cache (an upgraded station) join the index too.
    `INSERT INTO ${table}_fts(${table}_fts) VALUES ('rebuild')`,
  ];
  for (const sql of [...fts('customers', 'full_name'), ...fts('titles', 'name')]) await knex.raw(sql);
  // A packing station finds open shipments by the name on the label.
  await knex.schema.alterTable('shipments', (t) => t.index(['status', 'ship_name'], 'shipments_status_ship_name_index'));
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['customers', 'titles']) {
    for (const suffix of ['ai', 'ad', 'au']) await knex.raw(`DROP TRIGGER IF EXISTS ${table}_fts_${suffix}`);
    await knex.raw(`DROP TABLE IF EXISTS ${table}_fts`);
  }
  await knex.schema.alterTable('shipments', (t) => t.dropIndex(['status', 'ship_name'], 'shipments_status_ship_name_index'));
}
