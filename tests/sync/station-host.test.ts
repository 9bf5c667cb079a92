import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scenario } from '../../core/demo/scenarios';
import { createStationWorld, type OneStationWorld } from '../station/world';
import { DEMO_NOW } from './world';

/** The engine as the station host runs it: through dispatch, like the renderer. */
describe('sync at a running station', () => {
  let world: OneStationWorld;
  beforeAll(async () => {
    world = await createStationWorld({ demo: scenario('small', { now: DEMO_NOW }) });
  });
  afterAll(async () => world?.close());

  it('a CS rep opens a customer, edits it offline-first, and the status bar shows the sync', async () => {
    await world.signIn('cs_rep', 'desk');
    const customer = await world.api.db.knex('customers').orderBy('id').first();
    // Opening the customer is the one way a desk comes to hold them: fetched, subscribed, audited with the reason.
    await world.call('customers.get360', { customerId: customer.id, reason: 'phone_call' }, 'desk');
    const synced = await world.call('sync.now', {}, 'desk');
    expect(synced).toMatchObject({ state: 'idle', online: true, pendingMutations: 0, rejectedMutations: 0, lastError: null, initialSync: null });
    expect(synced.lastSyncAt).not.toBeNull();
    expect(await world.station.db.knex('customers').pluck('id')).toEqual([customer.id]);

    const rep = world.station.services.auth.current('desk')!;
    await world.station.services.sync.mutate('customer.updateContact', { customerId: customer.id, fullName: 'Changed At The Desk' }, { staffId: rep.staff.id, role: rep.staff.role });
    expect((await world.station.db.knex('customers').where({ id: customer.id }).first()).full_name).toBe('Changed At The Desk');
    const before = await world.call('station.status', {}, 'desk');
    expect(before.sync.pendingMutations).toBe(1);

    await world.call('sync.now', {}, 'desk');
    const after = await world.call('station.status', {}, 'desk');
    expect(after.sync).toMatchObject({ state: 'idle', pendingMutations: 0, rejectedMutations: 0, conflicts: 0 });
    expect((await world.api.db.knex('customers').where({ id: customer.id }).first()).full_name).toBe('Changed At The Desk');
  });

  it('the contract keeps warehouse staff from opening customers, and no method copies a customer to the desk without opening them', async () => {
    await world.signIn('warehouse', 'packer');
    expect(await world.fail('customers.get360', { customerId: 1, reason: 'phone_call' }, 'packer')).toMatchObject({ code: 'FORBIDDEN' });
    await world.signIn('cs_rep', 'desk');
    expect(await world.fail('sync.subscribe', { customerId: 2 }, 'desk')).toMatchObject({ code: 'UNKNOWN_METHOD' });
  });

  it('every copy of a customer to the desk is on record in the audit viewer: who, which customer, why', async () => {
    await world.signIn('cs_rep', 'desk');
    const customer = await world.api.db.knex('customers').orderBy('id', 'desc').first('id', 'email');
    // Found by email at the central office (listed), then opened (fetched and subscribed).
    const found = await world.call('lookup.search', { query: customer.email, reason: 'email' }, 'desk');
    expect(found.customers.map((c) => c.id)).toContain(customer.id);
    await world.call('customers.get360', { customerId: customer.id, reason: 'email' }, 'desk');
    await world.signIn('supervisor', 'sup');
    const { entries } = await world.call('audit.search', { customerId: customer.id }, 'sup');
    const carl = { username: 'carl' };
    for (const action of ['customer.listed', 'customer.fetched', 'customer.subscribed']) {
      expect(entries.find((e) => e.action === action), action).toMatchObject({ staff: expect.objectContaining(carl), customerId: customer.id, reason: 'email', stationId: world.station.settings.identity()!.stationId });
    }
    expect(entries.find((e) => e.action === 'customer.subscribed')!.fields).toEqual(expect.arrayContaining(['email', 'phone', 'address']));
  });
});
