/**
 * Sync (DESIGN §4, issue #6): a version counter stamped on every synced row,
 * tombstones for deletes, and the bookkeeping of push (clients, rejections,
 * per-field versions, conflicts) and pull (subscriptions, retention).
 *
 * The table list is frozen here on purpose: a migration must build the same
 * database whenever it runs. A later synced table is a later migration calling
 * `installVersionTriggers` for it.
 */
import type { Knex } from 'knex';
import {
  backfillVersions,
  createVersionCounter,
  dialectOf,
  dropVersionCounter,
  dropVersionTriggers,
  installVersionTriggers,
  type VersionedTable,
} from './frozen/sync-triggers';

const timestamp = (t: Knex.CreateTableBuilder, name: string) => t.string(name, 32);

const viaShipment = (col: string) => `(SELECT ${col} FROM shipments WHERE id = OLD.shipment_id)`;

/** Pulled tables, in the order their existing rows get versions. */
const PULLED: readonly VersionedTable[] = [
  { table: 'distribution_centers', key: ['code'], tombstones: true },
  { table: 'titles', key: ['id'], tombstones: true },
  { table: 'discs', key: ['id'], dcExpr: 'OLD.home_dc', tombstones: true },
  { table: 'disc_barcodes', key: ['alias'], dcExpr: '(SELECT home_dc FROM discs WHERE id = OLD.disc_id)', tombstones: true },
  { table: 'customers', key: ['id'], customerExpr: 'OLD.id', tombstones: true },
  { table: 'addresses', key: ['id'], customerExpr: 'OLD.customer_id', tombstones: true },
  { table: 'payment_methods', key: ['id'], customerExpr: 'OLD.customer_id', tombstones: true },
  { table: 'preferences', key: ['customer_id'], customerExpr: 'OLD.customer_id', tombstones: true },
  { table: 'consent_events', key: ['id'], customerExpr: 'OLD.customer_id', tombstones: true },
  { table: 'rental_queue', key: ['customer_id', 'title_id'], customerExpr: 'OLD.customer_id', tombstones: true },
  { table: 'shipments', key: ['id'], dcExpr: 'OLD.dc', customerExpr: 'OLD.customer_id', tombstones: true },
  { table: 'label_events', key: ['id'], dcExpr: viaShipment('dc'), customerExpr: viaShipment('customer_id'), tombstones: true },
  { table: 'charges', key: ['id'], customerExpr: 'OLD.customer_id', tombstones: true },
  { table: 'reviews', key: ['id'], customerExpr: 'OLD.customer_id', tombstones: true },
];

/** Station-private streams: versioned so a pull delivers them, never deleted by sync. */
const PRIVATE: readonly VersionedTable[] = [
  { table: 'sync_rejections', key: ['mutation_id'], tombstones: false },
  { table: 'sync_conflicts', key: ['id'], tombstones: false },
  { table: 'sync_subscriptions', key: ['station_id', 'customer_id'], tombstones: false },
];

/** Scoped scans: a packing station reads its DC's shipments and discs in version order. */
const SCOPED_VERSION_INDEXES: readonly [table: string, column: string][] = [
  ['shipments', 'dc'],
  ['discs', 'home_dc'],
];

export async function up(knex: Knex): Promise<void> {
  for (const { table } of PULLED) {
    await knex.schema.alterTable(table, (t) => {
      t.bigInteger('server_version').nullable();
      t.index(['server_version'], `${table}_server_version_idx`);
    });
  }
  for (const [table, column] of SCOPED_VERSION_INDEXES) {
    await knex.schema.alterTable(table, (t) => t.index([column, 'server_version'], `${table}_${column}_server_version_idx`));
  }

  await knex.schema.createTable('sync_tombstones', (t) => {
    t.bigInteger('version').primary();
    t.text('table_name').notNullable();
    t.text('row_key').notNullable();
    t.text('dc').nullable();
    t.integer('customer_id').nullable();
    timestamp(t, 'deleted_at').notNullable();
    t.index(['deleted_at']);
  });

  // One row per station database (client): the exactly-once ledger of its outbox.
  await knex.schema.createTable('sync_clients', (t) => {
    t.text('client_id').primary();
    t.text('station_id').notNullable().references('id').inTable('stations');
    // ULIDs compare as text in creation order; '' is below every ULID.
    t.text('last_mutation_id').notNullable().defaultTo('');
    t.integer('applied_count').notNullable().defaultTo(0);
    t.integer('rejected_count').notNullable().defaultTo(0);
    timestamp(t, 'created_at').notNullable();
    timestamp(t, 'updated_at').notNullable();
    t.index(['station_id']);
  });

  await knex.schema.createTable('sync_rejections', (t) => {
    t.text('mutation_id').primary();
    t.text('client_id').notNullable().references('client_id').inTable('sync_clients');
    t.text('station_id').notNullable();
    t.text('staff_id').notNullable();
    t.text('name').notNullable();
    t.text('code').notNullable();
    t.text('reason').notNullable();
    timestamp(t, 'at').notNullable();
    timestamp(t, 'rejected_at').notNullable();
    t.bigInteger('server_version').nullable();
    t.index(['client_id', 'server_version']);
  });

  await knex.schema.createTable('sync_conflicts', (t) => {
    t.text('id').primary();
    t.text('client_id').notNullable().references('client_id').inTable('sync_clients');
    t.text('station_id').notNullable();
    t.text('mutation_id').notNullable();
    t.text('staff_id').notNullable();
    t.text('entity').notNullable();
    t.text('entity_id').notNullable();
    t.text('field').notNullable();
    t.text('local_value').nullable();
    t.text('server_value').nullable();
    t.text('resolution').notNullable();
    timestamp(t, 'at').notNullable();
    t.bigInteger('server_version').nullable();
    t.index(['client_id', 'server_version']);
    t.index(['entity', 'entity_id']);
  });

  // Per-field versions (DESIGN §4 per-field merge): who last wrote a field, at which version.
  await knex.schema.createTable('sync_field_versions', (t) => {
    t.text('table_name').notNullable();
    t.text('row_key').notNullable();
    t.text('field').notNullable();
    t.bigInteger('version').notNullable();
    t.text('client_id').notNullable();
    t.text('mutation_id').notNullable();
    t.primary(['table_name', 'row_key', 'field']);
  });

  await knex.schema.createTable('sync_subscriptions', (t) => {
    t.text('station_id').notNullable().references('id').inTable('stations');
    t.integer('customer_id').notNullable().references('id').inTable('customers');
    t.text('staff_id').notNullable();
    timestamp(t, 'created_at').notNullable();
    t.bigInteger('server_version').nullable();
    t.primary(['station_id', 'customer_id']);
    t.index(['station_id', 'server_version']);
  });

  await knex.schema.createTable('sync_meta', (t) => {
    t.text('key').primary();
    t.text('value').notNullable();
  });

  const pulled = PULLED.map((p) => p.table);
  if (dialectOf(knex) === 'postgres') {
    await createVersionCounter(knex, 0);
    await backfillVersions(knex, pulled);
  } else {
    await createVersionCounter(knex, await backfillVersions(knex, pulled));
  }
  for (const spec of [...PULLED, ...PRIVATE]) await installVersionTriggers(knex, spec);
}

export async function down(knex: Knex): Promise<void> {
  for (const spec of [...PULLED, ...PRIVATE]) await dropVersionTriggers(knex, spec);
  await dropVersionCounter(knex);
  for (const name of ['sync_meta', 'sync_subscriptions', 'sync_field_versions', 'sync_conflicts', 'sync_rejections', 'sync_clients', 'sync_tombstones']) {
    await knex.schema.dropTableIfExists(name);
  }
  for (const [table, column] of SCOPED_VERSION_INDEXES) {
    await knex.schema.alterTable(table, (t) => t.dropIndex([column, 'server_version'], `${table}_${column}_server_version_idx`));
  }
  for (const { table } of PULLED) {
    await knex.schema.alterTable(table, (t) => {
      t.dropIndex(['server_version'], `${table}_server_version_idx`);
      t.dropColumn('server_version');
    });
  }
}
