import type { Knex } from 'knex';

export const name = '002_sync';

/** Frozen copy of the pulled tables at this migration (a migration builds the same cache whenever it runs). */
const PULLED = [
  'distribution_centers',
  'titles',
  'discs',
  'disc_barcodes',
  'customers',
  'addresses',
  'payment_methods',
  'preferences',
  'consent_events',
  'rental_queue',
  'shipments',
  'label_events',
  'charges',
  'reviews',
];

/**
 * Sync at the station (DESIGN §4):
 * - `server_version` on every pulled row: the central version of the copy
 *   held here, which an edit carries as the base version it saw;
 * - `sync_undo`: the before-image of every row a not-yet-acknowledged
 *   mutation touched, so applying a pull can first take the optimistic
 *   changes back out, lay the server's rows down, then replay the outbox;
 * - the outbox remembers the role that made each change and the server's
 *   reason code when it refused one; a conflict remembers who won.
 */
export async function up(knex: Knex): Promise<void> {
  for (const table of PULLED) {
    await knex.schema.alterTable(table, (t) => t.bigInteger('server_version').nullable());
  }
  await knex.schema.alterTable('outbox', (t) => {
    t.text('role').nullable();
    t.text('error_code').nullable();
    t.index(['status', 'mutation_id'], 'outbox_status_mutation_index');
  });
  await knex.schema.alterTable('conflicts', (t) => {
    t.text('resolution').nullable();
    t.index(['seen_at'], 'conflicts_seen_at_index');
  });
  await knex.schema.createTable('sync_undo', (t) => {
    t.text('mutation_id').notNullable();
    t.integer('seq').notNullable();
    t.text('table_name').notNullable();
    t.text('row_key').notNullable();
    /** JSON of the row before the mutation touched it; null when the mutation created it. */
    t.text('before').nullable();
    t.primary(['mutation_id', 'seq']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('sync_undo');
  await knex.schema.alterTable('conflicts', (t) => {
    t.dropIndex(['seen_at'], 'conflicts_seen_at_index');
    t.dropColumn('resolution');
  });
  await knex.schema.alterTable('outbox', (t) => {
    t.dropIndex(['status', 'mutation_id'], 'outbox_status_mutation_index');
    t.dropColumn('error_code');
    t.dropColumn('role');
  });
  for (const table of PULLED) await knex.schema.alterTable(table, (t) => t.dropColumn('server_version'));
}
