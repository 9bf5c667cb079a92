/**
 * Delivery of the order-problem emails (issue 15 item 5: "the customer told
 * by email"; the sender is api/mail/). Frozen: the columns are written out.
 *
 * Synced to the desks (core/data/tables.ts), so the 360 says whether the
 * customer was emailed:
 * - `email_sent_at`: the mail server accepted the message;
 * - `email_failed_at`: given up (the address was refused, or too many tries);
 * - `email_last_error`: why the last try failed, in a few fixed words and the
 *   SMTP reply code, never the address, the text or the server's own reply.
 *
 * Central only (not in the table spec, so never pulled):
 * - `email_attempts`: tries so far, counted when a sender claims the email;
 * - `email_claimed_until`: nobody else may try before this time: the lease of
 *   the sender that claimed it, then the back-off after a failed try.
 *
 * The queue index is partial: only emails still to send are in it, so the
 * sender's look stays one small index read however many problems exist.
 */
import type { Knex } from 'knex';

const COLUMNS = ['email_sent_at', 'email_failed_at', 'email_last_error', 'email_attempts', 'email_claimed_until'] as const;

export async function up(knex: Knex): Promise<void> {
  // ALTER TABLE ADD COLUMN on both databases: the sync version triggers on order_problems stay.
  await knex.schema.alterTable('order_problems', (t) => {
    t.string('email_sent_at', 32).nullable();
    t.string('email_failed_at', 32).nullable();
    t.text('email_last_error').nullable();
    t.integer('email_attempts').notNullable().defaultTo(0);
    t.string('email_claimed_until', 32).nullable();
  });
  // The same partial-index syntax on SQLite and PostgreSQL.
  await knex.raw(
    `CREATE INDEX order_problems_mail_queue_idx ON order_problems (email_claimed_until, email_queued_at)
     WHERE email_queued_at IS NOT NULL AND email_sent_at IS NULL AND email_failed_at IS NULL`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS order_problems_mail_queue_idx');
  // Plain DROP COLUMN (SQLite 3.35+): knex rebuilds a SQLite table to drop a column, which would lose its version triggers.
  for (const column of [...COLUMNS].reverse()) await knex.raw(`ALTER TABLE order_problems DROP COLUMN ${column}`);
}
