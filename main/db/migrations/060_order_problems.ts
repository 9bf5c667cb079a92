import type { Knex } from 'knex';

export const name = '060_order_problems';

/**
 * Order problems of the customers this desk opened (issue 15 item 5), and the
 * flag a disc carries back to Returns; `server_version` as on every pulled table.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('order_problems', (t) => {
    t.text('id').primary();
    // No foreign keys, as for every cached table: a desk releases a customer's rows in whatever order sync delivers.
    t.integer('customer_id').notNullable();
    t.integer('shipment_id').notNullable();
    t.text('kind').notNullable();
    t.text('reason').notNullable();
    t.text('state').notNullable();
    t.integer('replacement_shipment_id').nullable();
    t.text('reported_by').notNullable();
    t.string('reported_at', 32).notNullable();
    t.text('decided_by').nullable();
    t.string('decided_at', 32).nullable();
    t.text('decision_reason').nullable();
    t.string('settled_at', 32).nullable();
    t.text('email_subject').nullable();
    t.text('email_body').nullable();
    t.string('email_queued_at', 32).nullable();
    t.bigInteger('server_version').nullable();
    t.index(['customer_id', 'reported_at']);
    t.index(['shipment_id']);
  });
  await knex.schema.alterTable('discs', (t) => {
    t.text('return_flag').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  // A plain DROP COLUMN (SQLite 3.35+, PostgreSQL): knex's SQLite fallback rebuilds the table, which the triggers on discs forbid.
  await knex.raw('ALTER TABLE discs DROP COLUMN return_flag');
  await knex.schema.dropTable('order_problems');
}
