/**
 * The central office's side of the lookup box: a CS desk that is online asks
 * here for customers its cache does not hold, and fetches the one it opens.
 * Exact handles (customer number, order, barcode, email, phone) on unique
 * indexes come first; then names, matched as core/lookup/name-search.ts
 * says, through the store's own index (api/lookup/name-index.ts).
 */
import type { Knex } from 'knex';
import { classifyQuery } from '../../core/lookup/classify-query';
import type { CustomerHit } from '../../core/lookup/schemas';
import { AppError } from '../../core/errors';
import { SYNCED_TABLES } from '../../core/sync/tables';
import { writeAudit } from '../audit/write-audit';
import { closestCustomerNames, findCustomersByName, type NameRow } from './name-index';

const LIMIT = 50;
const CLOSEST = 5;

type Row = NameRow;

function select(knex: Knex | Knex.Transaction) {
  return knex('customers as c')
    .leftJoin('addresses as a', function () {
      this.on('a.customer_id', 'c.id').andOn('a.is_current', knex.raw('?', [true]));
    })
    .select('c.id', 'c.full_name', 'c.email', 'c.phone', 'a.city', 'a.state', 'c.created_at')
    .limit(LIMIT);
}

/** The fields a search hit carries to the desk, as the audit viewer names them. */
const HIT_FIELDS = ['full_name', 'email', 'phone', 'city', 'state'];

export interface CentralSearch {
  customers: CustomerHit[];
  /** When nothing matched a name: the nearest names there are ("did you mean"). */
  closest: CustomerHit[];
}

/**
 * Searches, and records every customer the answer lists for the desk (who
 * asked, which customer, why) in the same transaction as the read: a hit
 * carries a name, an email and a phone to the station. The closest names
 * offered when nothing matched are listed customers too.
 */
export async function searchCustomers(knex: Knex, query: string, actor: { staffId: string; stationId: string; reason: string }, now: Date): Promise<CentralSearch> {
  return knex.transaction(async (trx) => {
    const found = await findCustomers(trx, query);
    for (const hit of [...found.customers, ...found.closest]) {
      await writeAudit(trx, { at: now, action: 'customer.listed', staffId: actor.staffId, stationId: actor.stationId, customerId: hit.id, fields: HIT_FIELDS, reason: actor.reason, detail: { matchedBy: hit.matchedBy } });
    }
    return found;
  });
}

const toHit = (r: Row, matchedBy: CustomerHit['matchedBy']): CustomerHit => ({ id: r.id, fullName: r.full_name, email: r.email, phone: r.phone, city: r.city, state: r.state, matchedBy });

export async function findCustomers(knex: Knex | Knex.Transaction, query: string): Promise<CentralSearch> {
  const h = classifyQuery(query);
  const hits: CustomerHit[] = [];
  const add = (rows: Row[], matchedBy: CustomerHit['matchedBy']) => {
    for (const r of rows) {
      if (!hits.some((x) => x.id === r.id)) hits.push(toHit(r, matchedBy));
    }
  };
  if (!h.text) return { customers: hits, closest: [] };
  if (h.customerNumber) add(await select(knex).where('c.id', h.customerNumber), 'customer_number');
  if (h.orderNumber) add(await select(knex).whereIn('c.id', knex('shipments').where('order_number', h.orderNumber).select('customer_id')), 'order');
  if (h.barcode) {
    const disc = knex('discs').where('barcode', h.barcode).select('id').union(knex('disc_barcodes').where('alias', h.barcode).select('disc_id'));
    add(await select(knex).whereIn('c.id', knex('shipments').whereIn('disc_id', disc).select('customer_id')), 'barcode');
  }
  if (h.email) {
    add(
      h.email.exact
        ? await select(knex).where('c.email', h.email.value)
        : await select(knex).where('c.email', '>=', h.email.value).andWhere('c.email', '<', `${h.email.value}\uffff`).orderBy('c.email'),
      'email',
    );
  }
  if (h.phone) add(await select(knex).where('c.phone', h.phone), 'phone');
  // A number is a handle, never a name: names carry no digits worth a typo search.
  const freeText = !h.customerNumber && !h.orderNumber && !h.barcode && !h.email && !h.phone;
  if (freeText && h.words.length > 0) {
    add((await findCustomersByName(knex, h.text, LIMIT)).slice(0, LIMIT - hits.length), 'name');
    if (hits.length === 0) return { customers: [], closest: (await closestCustomerNames(knex, h.text, CLOSEST)).map((r) => toHit(r, 'closest')) };
  }
  return { customers: hits, closest: [] };
}

/** The tables a CS desk caches for one customer; card tokens stay central (the station shows brand and last 4 only). */
export async function customerBundle(
  knex: Knex,
  customerId: number,
  actor: { staffId: string; stationId: string; reason: string },
  now: Date,
): Promise<Record<string, Record<string, unknown>[]>> {
  return knex.transaction(async (trx) => {
    const customers = await trx('customers').where('id', customerId);
    if (customers.length === 0) throw new AppError('NOT_FOUND', `No customer ${customerId}.`);
    const shipments = await trx('shipments').where('customer_id', customerId);
    const queue = await trx('rental_queue').where('customer_id', customerId);
    const reviews = await trx('reviews').where('customer_id', customerId);
    const titleIds = [...new Set([...shipments, ...queue, ...reviews].map((r: { title_id: number }) => r.title_id))];
    const bundle = {
      customers,
      addresses: await trx('addresses').where('customer_id', customerId),
      payment_methods: (await trx('payment_methods').where('customer_id', customerId)).map((p: Record<string, unknown>) => ({ ...p, processor_token: 'held-centrally' })),
      preferences: await trx('preferences').where('customer_id', customerId),
      consent_events: await trx('consent_events').where('customer_id', customerId),
      titles: titleIds.length ? await trx('titles').whereIn('id', titleIds) : [],
      shipments,
      charges: await trx('charges').where('customer_id', customerId),
      rental_queue: queue,
      reviews,
      customer_notes: await trx('customer_notes').where('customer_id', customerId),
      // The synced columns only: the mail sender's own bookkeeping (tries, lease) stays central.
      order_problems: await trx('order_problems').where('customer_id', customerId).select([...SYNCED_TABLES.order_problems.columns]),
    };
    await writeAudit(trx, {
      at: now,
      action: 'customer.fetched',
      staffId: actor.staffId,
      stationId: actor.stationId,
      customerId,
      fields: ['full_name', 'email', 'phone', 'address', 'card_last4', 'billing', 'rental_history', 'preferences'],
      reason: actor.reason,
    });
    return bundle;
  });
}
