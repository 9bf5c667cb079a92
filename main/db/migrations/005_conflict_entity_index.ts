import type { Knex } from 'knex';

export const name = '005_conflict_entity_index';

/** A row that leaves the station takes its conflicts with it (main/sync/apply.ts): found by entity. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('conflicts', (t) => {
    t.index(['entity', 'entity_id'], 'conflicts_entity_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('conflicts', (t) => {
    t.dropIndex(['entity', 'entity_id'], 'conflicts_entity_index');
  });
}
