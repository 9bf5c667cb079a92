/**
 * The supervisor's floor view (issue 16 item 7). Frozen: the shapes are
 * written out here.
 *
 * - `label_events.station_id`: the station that printed the label (null for
 *   labels from before), pulled with the label events; and an index on `at`,
 *   since the floor reads the shift's labels every few seconds.
 * - `scan_mismatches`: scans a station refused (who, where, when, why; no
 *   order, customer, title or barcode), pushed like audit rows, never pulled.
 * - `stations`: what each station last reported of itself (its printer and
 *   its unsent changes), which only the station can know.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  if (!(await knex.schema.hasColumn('label_events', 'station_id'))) {
    // ALTER TABLE ADD COLUMN on both databases: the sync version triggers stay.
    await knex.schema.alterTable('label_events', (t) => {
      t.text('station_id').nullable();
    });
  }
  await knex.schema.alterTable('label_events', (t) => {
    t.index(['at'], 'label_events_at_idx');
  });
  await knex.schema.createTable('scan_mismatches', (t) => {
    t.text('id').primary();
    t.text('station_id').nullable();
    t.text('staff_id').notNullable();
    t.text('dc').nullable();
    t.text('reason').notNullable();
    t.string('at', 32).notNullable();
    t.index(['dc', 'at']);
  });
  await knex.schema.alterTable('stations', (t) => {
    t.text('printer_state').nullable();
    t.text('printer_name').nullable();
    t.text('printer_problem').nullable();
    t.integer('printer_waiting').nullable();
    t.integer('pending_changes').nullable();
    t.string('reported_at', 32).nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const column of ['reported_at', 'pending_changes', 'printer_waiting', 'printer_problem', 'printer_name', 'printer_state']) {
    await knex.raw(`ALTER TABLE stations DROP COLUMN ${column}`);
  }
  await knex.schema.dropTable('scan_mismatches');
  await knex.raw('DROP INDEX label_events_at_idx');
  // Plain DROP COLUMN (SQLite 3.35+): knex rebuilds a SQLite table to drop a column, which would lose its version triggers.
  await knex.raw('ALTER TABLE label_events DROP COLUMN station_id');
}
