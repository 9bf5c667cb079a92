/**
 * Claims are released when their station has been idle (issue 16 item 6):
 * a claim asks, for a batch past its age, whether the station that holds it
 * claimed or labeled anything since, which reads a station's claims by
 * `claimed_by`. Frozen: the shape is written out here.
 */
import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('shipments', (t) => {
    t.index(['claimed_by', 'claimed_at'], 'shipments_claimed_by_idx');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('shipments', (t) => {
    t.dropIndex(['claimed_by', 'claimed_at'], 'shipments_claimed_by_idx');
  });
}
