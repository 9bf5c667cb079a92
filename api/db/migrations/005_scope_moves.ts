/**
 * Sync (issue #6): a disc re-homed to another distribution center, or a
 * shipment reassigned to another one, leaves the old DC's packing station and
 * arrives at the new one's with its children (see `installScopeMoveTrigger`).
 * Frozen list, as in 002_sync.
 */
import type { Knex } from 'knex';
import { dropScopeMoveTrigger, installScopeMoveTrigger, type ScopeMove } from './frozen/sync-triggers';

const MOVES: readonly ScopeMove[] = [
  { table: 'discs', key: ['id'], dcColumn: 'home_dc', children: [{ table: 'disc_barcodes', column: 'disc_id' }] },
  { table: 'shipments', key: ['id'], dcColumn: 'dc', children: [{ table: 'label_events', column: 'shipment_id' }] },
];

export async function up(knex: Knex): Promise<void> {
  for (const move of MOVES) await installScopeMoveTrigger(knex, move);
}

export async function down(knex: Knex): Promise<void> {
  for (const move of MOVES) await dropScopeMoveTrigger(knex, move);
}
