/**
 * The live hub asks, for each window of committed versions, which desks have
 * the changed customers open (api/sync/live-scan.ts): a join of the window's
 * rows to the open subscriptions by customer. Subscriptions were indexed by
 * station only, so every window row scanned all of them (bench:central at 500
 * stations: 1,000 open subscriptions, 144 orders in a 300-version window,
 * 23 ms for that one join, read ten times a second by each API instance).
 * Not partial on open ones: a customer has few subscriptions, open or ended,
 * and a partial index would hold migration 006's `ended_at` in place.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX sync_subscriptions_customer_index ON sync_subscriptions (customer_id, station_id)');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS sync_subscriptions_customer_index');
}
