/**
 * Packing (issue #4): IMb serials handed to stations in ranges, so two
 * stations never print the same serial for one mailer ID (USPS-B-3200: the
 * tracking code must be unique for 45 days), even offline.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('imb_serial_counters', (t) => {
    t.text('mailer_id').primary();
    t.bigInteger('next_serial').notNullable();
  });
  await knex.schema.createTable('imb_serial_ranges', (t) => {
    t.increments('id').primary();
    t.text('mailer_id').notNullable();
    t.bigInteger('first_serial').notNullable();
    t.bigInteger('last_serial').notNullable();
    t.text('station_id').notNullable();
    t.string('allocated_at', 32).notNullable();
    t.index(['mailer_id', 'first_serial']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('imb_serial_ranges');
  await knex.schema.dropTableIfExists('imb_serial_counters');
}
