import type { Knex } from 'knex';

export const name = '004_packing';

/**
 * Packing-station state that never syncs: the batch this station claimed
 * (with the age certification the central office told it), its IMb serial
 * ranges, and print jobs not yet printed (a printer outage loses nothing).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pack_claims', (t) => {
    t.integer('shipment_id').primary();
    t.text('order_number').notNullable();
    t.boolean('age_certified').notNullable();
    t.string('claimed_at', 32).notNullable();
  });
  await knex.schema.createTable('serial_ranges', (t) => {
    t.increments('id').primary();
    t.text('mailer_id').notNullable();
    t.bigInteger('next_serial').notNullable();
    t.bigInteger('last_serial').notNullable();
  });
  await knex.schema.createTable('print_jobs', (t) => {
    t.text('id').primary();
    t.text('printer').notNullable();
    t.text('payload_kind').notNullable();
    t.text('payload').notNullable();
    t.string('created_at', 32).notNullable();
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error').nullable();
    t.index(['printer', 'created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('print_jobs');
  await knex.schema.dropTableIfExists('serial_ranges');
  await knex.schema.dropTableIfExists('pack_claims');
}
