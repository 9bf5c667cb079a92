/**
 * "Next" at a packing station claims shipments centrally, so two stations
 * never pack the same one. The claims belong to the station, not to a
 * window or a packer: a station claims a batch while online and packs it
 * offline, by whoever signs in next. A station's batch is free for others
 * once the station has been idle longer than `claimIdleMinutes` (API
 * config): no claim and no label there since; a packer working slowly
 * through an old batch keeps it, a station that died mid-shift does not
 * strand it.
 */
import type { Knex } from 'knex';
import { dialectOf } from '../sync/versioning';

export interface ClaimedShipment {
  shipmentId: number;
  orderNumber: string;
  /** Policy: "People under 18 cannot use Netflix's services" — the station refuses to pack when false. */
  ageCertified: boolean;
}

const OPEN = ['allocated', 'picked', 'packed', 'labeled'];

/**
 * Rows of `s` whose claim is free: never claimed, or claimed by a station
 * idle since `cutoff` (none of its claims is newer and none of its orders
 * has a label event since). Only rows past the cutoff reach the subqueries.
 */
export function whereClaimFree(qb: Knex.QueryBuilder, knex: Knex, cutoff: string): Knex.QueryBuilder {
  return qb.where((w) =>
    w.whereNull('s.claimed_by').orWhere((idle) =>
      idle
        .where('s.claimed_at', '<', cutoff)
        .whereNotExists(knex('shipments as o').select(knex.raw('1')).whereRaw('o.claimed_by = s.claimed_by').andWhere('o.claimed_at', '>=', cutoff))
        .whereNotExists(
          knex('label_events as e').join('shipments as o', 'o.id', 'e.shipment_id').select(knex.raw('1')).whereRaw('o.claimed_by = s.claimed_by').andWhere('e.at', '>=', cutoff),
        ),
    ),
  );
}

export async function claimShipments(
  knex: Knex,
  station: { id: string; distributionCenter: string },
  count: number,
  now: Date,
  idleMinutes: number,
): Promise<ClaimedShipment[]> {
  const postgres = dialectOf(knex) === 'postgres';
  const idleMs = idleMinutes * 60_000;
  const cutoff = new Date(now.getTime() - idleMs).toISOString();
  const at = now.toISOString();
  return knex.transaction(async (trx) => {
    const free = (qb: Knex.QueryBuilder) => whereClaimFree(qb.where('s.dc', station.distributionCenter).andWhere('s.status', 'allocated'), trx, cutoff);
    const pick = free(trx('shipments as s')).orderBy([{ column: 's.ship_by' }, { column: 's.created_at' }, { column: 's.id' }]).limit(count).select('s.id');
    // PostgreSQL: two API processes claiming at once skip each other's rows instead of waiting or double-claiming.
    const ids = ((await (postgres ? pick.forNoKeyUpdate().skipLocked() : pick)) as Array<{ id: number }>).map((r) => r.id);
    if (ids.length > 0) {
      await trx('shipments').whereIn('id', ids).update({ claimed_by: station.id, claimed_at: at });
    } else {
      // Asking for more is the station at work even when nothing is left to claim: its batch stays its own.
      // Only claims past half the idle window are touched, so a busy station does not rewrite its batch on every "next".
      const stale = new Date(now.getTime() - idleMs / 2).toISOString();
      await trx('shipments').where('claimed_by', station.id).whereIn('status', OPEN).andWhere('claimed_at', '<', stale).update({ claimed_at: at });
    }
    // All of this station's open claims come back, whoever asks: "next" from any window, or after a restart, shows the whole batch.
    const rows = await trx('shipments as s')
      .join('customers as c', 'c.id', 's.customer_id')
      .where('s.claimed_by', station.id)
      .andWhere('s.status', 'in', OPEN)
      .orderBy([{ column: 's.ship_by' }, { column: 's.created_at' }, { column: 's.id' }])
      .select('s.id', 's.order_number', 'c.age_certified_at');
    return rows.map((r: { id: number; order_number: string; age_certified_at: string | null }) => ({ shipmentId: r.id, orderNumber: r.order_number, ageCertified: r.age_certified_at != null }));
  });
}
