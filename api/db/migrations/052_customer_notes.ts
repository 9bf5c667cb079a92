/**
 * Call notes (issue 15 item 6): a rep's short note on a customer, synced to
 * the desks that hold the customer (customer scope only, never a packing
 * station), versioned like every pulled table, and announced to live
 * listeners on PostgreSQL. Frozen: the shape is written out here.
 */
import type { Knex } from 'knex';
import { dialectOf, dropVersionTriggers, installVersionTriggers, type VersionedTable } from './frozen/sync-triggers';

const NOTES: VersionedTable = { table: 'customer_notes', key: ['id'], customerExpr: 'OLD.customer_id', tombstones: true };

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('customer_notes', (t) => {
    t.text('id').primary();
    t.integer('customer_id').notNullable().references('id').inTable('customers');
    t.text('staff_id').notNullable();
    t.text('reason').notNullable();
    t.text('body').notNullable();
    t.string('at', 32).notNullable();
    t.bigInteger('server_version').nullable();
    t.index(['customer_id', 'at']);
    t.index(['server_version'], 'customer_notes_server_version_idx');
  });
  await installVersionTriggers(knex, NOTES);
  if (dialectOf(knex) === 'postgres') {
    await knex.raw(`CREATE TRIGGER sync_notify AFTER INSERT OR UPDATE OR DELETE ON customer_notes FOR EACH STATEMENT EXECUTE FUNCTION sync_notify()`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (dialectOf(knex) === 'postgres') await knex.raw('DROP TRIGGER IF EXISTS sync_notify ON customer_notes');
  await dropVersionTriggers(knex, NOTES);
  await knex.schema.dropTable('customer_notes');
}
