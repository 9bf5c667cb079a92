import type { Knex } from 'knex';

export const name = '006_desk_customers';

/**
 * When this desk last opened each customer it holds: a desk releases the
 * customers it has not opened for DESK_CUSTOMER_RETENTION_DAYS (main/sync/
 * desk-customers.ts). Customers already held count from their last opening in
 * this station's audit trail, or from now, so an upgrade releases nobody early.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('desk_customers', (t) => {
    t.integer('customer_id').primary();
    t.string('last_opened_at', 32).notNullable();
    t.index(['last_opened_at'], 'desk_customers_opened_index');
  });
  await knex.raw(
    `INSERT INTO desk_customers (customer_id, last_opened_at)
     SELECT c.id, COALESCE((SELECT MAX(a.at) FROM audit_log a WHERE a.customer_id = c.id), ?) FROM customers c`,
    [new Date().toISOString()],
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('desk_customers');
}
