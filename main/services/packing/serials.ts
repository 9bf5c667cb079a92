import type { Knex } from 'knex';
import { AppError } from '../../../core/errors';
import type { CentralClient } from '../../central/central-client';

/** Serials left before the station asks for another range, so an outage mid-shift does not stop printing. */
const REFILL_BELOW = 100;
const RANGE_SIZE = 500;

/**
 * The next IMb serial from this station's own ranges (USPS-B-3200: unique
 * per mailer ID for 45 days; the central office hands out disjoint ranges).
 */
export async function takeSerial(knex: Knex, mailerId: string, refill: () => Promise<void>): Promise<string> {
  const left = await remaining(knex, mailerId);
  if (left < REFILL_BELOW) await refill().catch(() => undefined);
  return knex.transaction(async (trx) => {
    const range = await trx('serial_ranges').where('mailer_id', mailerId).andWhereRaw('next_serial <= last_serial').orderBy('id').first();
    if (!range) throw new AppError('OFFLINE', 'This station has no label serials left and the central office cannot be reached for more.');
    await trx('serial_ranges').where('id', range.id).update({ next_serial: Number(range.next_serial) + 1 });
    // Printed and stored at full width: mailer ID + serial = 15 digits (USPS-B-3200 §2.2.4).
    return String(range.next_serial).padStart(15 - mailerId.length, '0');
  });
}

async function remaining(knex: Knex, mailerId: string): Promise<number> {
  const row = await knex('serial_ranges').where('mailer_id', mailerId).sum({ n: knex.raw('last_serial - next_serial + 1') }).first();
  return Number(row?.n ?? 0);
}

export async function refillSerials(knex: Knex, central: CentralClient, token: string): Promise<void> {
  const range = await central.call('packing.serials', { count: RANGE_SIZE }, { staffToken: token });
  await knex('serial_ranges').insert({ mailer_id: range.mailerId, next_serial: range.first, last_serial: range.last });
}
