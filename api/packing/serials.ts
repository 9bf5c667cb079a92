/**
 * IMb serial ranges. USPS-B-3200 §2.2.4: the tracking code (mailer ID +
 * serial) must be unique for 45 days. Each station takes a range at a time
 * from this counter, in one transaction (row-locked on PostgreSQL), so
 * stations print offline from their own range and never collide.
 */
import type { Knex } from 'knex';
import { AppError } from '../../core/errors';
import { dialectOf } from '../sync/versioning';

export const SERIAL_REUSE_DAYS = 45;

export interface SerialRange {
  mailerId: string;
  first: number;
  last: number;
}

/** A 6-digit mailer ID leaves 9 serial digits, a 9-digit one 6 (mailer ID + serial = 15 digits). */
export function maxSerial(mailerId: string): number {
  return mailerId.length === 6 ? 999_999_999 : 999_999;
}

export async function allocateSerialRange(knex: Knex, mailerId: string, count: number, stationId: string, now: Date): Promise<SerialRange> {
  const max = maxSerial(mailerId);
  const postgres = dialectOf(knex) === 'postgres';
  return knex.transaction(async (trx) => {
    // A new counter continues after the highest serial already printed for this mailer (seeded or imported history).
    const printed = await trx('shipments as s')
      .join('distribution_centers as d', 'd.code', 's.dc')
      .where('d.mailer_id', mailerId)
      .whereNotNull('s.label_serial')
      .max({ top: trx.raw('CAST(s.label_serial AS BIGINT)') })
      .first();
    const start = Math.min(Number(printed?.top ?? 0) + 1, max);
    await trx('imb_serial_counters').insert({ mailer_id: mailerId, next_serial: start }).onConflict('mailer_id').ignore();
    const q = trx('imb_serial_counters').where('mailer_id', mailerId);
    const row = (await (postgres ? q.forNoKeyUpdate() : q).first('next_serial')) as { next_serial: number | string };
    let first = Number(row.next_serial);
    if (first + count - 1 > max) first = 1;
    const last = first + count - 1;
    // Wrapping around is allowed only past the 45-day window: a serial still in use would print twice.
    const cutoff = new Date(now.getTime() - SERIAL_REUSE_DAYS * 86_400_000).toISOString();
    const overlapping = await trx('imb_serial_ranges')
      .where('mailer_id', mailerId)
      .andWhere('first_serial', '<=', last)
      .andWhere('last_serial', '>=', first)
      .andWhere('allocated_at', '>', cutoff)
      .first('id');
    if (overlapping) throw new AppError('CONFLICT', `Mailer ID ${mailerId} has no IMb serials left that are free for 45 days; ask USPS for another mailer ID.`);
    await trx('imb_serial_counters').where('mailer_id', mailerId).update({ next_serial: last + 1 });
    await trx('imb_serial_ranges').insert({ mailer_id: mailerId, first_serial: first, last_serial: last, station_id: stationId, allocated_at: now.toISOString() });
    return { mailerId, first, last };
  });
}
