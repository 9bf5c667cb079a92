/**
 * What a packing station, a CS desk or the billing history would trip on if
 * the demo tables disagreed with each other, checked in the database the
 * writer produced.
 */
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PLAN_PRICES } from '../../core/demo/generate';
import { STATES } from '../../core/demo/reference/places';
import type { ScenarioName } from '../../core/demo/scenarios';
import { demoFor, DEMO_NOW, seededCentral, type TempCentral } from './helpers';

const DAY = 86_400_000;

async function count(knex: Knex, sql: string): Promise<number> {
  const rows = (await knex.raw(sql)) as { n: number }[];
  return Number(rows[0]!.n);
}

describe.each<ScenarioName>(['small', 'packing-day'])('the %s demo, written to SQLite', (name) => {
  let central: TempCentral;
  let knex: Knex;

  beforeAll(async () => {
    central = await seededCentral(demoFor(name));
    knex = central.db.knex;
  });
  afterAll(() => central?.dispose());

  it('satisfies every foreign key', async () => {
    expect(await knex.raw('pragma foreign_key_check')).toEqual([]);
  });

  it('ships each order with a copy of its title from its own DC', async () => {
    expect(await count(knex, `select count(*) n from shipments where disc_id is null`)).toBe(0);
    expect(
      await count(knex, `select count(*) n from shipments s join discs d on d.id = s.disc_id where d.title_id <> s.title_id or d.home_dc <> s.dc`),
    ).toBe(0);
    expect(await count(knex, `select count(*) n from shipments s join customers c on c.id = s.customer_id where s.dc <> c.home_dc`)).toBe(0);
  });

  it('never has more discs at a customer home than the plan allows', async () => {
    expect(
      await count(
        knex,
        `select count(*) n from customers c
           join (select customer_id, count(*) k from shipments where status in ('shipped', 'allocated') group by customer_id) o
             on o.customer_id = c.id
          where o.k > c.plan_discs_out`,
      ),
    ).toBe(0);
    expect(await count(knex, `select count(*) n from shipments where status = 'shipped'`)).toBeGreaterThan(0);
  });

  it('reserves a distinct in-stock disc for every allocated order', async () => {
    expect(await count(knex, `select count(*) n from shipments where status = 'allocated'`)).toBeGreaterThan(0);
    expect(
      await count(knex, `select count(*) n from shipments s join discs d on d.id = s.disc_id where s.status = 'allocated' and d.status <> 'in_stock'`),
    ).toBe(0);
    expect(
      await count(knex, `select count(*) n from (select disc_id from shipments where status in ('allocated', 'shipped') group by disc_id having count(*) > 1) x`),
    ).toBe(0);
  });

  it('marks a disc out exactly when an open shipped order holds it', async () => {
    expect(
      await count(knex, `select count(*) n from discs d where d.status = 'out' and not exists (select 1 from shipments s where s.disc_id = d.id and s.status = 'shipped')`),
    ).toBe(0);
    expect(
      await count(knex, `select count(*) n from shipments s join discs d on d.id = s.disc_id where s.status = 'shipped' and d.status <> 'out'`),
    ).toBe(0);
    expect(await count(knex, `select count(*) n from discs where status = 'damaged' and damage_reason is null`)).toBe(0);
  });

  it('keeps each shipment timeline in order, before "today"', async () => {
    const shipments = (await knex('shipments').select()) as Record<string, string | null>[];
    const now = DEMO_NOW.getTime();
    for (const s of shipments) {
      const t = (k: string) => (s[k] === null ? null : Date.parse(s[k]!));
      const created = t('created_at')!;
      expect(created).toBeLessThanOrEqual(now);
      if (s.status === 'allocated') {
        expect([s.packed_at, s.shipped_at, s.returned_at, s.label_serial]).toEqual([null, null, null, null]);
        expect(t('ship_by')!).toBeGreaterThan(now);
        expect(t('ship_by')!).toBeLessThanOrEqual(now + 3 * DAY);
        continue;
      }
      expect(s.label_serial).toMatch(/^\d{9}$/);
      expect(t('packed_at')!).toBeGreaterThanOrEqual(created);
      expect(t('shipped_at')!).toBeGreaterThanOrEqual(t('packed_at')!);
      if (s.status === 'shipped') expect(s.returned_at).toBeNull();
      else {
        expect(s.status).toBe('returned');
        expect(t('returned_at')!).toBeGreaterThan(t('shipped_at')!);
        expect(t('returned_at')!).toBeLessThanOrEqual(now);
      }
    }
  });

  it('numbers labels uniquely per mailer (DC)', async () => {
    expect(
      await count(knex, `select count(*) n from (select dc, label_serial from shipments where label_serial is not null group by dc, label_serial having count(*) > 1) x`),
    ).toBe(0);
  });

  it('freezes the customer name and current address on every shipment', async () => {
    expect(
      await count(
        knex,
        `select count(*) n from shipments s
           join customers c on c.id = s.customer_id
           join addresses a on a.customer_id = c.id and a.is_current = 1
          where s.ship_name <> c.full_name or s.ship_line1 <> a.line1 or s.ship_city <> a.city
             or s.ship_state <> a.state or s.ship_zip5 <> a.zip5 or s.ship_zip4 <> a.zip4`,
      ),
    ).toBe(0);
  });

  it('sends nothing to, and bills nothing to, a customer who never certified being 18', async () => {
    expect(await count(knex, `select count(*) n from shipments s join customers c on c.id = s.customer_id where c.age_certified_at is null`)).toBe(0);
    expect(await count(knex, `select count(*) n from charges h join customers c on c.id = h.customer_id where c.age_certified_at is null`)).toBe(0);
  });

  it('serves each customer from the DC for their state', async () => {
    const rows = (await knex('customers as c').join('addresses as a', 'a.customer_id', 'c.id').select('c.home_dc', 'a.state')) as { home_dc: string; state: string }[];
    for (const r of rows) expect(r.home_dc, r.state).toBe(STATES[r.state]!.dc);
  });

  it('uses at least three DCs', async () => {
    const dcs = (await knex('shipments').distinct('dc').pluck('dc')) as string[];
    expect(dcs.length).toBeGreaterThanOrEqual(3);
  });

  it('bills every month at the plan price on the customer card', async () => {
    expect(
      await count(
        knex,
        `select count(*) n from charges h
           join customers c on c.id = h.customer_id
           join payment_methods p on p.customer_id = c.id and p.is_current = 1
          where h.brand <> p.brand or h.last4 <> p.last4 or h.charged_at < c.created_at
             or h.amount_cents <> case c.plan_discs_out ${Object.entries(PLAN_PRICES).map(([k, v]) => `when ${k} then ${v}`).join(' ')} end`,
      ),
    ).toBe(0);
    expect(await count(knex, `select count(*) n from (select customer_id, period from charges group by 1, 2 having count(*) > 1) x`)).toBe(0);
    expect(await count(knex, `select count(*) n from charges where period <> substr(charged_at, 1, 7)`)).toBe(0);
  });

  it('queues titles in positions 1..n the customer has not rented', async () => {
    expect(
      await count(knex, `select count(*) n from (select customer_id from rental_queue group by customer_id having min(position) <> 1 or max(position) <> count(*)) x`),
    ).toBe(0);
    expect(
      await count(knex, `select count(*) n from rental_queue q join shipments s on s.customer_id = q.customer_id and s.title_id = q.title_id`),
    ).toBe(0);
  });

  it('reviews only titles the reviewer rented, under their pseudonym', async () => {
    expect(
      await count(
        knex,
        `select count(*) n from reviews r join customers c on c.id = r.customer_id
          where r.pseudonym <> c.pseudonym
             or not exists (select 1 from shipments s where s.customer_id = r.customer_id and s.title_id = r.title_id and s.status = 'returned')`,
      ),
    ).toBe(0);
  });
});
