/**
 * The central database's first shape: the tables shared with every station
 * (a frozen copy in core shared with the station's first migration) plus the central-only
 * tables that hold secrets and must never be synced to a station (DESIGN §2).
 */
import type { Knex } from 'knex';
import { createSharedTablesV1, SHARED_TABLE_NAMES_V1 } from '../../../core/data/migrations/001_shared_tables';

/** Same shape as core's `timestamp` columns: ISO-8601 UTC text, equal on SQLite and PostgreSQL. */
const timestamp = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

export async function up(knex: Knex): Promise<void> {
  await createSharedTablesV1(knex);

  await knex.schema.createTable('staff_credentials', (t) => {
    t.text('staff_id').primary().references('id').inTable('staff');
    t.text('secret_hash').notNullable();
    t.integer('failed_attempts').notNullable().defaultTo(0);
    timestamp(t, 'locked_until').nullable();
    timestamp(t, 'updated_at').notNullable();
  });

  await knex.schema.createTable('stations', (t) => {
    t.text('id').primary();
    t.text('name').notNullable();
    t.text('distribution_center').notNullable().references('code').inTable('distribution_centers');
    t.text('credential_hash').notNullable().unique();
    timestamp(t, 'created_at').notNullable();
    timestamp(t, 'last_seen_at').nullable();
    timestamp(t, 'revoked_at').nullable();
  });

  await knex.schema.createTable('staff_sessions', (t) => {
    t.text('id').primary();
    t.text('token_hash').notNullable().unique();
    t.text('staff_id').notNullable().references('id').inTable('staff');
    t.text('station_id').notNullable().references('id').inTable('stations');
    timestamp(t, 'created_at').notNullable();
    timestamp(t, 'last_seen_at').notNullable();
    timestamp(t, 'expires_at').notNullable();
    timestamp(t, 'revoked_at').nullable();
    // Deactivating a staff member revokes all of their sessions at once.
    t.index(['staff_id', 'revoked_at']);
  });

  await knex.schema.createTable('customer_secrets', (t) => {
    t.integer('customer_id').primary().references('id').inTable('customers');
    t.text('password_hash').notNullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const name of ['customer_secrets', 'staff_sessions', 'stations', 'staff_credentials']) {
    await knex.schema.dropTable(name);
  }
  // Reverse order so no table is dropped while another still references it.
  for (const name of [...SHARED_TABLE_NAMES_V1].reverse()) await knex.schema.dropTable(name);
}
