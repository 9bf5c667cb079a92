/**
 * The list of central migrations, imported explicitly: a directory scan breaks
 * once the API is bundled (no .ts files on disk) and differs between tsx and
 * node, so adding a migration means adding one line here.
 */
import type { Knex } from 'knex';
import * as initial from './001_initial';
import * as sync from './002_sync';
import * as packing from './003_packing';
import * as privacy from './004_privacy';
import * as scopeMoves from './005_scope_moves';
import * as subscriptionRelease from './006_subscription_release';
import * as postalMailpieces from './025_postal_mailpieces';
import * as liveChanges from './030_live_changes';
import * as nameSearch from './050_name_search';
import * as nameTypos from './051_name_typos';
import * as customerNotes from './052_customer_notes';
import * as nameTermChanges from './053_name_term_changes';
import * as shipmentClaimsIndex from './054_shipment_claims_index';
import * as floor from './055_floor';
import * as orderProblems from './060_order_problems';
import * as writersInFlight from './061_writers_in_flight';
import * as problemMail from './062_problem_mail';
import * as claimOrderIndex from './063_claim_order_index';
import * as subscriptionsCustomerIndex from './064_subscriptions_customer_index';
import * as accessNotify from './065_access_notify';

const MIGRATIONS: ReadonlyArray<readonly [name: string, migration: Knex.Migration]> = [
  ['001_initial', initial],
  ['002_sync', sync],
  ['003_packing', packing],
  ['004_privacy', privacy],
  ['005_scope_moves', scopeMoves],
  ['006_subscription_release', subscriptionRelease],
  ['025_postal_mailpieces', postalMailpieces],
  ['030_live_changes', liveChanges],
  ['050_name_search', nameSearch],
  ['051_name_typos', nameTypos],
  ['052_customer_notes', customerNotes],
  ['053_name_term_changes', nameTermChanges],
  ['054_shipment_claims_index', shipmentClaimsIndex],
  ['055_floor', floor],
  ['060_order_problems', orderProblems],
  ['061_writers_in_flight', writersInFlight],
  ['062_problem_mail', problemMail],
  ['063_claim_order_index', claimOrderIndex],
  ['064_subscriptions_customer_index', subscriptionsCustomerIndex],
  ['065_access_notify', accessNotify],
];

export const migrationSource: Knex.MigrationSource<string> = {
  async getMigrations() {
    return MIGRATIONS.map(([name]) => name);
  },
  getMigrationName(name) {
    return name;
  },
  async getMigration(name) {
    const found = MIGRATIONS.find(([n]) => n === name);
    if (!found) throw new Error(`Unknown central migration "${name}"`);
    return found[1];
  },
};
