import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallScenario } from '../../core/demo/scenarios';
import { createStationWorld, type OneStationWorld } from '../station/world';

let world: OneStationWorld;
type Row = Record<string, any>;
let withPhone: Row;
let accented: Row;

beforeAll(async () => {
  world = await createStationWorld({ demo: smallScenario(), cacheDemo: true });
  const knex = world.station.db.knex;
  withPhone = await knex('customers').whereNotNull('phone').orderBy('id').first();
  accented = (await knex('customers').select('id', 'full_name')).find((c: Row) => /[^\x00-\x7f]/.test(c.full_name) && /^[\p{Script=Latin}\s'.-]+$/u.test(c.full_name))
    ?? (await knex('customers').first());
  await world.signIn('cs_rep', 'rep');
  await world.signIn('warehouse', 'packer');
});
afterAll(async () => world?.close());

const E164 = /\+1\d{10}/;

describe('one search box finds anything', () => {
  it('finds the same customer by a phone number written three ways', async () => {
    const national = withPhone.phone.slice(2); // 4085550123
    const forms = [`(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`, `${national.slice(0, 3)}.${national.slice(3, 6)}.${national.slice(6)}`, `+1 ${national.slice(0, 3)} ${national.slice(3, 6)} ${national.slice(6)}`];
    for (const query of forms) {
      const result = await world.call('lookup.search', { query }, 'rep');
      expect(result.customers.map((c) => c.id), query).toContain(withPhone.id);
      expect(result.customers.find((c) => c.id === withPhone.id)?.matchedBy).toBe('phone');
    }
  });

  it('finds a customer by exact email and by an email prefix', async () => {
    const exact = await world.call('lookup.search', { query: withPhone.email.toUpperCase() }, 'rep');
    expect(exact.customers[0]).toMatchObject({ id: withPhone.id, matchedBy: 'email' });
    const prefix = await world.call('lookup.search', { query: withPhone.email.slice(0, withPhone.email.indexOf('@') + 1) }, 'rep');
    expect(prefix.customers.map((c) => c.id)).toContain(withPhone.id);
  });

  it('finds a customer by name regardless of case and accents, while typing', async () => {
    const folded = accented.full_name.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
    const partial = folded.slice(0, folded.length - 1);
    const result = await world.call('lookup.search', { query: partial }, 'rep');
    expect(result.customers.map((c) => c.id)).toContain(accented.id);
  });

  it('finds a cached customer with every word a prefix, in any order, and with one typo per word (issue 15)', async () => {
    const knex = world.station.db.knex;
    const two = (await knex('customers').select('id', 'full_name')).find((c: Row) => /^[A-Za-z]{5,} [A-Za-z]{5,}$/.test(c.full_name));
    expect(two, 'the small scenario has a plain two-word name').toBeTruthy();
    const [first, last] = two.full_name.toLowerCase().split(' ');
    const typo = (w: string) => w.slice(0, 1) + w.slice(2); // one letter missing
    for (const query of [`${first.slice(0, 4)} ${last.slice(0, 3)}`, `${last} ${first}`, `${last.slice(0, 4)}`, `${typo(first)} ${typo(last)}`]) {
      const result = await world.call('lookup.search', { query }, 'rep');
      expect(result.customers.map((c) => c.id), query).toContain(two.id);
    }
  });

  it('finds a cached customer by customer number', async () => {
    const result = await world.call('lookup.search', { query: `#${withPhone.id}` }, 'rep');
    expect(result.customers[0]).toMatchObject({ id: withPhone.id, matchedBy: 'customer_number' });
  });

  it('when nothing matches, says what was searched', async () => {
    const result = await world.call('lookup.search', { query: 'zzqx vvkw' }, 'rep');
    expect(result.customers).toEqual([]);
    expect(result.noMatch?.searched).toMatch(/names.*“zzqx vvkw”/);
  });

  it('finds a shipment by order number and by the barcode or alias barcode of its disc', async () => {
    const knex = world.station.db.knex;
    const shipment = await knex('shipments').whereNotNull('disc_id').first();
    const byOrder = await world.call('lookup.search', { query: shipment.order_number.toLowerCase() }, 'rep');
    expect(byOrder.shipments[0]).toMatchObject({ id: shipment.id, matchedBy: 'order' });
    const disc = await knex('discs').where('id', shipment.disc_id).first();
    const byBarcode = await world.call('lookup.search', { query: disc.barcode }, 'packer');
    expect(byBarcode.shipments.map((s) => s.id)).toContain(shipment.id);
    const alias = await knex('disc_barcodes as a').join('shipments as s', 's.disc_id', 'a.disc_id').first('a.alias', 's.id');
    expect(alias, 'the demo data gives some shipped discs an old alias barcode').toBeTruthy();
    const byAlias = await world.call('lookup.search', { query: alias.alias }, 'packer');
    expect(byAlias.shipments.map((s) => s.id)).toContain(alias.id);
  });

  it('finds a title by a word of its name', async () => {
    const title = await world.station.db.knex('titles').orderBy('popularity', 'desc').first();
    const word = title.name.split(/\s+/).find((w: string) => w.length > 3) ?? title.name;
    const result = await world.call('lookup.search', { query: word }, 'rep');
    expect(result.titles.map((t) => t.id)).toContain(title.id);
  });

  const awkward = ['', '   ', 'x'.repeat(10_000), '"', '*', 'NEAR', 'OR', 'a OR b', '"unbalanced', 'smith*', "'; DROP TABLE customers; --", 'name) OR 1=1 --', '🎬🍿', '王芳', 'Zoë', 'NEAR(a b)', '^', '\\'];
  for (const query of awkward) {
    it(`answers ${JSON.stringify(query.slice(0, 20))}${query.length > 20 ? '…' : ''} with results or none, never an error`, async () => {
      for (const key of ['rep', 'packer']) {
        const result = await world.station.dispatch({ method: 'lookup.search', input: { query }, clientKey: key });
        expect(result.ok).toBe(true);
      }
      expect(await world.station.db.knex('customers').count({ n: '*' }).first()).toMatchObject({ n: expect.any(Number) });
    });
  }
});

describe('each role sees only what it may', () => {
  it('a warehouse user never receives an email or a phone number, whatever they search', async () => {
    const queries = [withPhone.email, withPhone.phone, withPhone.full_name, withPhone.full_name.split(' ')[0]];
    for (const query of queries) {
      const result = await world.call('lookup.search', { query }, 'packer');
      const json = JSON.stringify(result);
      expect(json).not.toContain('@');
      expect(json).not.toMatch(E164);
      expect(result.customers).toEqual([]);
    }
  });

  it('a warehouse user finds open shipments by the name on the label', async () => {
    const open = await world.station.db.knex('shipments').where('status', 'allocated').first();
    const result = await world.call('lookup.search', { query: open.ship_name.split(' ')[0] }, 'packer');
    expect(result.shipments.map((s) => s.id)).toContain(open.id);
    const detail = await world.call('lookup.shipment', { shipmentId: open.id }, 'packer');
    expect(detail.shipTo.name).toBe(open.ship_name);
    expect(JSON.stringify(detail)).not.toContain('@');
  });

  it('a warehouse user cannot open a customer 360', async () => {
    expect((await world.fail('customers.get360', { customerId: withPhone.id, reason: 'phone_call' }, 'packer')).code).toBe('FORBIDDEN');
  });

  it('a rep sees the card as brand and last 4 only, and the billing history', async () => {
    const view = await world.call('customers.get360', { customerId: withPhone.id, reason: 'phone_call' }, 'rep');
    expect(view.profile.card).toMatchObject({ brand: expect.any(String), last4: expect.stringMatching(/^\d{4}$/) });
    expect(JSON.stringify(view)).not.toMatch(/tok_|processor_token|\d{13,19}/);
    expect(view.billing.length).toBeGreaterThan(0);
    expect(view.billing[0]).toMatchObject({ last4: expect.stringMatching(/^\d{4}$/) });
  });

  it('every opening of a customer writes an audit row with who, which fields and why', async () => {
    const knex = world.station.db.knex;
    const before = await knex('audit_log').where({ customer_id: withPhone.id, action: 'customer.viewed' });
    await world.call('customers.get360', { customerId: withPhone.id, reason: 'follow_up' }, 'rep');
    const after = await knex('audit_log').where({ customer_id: withPhone.id, action: 'customer.viewed' }).orderBy('at', 'desc');
    expect(after).toHaveLength(before.length + 1);
    expect(after[0]).toMatchObject({ staff_id: expect.any(String), reason: 'follow_up' });
    expect(JSON.parse(after[0].fields)).toEqual(expect.arrayContaining(['email', 'phone', 'card_last4']));
  });

  it('a refused opening leaves no audit row', async () => {
    const knex = world.station.db.knex;
    const before = await knex('audit_log').where({ action: 'customer.viewed' }).count({ n: '*' }).first();
    await world.fail('customers.get360', { customerId: 999_999, reason: 'phone_call' }, 'rep');
    expect(await knex('audit_log').where({ action: 'customer.viewed' }).count({ n: '*' }).first()).toEqual(before);
  });
});

describe('recommendations', () => {
  it('never include a title the customer has rented (policy)', async () => {
    const knex = world.station.db.knex;
    const customers = await knex('customers').orderBy('id').limit(15).pluck('id');
    for (const id of customers) {
      const view = await world.call('customers.get360', { customerId: id, reason: 'phone_call' }, 'rep');
      const rented = new Set(await knex('shipments').where('customer_id', id).pluck('title_id'));
      expect(view.recommendations.length).toBeGreaterThan(0);
      for (const r of view.recommendations) expect(rented.has(r.id), `customer ${id} was recommended rented title ${r.id}`).toBe(false);
    }
  });
});

describe('offline and the central office', () => {
  let fresh: OneStationWorld;
  beforeAll(async () => {
    fresh = await createStationWorld({ demo: smallScenario() });
    await fresh.signIn('cs_rep', 'rep');
  });
  afterAll(async () => fresh?.close());

  it('an online CS desk finds a customer it has never cached, opens them, and keeps them', async () => {
    const customer = await fresh.api.db.knex('customers').orderBy('id', 'desc').first();
    const found = await fresh.call('lookup.search', { query: customer.email }, 'rep');
    expect(found.source).toBe('cache+central');
    expect(found.customers[0]).toMatchObject({ id: customer.id });
    const first = await fresh.call('customers.get360', { customerId: customer.id, reason: 'phone_call' }, 'rep');
    expect(first.source).toBe('central');
    expect(first.profile.email).toBe(customer.email);
    const again = await fresh.call('customers.get360', { customerId: customer.id, reason: 'phone_call' }, 'rep');
    expect(again.source).toBe('cache');
    const centralAudit = await fresh.api.db.knex('audit_log').where({ action: 'customer.fetched', customer_id: customer.id });
    expect(centralAudit).toHaveLength(1);
    // The card token stays central.
    expect(await fresh.station.db.knex('payment_methods').where('customer_id', customer.id).pluck('processor_token')).not.toContainEqual(expect.stringMatching(/^tok_/));
  });

  it('the opening is on record at the central office too, exactly once, after sync', async () => {
    const customer = await fresh.api.db.knex('customers').orderBy('id', 'desc').offset(1).first();
    await fresh.call('customers.get360', { customerId: customer.id, reason: 'email' }, 'rep');
    await fresh.call('sync.now', {}, 'rep');
    const rows = await fresh.api.db.knex('audit_log').where({ action: 'customer.viewed', customer_id: customer.id });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ reason: 'email', staff_id: expect.any(String) });
  });

  it('offline, a customer not on the station is refused in plain words', async () => {
    const customer = await fresh.api.db.knex('customers').orderBy('id').first();
    await fresh.api.close();
    await fresh.station.services.station.status();
    await fresh.station.services.lookup['deps'].connectivity.check();
    const err = await fresh.fail('customers.get360', { customerId: customer.id, reason: 'phone_call' }, 'rep');
    expect(err.code).toBe('OFFLINE');
    expect(err.message).toMatch(/not on this station/);
    const search = await fresh.call('lookup.search', { query: customer.email }, 'rep');
    expect(search.notice).toMatch(/Offline/);
  });
});
