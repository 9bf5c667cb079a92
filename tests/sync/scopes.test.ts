import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CUSTOMER_TABLES } from '../../core/sync/scopes';
import { PULLED_TABLES } from '../../core/sync/tables';
import { databaseTargets } from '../api/harness';
import { TEST_ENROLLMENT_KEY } from '../api/world';
import { count, DC, heldShipmentsAt, packAndLabel, pullRaw, startSyncWorld, type SyncWorld } from './world';

/** Every key anywhere in a JSON document. */
function allKeys(value: unknown, out = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const v of value) allKeys(v, out);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.add(k);
      allKeys(v, out);
    }
  }
  return out;
}

/** Pulls a station's whole scope from nothing, page by page, as raw JSON bodies. */
async function pullEverything(world: SyncWorld, credential: string, token: string, clientId: string, limit = 200) {
  const bodies: unknown[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 1000; i++) {
    const res = await pullRaw(world, credential, token, { clientId, cursor, limit });
    expect(res.statusCode, res.body).toBe(200);
    const page = res.json();
    bodies.push(page);
    if (!page.hasMore) return bodies;
    cursor = page.cursor;
  }
  throw new Error('pull did not finish');
}

describe.each(databaseTargets)('scopes from credentials on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
    await world.allocate(10);
  });
  afterAll(async () => world?.close());

  it('a packing station holds its DC’s open and outstanding shipments, discs, titles and DCs, and no customer rows', async () => {
    const packer = await world.openStation({ user: 'wanda', name: 'Pack scope' });
    await packer.syncUntilQuiet();
    const open = await heldShipmentsAt(world.central);
    expect(open.length).toBeGreaterThanOrEqual(10);
    expect((await packer.knex('shipments').orderBy('id').pluck('id'))).toEqual(open.map((s) => s.id));
    expect(await count(packer.knex, 'discs')).toBe(await count(world.central, 'discs', { home_dc: DC }));
    expect(await count(packer.knex, 'titles')).toBe(await count(world.central, 'titles'));
    expect(await count(packer.knex, 'distribution_centers')).toBe(await count(world.central, 'distribution_centers'));
    for (const table of ['customers', 'addresses', 'payment_methods', 'preferences', 'consent_events', 'charges', 'rental_queue', 'reviews']) {
      expect(await count(packer.knex, table), table).toBe(0);
    }
    // The label address is there: that is what a packer needs.
    expect(await packer.knex('shipments').first('ship_name', 'ship_line1', 'ship_zip5')).toMatchObject({ ship_name: expect.any(String), ship_zip5: expect.stringMatching(/^\d{5}$/) });
  });

  it('a warehouse user never receives an email, a phone number or a card detail, anywhere in the pull', async () => {
    const packer = await world.openStation({ user: 'wanda', name: 'Pack privacy' });
    const bodies = await pullEverything(world, packer.credential, packer.token, packer.clientId, 150);
    const keys = allKeys(bodies);
    expect(keys.has('ship_line1')).toBe(true);
    const forbidden = [...keys].filter((k) => /email|phone|card|processor_token|last4|brand|exp_month|exp_year|full_name/.test(k));
    expect(forbidden).toEqual([]);
    const tables = new Set(bodies.flatMap((b) => (b as { changes: { table: string }[] }).changes.map((c) => c.table)));
    expect([...tables].sort()).toEqual(['disc_barcodes', 'discs', 'distribution_centers', 'shipments', 'titles'].sort());
  });

  it('a CS desk holds exactly the customers it opened, with their records', async () => {
    const desk = await world.openStation({ user: 'carl', name: 'CS scope' });
    await desk.syncUntilQuiet();
    expect(await count(desk.knex, 'customers')).toBe(0);
    expect(await count(desk.knex, 'shipments')).toBe(0);
    expect(await count(desk.knex, 'titles')).toBeGreaterThan(0);

    const customerId = Number((await world.central('shipments').orderBy('id').first('customer_id')).customer_id);
    await desk.engine.subscribe(customerId, desk.token, 'phone_call');
    await desk.syncUntilQuiet();
    expect(await desk.knex('customers').pluck('id')).toEqual([customerId]);
    for (const table of CUSTOMER_TABLES.filter((t) => t !== 'customers')) {
      expect(await count(desk.knex, table), table).toBe(await count(world.central, table, { customer_id: customerId }));
      expect(await desk.knex(table).whereNot({ customer_id: customerId }).first(), table).toBeUndefined();
    }
    expect(await count(desk.knex, 'shipments')).toBeGreaterThan(0);
    expect(await count(desk.knex, 'label_events')).toBe(0);
    expect(await count(desk.knex, 'discs')).toBe(0);
    const card = await desk.knex('payment_methods').first();
    expect(Object.keys(card).sort()).toEqual(['brand', 'created_at', 'customer_id', 'exp_month', 'exp_year', 'id', 'is_current', 'last4', 'processor_token', 'server_version']);
    // The processor token itself stays central.
    expect(await desk.knex('payment_methods').distinct('processor_token').pluck('processor_token')).toEqual(['held-centrally']);

    // Later changes to that customer follow; other customers' do not.
    await world.central('customers').where({ id: customerId }).update({ full_name: 'Renamed At Central' });
    await world.central('customers').whereNot({ id: customerId }).limit(1).update({ full_name: 'Someone Else' });
    await desk.syncUntilQuiet();
    expect(await desk.knex('customers').pluck('full_name')).toEqual(['Renamed At Central']);
  });

  it('a station cannot ask for a scope: sending scopes is refused', async () => {
    const packer = await world.openStation({ user: 'wanda', name: 'Pack greedy' });
    for (const extra of [{ scopes: ['customers'] }, { scope: { distributionCenter: 'EWR' } }]) {
      const res = await pullRaw(world, packer.credential, packer.token, { clientId: packer.clientId, cursor: null, ...extra });
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
    }
  });

  it('warehouse staff cannot open a customer at their station', async () => {
    const packer = await world.openStation({ user: 'wanda', name: 'Pack subscribe' });
    await expect(packer.engine.subscribe(1, packer.token, 'phone_call')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    const res = await world.api.app.inject({
      method: 'POST',
      url: '/v1/sync/subscribe',
      headers: { ...world.api.stationHeaders(packer.credential), 'x-staff-session': packer.token },
      payload: { customerId: 1 },
    });
    expect(res.statusCode).toBe(403);
    expect(await count(world.central, 'sync_subscriptions', { station_id: packer.stationId })).toBe(0);
  });

  it('pulling needs a signed-in staff member; opening a customer that does not exist is a 404', async () => {
    const desk = await world.openStation({ user: 'carl', name: 'CS 404' });
    const anonymous = await world.api.app.inject({ method: 'POST', url: '/v1/sync/pull', headers: world.api.stationHeaders(desk.credential), payload: { clientId: desk.clientId, cursor: null } });
    expect(anonymous.statusCode).toBe(401);
    await expect(desk.engine.subscribe(999_999, desk.token, 'phone_call')).rejects.toMatchObject({ code: 'NOT_FOUND' });
  });

  it('the distribution center comes from the station credential, not from the staff member', async () => {
    const res = await world.api.app.inject({
      method: 'POST',
      url: '/v1/stations/register',
      headers: { 'x-enrollment-key': TEST_ENROLLMENT_KEY },
      payload: { name: 'Pack EWR', distributionCenter: 'EWR' },
    });
    const { credential } = res.json<{ credential: string }>();
    await world.allocate(4, 'EWR');
    // wanda's home DC is SJC, but she signs in at the EWR station: she packs EWR's orders there.
    const token = await world.signIn(credential, 'wanda');
    const bodies = await pullEverything(world, credential, token, '01HZZZZZZZZZZZZZZZZZZZZZZZ', 500);
    const shipments = bodies.flatMap((b) => (b as { changes: { table: string; row?: { dc: string; status: string } }[] }).changes.filter((c) => c.table === 'shipments'));
    expect(shipments.length).toBe((await heldShipmentsAt(world.central, 'EWR')).length);
    expect(new Set(shipments.map((s) => s.row!.dc))).toEqual(new Set(['EWR']));
  });

  it('a shipment that is closed leaves the packing station, and its label events with it', async () => {
    const packer = await world.openStation({ user: 'wanda', name: 'Pack evict' });
    await packer.syncUntilQuiet();
    const id = Number((await packer.knex('shipments').where({ status: 'allocated' }).orderBy('id', 'desc').first()).id);
    await packAndLabel(packer, id, { labelSerial: '901234000000777' });
    await packer.mutate('shipment.markShipped', { shipmentId: id });
    await packer.syncUntilQuiet();
    // Out with the customer it stays (its return is checked in here), label events and all.
    expect(await count(packer.knex, 'label_events', { shipment_id: id })).toBe(1);
    const { disc_id: discId } = await packer.knex('shipments').where({ id }).first('disc_id');
    await packer.mutate('shipment.checkIn', { discId: Number(discId) });
    await packer.syncUntilQuiet();
    expect(await packer.knex('shipments').where({ id }).first()).toBeUndefined();
    expect(await count(packer.knex, 'label_events', { shipment_id: id })).toBe(0);
    expect((await world.central('shipments').where({ id }).first()).status).toBe('returned');
  });

  it('a disc re-homed to another distribution center leaves the old DC’s station with its barcodes, and reaches the new one’s with them', async () => {
    const sjc = await world.openStation({ user: 'wanda', name: 'Pack SJC move' });
    const sea = await world.openStation({ user: 'wanda', name: 'Pack SEA move', dc: 'SEA' });
    await sjc.syncUntilQuiet();
    await sea.syncUntilQuiet();
    const alias = await world.central('disc_barcodes').join('discs', 'discs.id', 'disc_barcodes.disc_id').where('discs.home_dc', DC).first('disc_barcodes.alias', 'disc_barcodes.disc_id');
    const discId = Number(alias.disc_id);
    expect(await count(sjc.knex, 'discs', { id: discId })).toBe(1);
    expect(await count(sjc.knex, 'disc_barcodes', { disc_id: discId })).toBeGreaterThan(0);
    expect(await count(sea.knex, 'discs', { id: discId })).toBe(0);

    // Re-homed by the central office (not by any station's mutation).
    await world.central('discs').where({ id: discId }).update({ home_dc: 'SEA' });
    await sjc.syncUntilQuiet();
    await sea.syncUntilQuiet();
    expect(await count(sjc.knex, 'discs', { id: discId })).toBe(0);
    expect(await count(sjc.knex, 'disc_barcodes', { disc_id: discId })).toBe(0);
    expect(await sea.knex('discs').where({ id: discId }).first()).toMatchObject({ home_dc: 'SEA' });
    expect(await count(sea.knex, 'disc_barcodes', { alias: alias.alias })).toBe(1);
    // The rest of SJC's discs stay where they are.
    expect(await count(sjc.knex, 'discs')).toBe(await count(world.central, 'discs', { home_dc: DC }));
  });

  it('a shipment reassigned to another distribution center moves between the packing stations with its label events; a desk that opened its customer keeps it', async () => {
    const sjc = await world.openStation({ user: 'wanda', name: 'Pack SJC reassign' });
    const sea = await world.openStation({ user: 'wanda', name: 'Pack SEA reassign', dc: 'SEA' });
    const desk = await world.openStation({ user: 'sue', name: 'Supervisor SJC reassign' });
    await sjc.syncUntilQuiet();
    const shipment = await sjc.knex('shipments').where({ status: 'allocated' }).orderBy('id').first();
    await sjc.mutate('labelEvent.record', { shipmentId: shipment.id, kind: 'printed', serial: '901234000000779' });
    await sjc.syncUntilQuiet();
    await desk.syncUntilQuiet();
    await desk.engine.subscribe(shipment.customer_id, desk.token, 'phone_call');
    await desk.syncUntilQuiet();
    await sea.syncUntilQuiet();
    expect(await count(desk.knex, 'shipments', { id: shipment.id })).toBe(1);
    expect(await count(sea.knex, 'shipments', { id: shipment.id })).toBe(0);

    await world.central('shipments').where({ id: shipment.id }).update({ dc: 'SEA' });
    for (const s of [sjc, sea, desk]) await s.syncUntilQuiet();
    expect(await count(sjc.knex, 'shipments', { id: shipment.id })).toBe(0);
    expect(await count(sjc.knex, 'label_events', { shipment_id: shipment.id })).toBe(0);
    expect(await sea.knex('shipments').where({ id: shipment.id }).first()).toMatchObject({ dc: 'SEA', status: 'allocated' });
    expect(await count(sea.knex, 'label_events', { shipment_id: shipment.id })).toBe(1);
    // The supervisor's desk (SJC) holds it as its opened customer's shipment, now at SEA.
    expect(await desk.knex('shipments').where({ id: shipment.id }).first()).toMatchObject({ dc: 'SEA' });
  });

  it('a supervisor’s desk keeps a closed shipment of a customer it opened, but not its label events', async () => {
    const desk = await world.openStation({ user: 'sue', name: 'Supervisor evict' });
    await desk.syncUntilQuiet();
    const shipment = await desk.knex('shipments').where({ status: 'allocated' }).orderBy('id', 'desc').first();
    await desk.engine.subscribe(shipment.customer_id, desk.token, 'phone_call');
    await packAndLabel(desk, shipment.id, { labelSerial: '901234000000778' });
    await desk.syncUntilQuiet();
    expect(await count(desk.knex, 'label_events', { shipment_id: shipment.id })).toBe(1);
    await desk.mutate('shipment.void', { shipmentId: shipment.id, reason: 'customer cancelled' });
    await desk.syncUntilQuiet();
    expect((await desk.knex('shipments').where({ id: shipment.id }).first()).status).toBe('void');
    expect(await count(desk.knex, 'label_events', { shipment_id: shipment.id })).toBe(0);
  });

  it('when a different role signs in, the station starts over with that role’s scope (no customer rows left for a packer)', async () => {
    const desk = await world.openStation({ user: 'carl', name: 'Shared desk' });
    await desk.engine.subscribe(2, desk.token, 'phone_call');
    await desk.syncUntilQuiet();
    expect(await count(desk.knex, 'customers')).toBe(1);
    const packerToken = await world.signIn(desk.credential, 'wanda');
    desk.engine.useSession('test', { apiToken: packerToken, staff: { role: 'warehouse' } });
    await desk.syncUntilQuiet();
    expect(await count(desk.knex, 'customers')).toBe(0);
    expect(await count(desk.knex, 'payment_methods')).toBe(0);
    expect(await count(desk.knex, 'shipments')).toBe((await heldShipmentsAt(world.central)).length);
  });

  it('every pulled table is covered by some scope', () => {
    const covered = new Set(['distribution_centers', 'titles', 'discs', 'disc_barcodes', 'shipments', 'label_events', ...CUSTOMER_TABLES]);
    expect(PULLED_TABLES.filter((t) => !covered.has(t))).toEqual([]);
  });
});
