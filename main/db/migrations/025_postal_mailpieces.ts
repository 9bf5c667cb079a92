import type { Knex } from 'knex';

export const name = '025_postal_mailpieces';

/**
 * The station's copy of the central columns of issue 17 (see the central
 * migration of the same number): the DC's postal set-up, a shipment's piece
 * type, and the piece, STID and Business Reply serial of each label event.
 * Frozen: the columns are named here. A column the first migration already
 * built from the live specs is left as it is.
 *
 * Plus an index for Returns: a Business Reply IMb names the shipment by its
 * label serial.
 */
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
    await knex.schema.alterTable(table, (t) => {
      if (type === 'boolean') t.boolean(column).nullable();
      else t.text(column).nullable();
    });
  }
  await knex.raw('CREATE INDEX IF NOT EXISTS shipments_label_serial_index ON shipments (label_serial)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS shipments_label_serial_index');
  for (const [table, column] of [...COLUMNS].reverse()) {
    if (await knex.schema.hasColumn(table, column)) await knex.raw(`ALTER TABLE ${table} DROP COLUMN ${column}`);
  }
}
