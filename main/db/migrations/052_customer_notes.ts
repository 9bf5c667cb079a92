import type { Knex } from 'knex';

export const name = '052_customer_notes';

/** Call notes held for the customers this desk opened (issue 15 item 6); `server_version` as on every pulled table. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('customer_notes', (t) => {
    t.text('id').primary();
    // No foreign key, as for every cached table: a desk releases a customer's rows in whatever order sync delivers.
    t.integer('customer_id').notNullable();
    t.text('staff_id').notNullable();
    t.text('reason').notNullable();
    t.text('body').notNullable();
    t.string('at', 32).notNullable();
    t.bigInteger('server_version').nullable();
    t.index(['customer_id', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('customer_notes');
}
