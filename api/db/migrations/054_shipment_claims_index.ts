/**
 * A station's own claims are read by `claimed_by` on every claim
 * (api/packing/claims.ts); without an index each claim read every shipment.
 * bench:central's 400 packers claiming read 190 million rows in two minutes.
 * Partial: only claimed shipments are in it, a small share of the table.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.raw('CREATE INDEX shipments_claimed_by_idx ON shipments (claimed_by) WHERE claimed_by IS NOT NULL');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('DROP INDEX IF EXISTS shipments_claimed_by_idx');
}
