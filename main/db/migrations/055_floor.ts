import type { Knex } from 'knex';

export const name = '055_floor';

/**
 * The floor view (issue 16 item 7): the station that printed each label, as
 * on the central office (pulled with the label events), and the scans this
 * station refused (push-only, like the audit rows: appended here, sent, never
 * pulled back). Frozen: the shape is written out here.
 */
export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasColumn('label_events', 'station_id'))) {
    await knex.schema.alterTable('label_events', (t) => {
      t.text('station_id').nullable();
    });
  }
  await knex.schema.createTable('scan_mismatches', (t) => {
    t.text('id').primary();
    t.text('station_id').nullable();
    t.text('staff_id').notNullable();
    t.text('dc').nullable();
    t.text('reason').notNullable();
    t.string('at', 32).notNullable();
    t.index(['dc', 'at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('scan_mismatches');
  // Plain DROP COLUMN: knex would rebuild the SQLite table.
  await knex.raw('ALTER TABLE label_events DROP COLUMN station_id');
}
