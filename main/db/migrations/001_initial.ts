import type { Knex } from 'knex';
import { createSharedTablesV1, SHARED_TABLE_NAMES_V1 } from '../../../core/data/migrations/001_shared_tables';

export const name = '001_initial';

export async function up(knex: Knex): Promise<void> {
  await createSharedTablesV1(knex, { foreignKeys: false });

  // Staff who signed in here online before, so the station still opens when the
  // central API is unreachable. The hash is the station's own argon2 of the PIN.
  await knex.schema.createTable('staff_offline', (t) => {
    t.text('staff_id').primary();
    t.text('username').notNullable().unique();
    t.text('display_name').notNullable();
    t.text('role').notNullable();
    t.text('secret_hash').notNullable();
    t.integer('failed_attempts').notNullable().defaultTo(0);
    t.string('locked_until', 32).nullable();
    t.string('updated_at', 32).notNullable();
  });

  // DESIGN §4: the local change and its outbox row are written in one transaction.
  await knex.schema.createTable('outbox', (t) => {
    t.text('mutation_id').primary();
    t.text('client_id').notNullable();
    t.text('staff_id').notNullable();
    t.text('name').notNullable();
    t.text('args').notNullable();
    t.text('base_versions').nullable();
    t.string('created_at', 32).notNullable();
    t.text('status').notNullable().defaultTo('pending');
    t.text('error').nullable();
  });

  await knex.schema.createTable('sync_state', (t) => {
    t.text('key').primary();
    t.text('value').notNullable();
  });

  await knex.schema.createTable('conflicts', (t) => {
    t.text('id').primary();
    t.text('entity').notNullable();
    t.text('entity_id').notNullable();
    t.text('field').notNullable();
    t.text('local_value').nullable();
    t.text('server_value').nullable();
    t.text('mutation_id').nullable();
    t.string('at', 32).notNullable();
    t.string('seen_at', 32).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const t of ['conflicts', 'sync_state', 'outbox', 'staff_offline', ...[...SHARED_TABLE_NAMES_V1].reverse()]) {
    await knex.schema.dropTableIfExists(t);
  }
}
