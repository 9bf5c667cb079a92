/**
 * Postal-grade mailpieces (issue 17). Frozen: this file names its columns
 * itself and imports no live code.
 *
 * - `distribution_centers`: each DC's postal set-up (service name, permit
 *   imprint number and Post Office, Business Reply permit and ZIP+4, IMb
 *   service option, address-correction service, tracing). Central columns,
 *   pulled by every station with the DC rows, so a site sets them once and
 *   every packing station of the DC prints with them.
 * - `shipments.piece_type`: letter or parcel, decided at allocation.
 * - `label_events`: the piece, STID and Business Reply serial of each label.
 *
 * Nullable, no defaults: a DC whose postal set-up is missing prints no label
 * and says what to set. A column may already exist where the first migration
 * built the tables from the live specs; it is then left as it is, so the
 * database ends the same either way.
 */
import type { Knex } from 'knex';

const COLUMNS: ReadonlyArray<readonly [table: string, column: string, type: 'text' | 'boolean']> = [
  ['distribution_centers', 'service_name', 'text'],
  ['distribution_centers', 'permit_number', 'text'],
  ['distribution_centers', 'permit_city', 'text'],
  ['distribution_centers', 'permit_state', 'text'],
  ['distribution_centers', 'brm_permit_number', 'text'],
  ['distribution_centers', 'brm_zip5', 'text'],
  ['distribution_centers', 'brm_zip4', 'text'],
  ['distribution_centers', 'imb_service_option', 'text'],
  ['distribution_centers', 'address_correction', 'text'],
  ['distribution_centers', 'imb_tracing', 'boolean'],
  ['distribution_centers', 'brm_tracing', 'boolean'],
  ['shipments', 'piece_type', 'text'],
  ['label_events', 'piece_type', 'text'],
  ['label_events', 'stid', 'text'],
  ['label_events', 'return_serial', 'text'],
];

export async function up(knex: Knex): Promise<void> {
  for (const [table, column, type] of COLUMNS) {
    if (await knex.schema.hasColumn(table, column)) continue;
    // knex adds a column with ALTER TABLE ADD COLUMN on both databases: the sync version triggers stay.
    await knex.schema.alterTable(table, (t) => {
      if (type === 'boolean') t.boolean(column).nullable();
      else t.text(column).nullable();
    });
  }
}

export async function down(knex: Knex): Promise<void> {
  // Plain DROP COLUMN (SQLite 3.35+): knex rebuilds a SQLite table to drop a column, which would lose its version triggers.
  for (const [table, column] of [...COLUMNS].reverse()) {
    if (await knex.schema.hasColumn(table, column)) await knex.raw(`ALTER TABLE ${table} DROP COLUMN ${column}`);
  }
}
