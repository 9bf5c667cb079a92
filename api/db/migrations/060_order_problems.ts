/**
 * Order problems reported on a call (issue 15 item 5): one row per problem,
 * synced to the desks that hold the customer (customer scope only), versioned
 * like every pulled table and announced to live listeners on PostgreSQL; and
 * the flag a disc carries back to Returns when it was reported damaged or the
 * wrong disc. Frozen: the shape is written out here.
 */
import type { Knex } from 'knex';
import { dialectOf, dropVersionTriggers, installVersionTriggers, type VersionedTable } from './frozen/sync-triggers';

const PROBLEMS: VersionedTable = { table: 'order_problems', key: ['id'], customerExpr: 'OLD.customer_id', tombstones: true };

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('order_problems', (t) => {
    t.text('id').primary();
    t.integer('customer_id').notNullable().references('id').inTable('customers');
    t.integer('shipment_id').notNullable().references('id').inTable('shipments');
    t.text('kind').notNullable();
    t.text('reason').notNullable();
    t.text('state').notNullable();
    t.integer('replacement_shipment_id').nullable().references('id').inTable('shipments');
    t.text('reported_by').notNullable();
    t.string('reported_at', 32).notNullable();
    t.text('decided_by').nullable();
    t.string('decided_at', 32).nullable();
    t.text('decision_reason').nullable();
    t.string('settled_at', 32).nullable();
    t.text('email_subject').nullable();
    t.text('email_body').nullable();
    t.string('email_queued_at', 32).nullable();
    t.bigInteger('server_version').nullable();
    t.index(['customer_id', 'reported_at']);
    t.index(['shipment_id']);
    t.index(['server_version'], 'order_problems_server_version_idx');
  });
  await installVersionTriggers(knex, PROBLEMS);
  if (dialectOf(knex) === 'postgres') {
    await knex.raw(`CREATE TRIGGER sync_notify AFTER INSERT OR UPDATE OR DELETE ON order_problems FOR EACH STATEMENT EXECUTE FUNCTION sync_notify()`);
  }
  await knex.schema.alterTable('discs', (t) => {
    t.text('return_flag').nullable();
  });
}

export async function down(knex: Knex): Promise<void> {
  // A plain DROP COLUMN (SQLite 3.35+, PostgreSQL): knex's SQLite fallback rebuilds the table, which the triggers on discs forbid.
  await knex.raw('ALTER TABLE discs DROP COLUMN return_flag');
  if (dialectOf(knex) === 'postgres') await knex.raw('DROP TRIGGER IF EXISTS sync_notify ON order_problems');
  await dropVersionTriggers(knex, PROBLEMS);
  await knex.schema.dropTable('order_problems');
}
