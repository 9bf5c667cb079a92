/**
 * Sync (issue #6): a CS desk releases the customers it has not opened for a
 * while (DESK_CUSTOMER_RETENTION_DAYS), so it does not keep every caller's
 * personal data forever. A released subscription keeps its row with
 * `ended_at` set: the update stamps a new version, and the desk's next pull
 * turns it into deletes of that customer's rows. Opening the customer again
 * clears `ended_at` (a new version again, and the rows come back).
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sync_subscriptions', (t) => {
    t.string('ended_at', 32).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  // Plain DROP COLUMN (SQLite 3.35+): knex rebuilds a SQLite table to drop a column, which would lose its version triggers.
  await knex.raw('ALTER TABLE sync_subscriptions DROP COLUMN ended_at');
}
