/**
 * A CS desk holds the customers it opens (DESIGN §4). Subscribing stamps the
 * subscription with a version, and the desk's next pull sends that customer's
 * rows as a group at that point of its stream. Releasing (a customer the desk
 * has not opened for DESK_CUSTOMER_RETENTION_DAYS) ends the subscription at a
 * new version, and the next pull sends that customer's rows as deletes.
 */
import type { Knex } from 'knex';
import { AppError } from '../../core/errors';
import type { AuthenticatedStation } from '../station/stations';
import { writeAudit } from '../audit/write-audit';

/** What a subscribed desk holds of the customer: the rows its pull brings (CUSTOMER_TABLES), named as the audit viewer names them. */
export const SUBSCRIBED_FIELDS = ['full_name', 'email', 'phone', 'address', 'card_last4', 'billing', 'rental_history', 'preferences'];

export async function subscribeCustomer(knex: Knex, station: AuthenticatedStation, staffId: string, customerId: number, reason: string, now: Date): Promise<void> {
  await knex.transaction(async (trx) => {
    const customer = await trx('customers').where({ id: customerId }).first('id');
    if (!customer) throw new AppError('NOT_FOUND', `There is no customer ${customerId}.`);
    const key = { station_id: station.id, customer_id: customerId };
    const existing = (await trx('sync_subscriptions').where(key).first('ended_at')) as { ended_at: string | null } | undefined;
    let copies = false;
    if (!existing) {
      await trx('sync_subscriptions').insert({ ...key, staff_id: staffId, created_at: now.toISOString() }).onConflict(['station_id', 'customer_id']).ignore();
      copies = true;
    } else if (existing.ended_at !== null) {
      // Opened again after a release: a new version, so the rows come back as a group.
      await trx('sync_subscriptions').where(key).update({ ended_at: null, staff_id: staffId, created_at: now.toISOString() });
      copies = true;
    }
    // Opening an open customer again copies nothing new: the desk has the rows already (its opening is audited at the desk).
    // Policy: every copy of a customer's personal data to a station is on record, with the subscription, atomically.
    if (copies) await writeAudit(trx, { at: now, action: 'customer.subscribed', staffId, stationId: station.id, customerId, fields: SUBSCRIBED_FIELDS, reason });
  });
}

/** Ends this station's subscriptions to these customers; returns how many were open. */
export async function releaseCustomers(knex: Knex, station: AuthenticatedStation, customerIds: readonly number[], now: Date): Promise<number> {
  const released = await knex('sync_subscriptions')
    .where({ station_id: station.id })
    .whereIn('customer_id', [...customerIds])
    .whereNull('ended_at')
    .update({ ended_at: now.toISOString() });
  return Number(released);
}
