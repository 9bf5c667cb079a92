/**
 * The customers a CS desk holds, and when it last opened each: the desk asks
 * the central office to take back those it has not opened for the retention
 * period (policy: personal data kept where it is needed, not everywhere it
 * ever was). The rows leave at the next pull and return when the customer is
 * opened again.
 */
import type { Knex } from 'knex';
import { preparedRun } from '../db/prepared';

// Constant SQL on a prepared statement: it runs inside every customer opening (the lookup hot path).
const NOTE_OPENED =
  'INSERT INTO desk_customers (customer_id, last_opened_at) VALUES (?, ?) ON CONFLICT (customer_id) DO UPDATE SET last_opened_at = excluded.last_opened_at';

export async function noteCustomerOpened(db: Knex | Knex.Transaction, customerId: number, at: Date): Promise<void> {
  await preparedRun(db, NOTE_OPENED, [customerId, at.toISOString()]);
}

/** Customers held here that were not opened since `cutoff` (one never noted counts as never opened). */
export async function customersIdleSince(knex: Knex, cutoff: Date, limit: number): Promise<number[]> {
  const ids = (await knex('customers as c')
    .leftJoin('desk_customers as d', 'd.customer_id', 'c.id')
    .where((q) => void q.whereNull('d.last_opened_at').orWhere('d.last_opened_at', '<', cutoff.toISOString()))
    .orderBy('c.id')
    .limit(limit)
    .pluck('c.id')) as (number | string)[];
  return ids.map(Number);
}

export async function forgetDeskCustomers(knex: Knex, customerIds: readonly number[]): Promise<void> {
  await knex('desk_customers').whereIn('customer_id', [...customerIds]).del();
}
