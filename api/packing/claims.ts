/**
 * "Next" at a packing station claims shipments centrally, so two stations
 * never pack the same one. A station claims a batch while online and can pack
 * it offline; a claim older than CLAIM_HOURS is free again (a station that
 * died mid-shift does not strand its batch).
 */
import type { Knex } from 'knex';
import { dialectOf } from '../sync/versioning';

export const CLAIM_HOURS = 2;

export interface ClaimedShipment {
  shipmentId: number;
  orderNumber: string;
  /** Policy: "People under 18 cannot use Netflix's services" — the station refuses to pack when false. */
  ageCertified: boolean;
}

export async function claimShipments(knex: Knex, station: { id: string; distributionCenter: string }, count: number, now: Date): Promise<ClaimedShipment[]> {
  const postgres = dialectOf(knex) === 'postgres';
  const expired = new Date(now.getTime() - CLAIM_HOURS * 3_600_000).toISOString();
  return knex.transaction(async (trx) => {
    const free = (qb: Knex.QueryBuilder) =>
      qb.where('s.dc', station.distributionCenter).andWhere('s.status', 'allocated').andWhere((w) => w.whereNull('s.claimed_by').orWhere('s.claimed_at', '<', expired));
    const pick = free(trx('shipments as s')).orderBy([{ column: 's.ship_by' }, { column: 's.created_at' }, { column: 's.id' }]).limit(count).select('s.id');
    // PostgreSQL: two API processes claiming at once skip each other's rows instead of waiting or double-claiming.
    const ids = ((await (postgres ? pick.forUpdate().skipLocked() : pick)) as Array<{ id: number }>).map((r) => r.id);
    if (ids.length > 0) {
      await trx('shipments').whereIn('id', ids).update({ claimed_by: station.id, claimed_at: now.toISOString() });
    }
    // This station's own open claims come back too: "next" after a restart resumes the batch.
    const rows = await trx('shipments as s')
      .join('customers as c', 'c.id', 's.customer_id')
      .where('s.claimed_by', station.id)
      .andWhere('s.status', 'in', ['allocated', 'picked', 'packed', 'labeled'])
      .andWhere('s.claimed_at', '>=', expired)
      .orderBy([{ column: 's.ship_by' }, { column: 's.created_at' }, { column: 's.id' }])
      .select('s.id', 's.order_number', 'c.age_certified_at');
    return rows.map((r: { id: number; order_number: string; age_certified_at: string | null }) => ({ shipmentId: r.id, orderNumber: r.order_number, ageCertified: r.age_certified_at != null }));
  });
}
