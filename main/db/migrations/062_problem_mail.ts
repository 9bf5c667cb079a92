import type { Knex } from 'knex';

export const name = '062_problem_mail';

/**
 * The station's copy of the central columns that say whether an order
 * problem's email reached the customer (see the central migration of the
 * same number): the desk's 360 shows it. Frozen: the columns are named here.
 * The sender's own bookkeeping (tries, lease) stays central.
 */
const COLUMNS = ['email_sent_at', 'email_failed_at', 'email_last_error'] as const;

export async function up(knex: Knex): Promise<void> {
  for (const column of COLUMNS) {
    if (await knex.schema.hasColumn('order_problems', column)) continue;
    await knex.schema.alterTable('order_problems', (t) => {
      t.text(column).nullable();
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  for (const column of [...COLUMNS].reverse()) {
    if (await knex.schema.hasColumn('order_problems', column)) await knex.raw(`ALTER TABLE order_problems DROP COLUMN ${column}`);
  }
}
