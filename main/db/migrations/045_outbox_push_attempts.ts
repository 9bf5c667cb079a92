import type { Knex } from 'knex';

export const name = '045_outbox_push_attempts';

/**
 * A change that keeps failing is visible (issue 12): how many pushes of the
 * change alone failed and why, and, for a change held back because it must
 * follow a stuck one, which one it waits for.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.integer('push_attempts').notNullable().defaultTo(0);
    t.text('push_error').nullable();
    t.text('held_by').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox', (t) => {
    t.dropColumn('held_by');
    t.dropColumn('push_error');
    t.dropColumn('push_attempts');
  });
}
