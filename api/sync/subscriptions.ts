/**
 * A CS desk holds the customers it opens (DESIGN §4). Subscribing stamps the
 * subscription with a version, and the desk's next pull sends that customer's
 * rows as a group at that point of its stream.
 */
import type { Knex } from 'knex';
import { AppError } from '../../core/errors';
import type { AuthenticatedStation } from '../services/stations';

export async function subscribeCustomer(knex: Knex, station: AuthenticatedStation, staffId: string, customerId: number, now: Date): Promise<void> {
  await knex.transaction(async (trx) => {
    const customer = await trx('customers').where({ id: customerId }).first('id');
    if (!customer) throw new AppError('NOT_FOUND', `There is no customer ${customerId}.`);
    // Opening an open customer again changes nothing: the desk has the rows already.
    await trx('sync_subscriptions')
      .insert({ station_id: station.id, customer_id: customerId, staff_id: staffId, created_at: now.toISOString() })
      .onConflict(['station_id', 'customer_id'])
      .ignore();
  });
}
