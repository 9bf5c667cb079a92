import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../api/harness';
import { count, startSyncWorld, type SyncWorld, type TestStation } from './world';

/**
 * Two CS desks work on the same customers, each offline for a while: per-field
 * merge (DESIGN §4) decides what the customer ends up with.
 */
describe.each(databaseTargets)('per-field merge and conflicts on $name', (target) => {
  let world: SyncWorld;
  let east: TestStation;
  let west: TestStation;
  let nextCustomer = 1;

  beforeAll(async () => {
    world = await startSyncWorld(target);
    east = await world.openStation({ user: 'carl', name: 'CS east' });
    west = await world.openStation({ user: 'sue', name: 'CS west' });
  });
  afterAll(async () => world?.close());

  /** A customer both desks have open and up to date. */
  async function sharedCustomer(): Promise<number> {
    const id = nextCustomer++;
    for (const desk of [east, west]) {
      await desk.engine.subscribe(id, desk.token, 'phone_call');
      await desk.syncUntilQuiet();
    }
    return id;
  }
  const central = (id: number) => world.central('customers').where({ id }).first();
  const prefs = async (id: number) => (await world.central('preferences').where({ customer_id: id }).first()) as Record<string, unknown>;
  const conflictsAt = (desk: TestStation, id: number) => desk.knex('conflicts').where({ entity_id: String(id) }).orderBy('id');

  it('edits to different fields of one customer never collide', async () => {
    const id = await sharedCustomer();
    await east.mutate('customer.updateContact', { customerId: id, fullName: 'Dana Q Whitfield' });
    await west.mutate('customer.updateContact', { customerId: id, phone: '+14155550199' });
    await east.syncUntilQuiet();
    await west.syncUntilQuiet();
    await east.syncUntilQuiet();
    expect(await central(id)).toMatchObject({ full_name: 'Dana Q Whitfield', phone: '+14155550199' });
    for (const desk of [east, west]) {
      expect(await desk.knex('customers').where({ id }).first()).toMatchObject({ full_name: 'Dana Q Whitfield', phone: '+14155550199' });
      expect(await conflictsAt(desk, id)).toEqual([]);
    }
    expect(await count(world.central, 'sync_conflicts', { entity_id: String(id) })).toBe(0);
  });

  it('the same field edited at two desks: the later arrival wins and the desk that overwrote an unseen edit gets a conflict row', async () => {
    const id = await sharedCustomer();
    const before = await central(id);
    await east.mutate('customer.updateContact', { customerId: id, email: `east.${id}@example.com` });
    await west.mutate('customer.updateContact', { customerId: id, email: `west.${id}@example.com` });
    await east.syncUntilQuiet();
    await west.syncUntilQuiet();
    await east.syncUntilQuiet();

    expect((await central(id)).email).toBe(`west.${id}@example.com`);
    const [conflict] = await conflictsAt(west, id);
    expect(conflict).toMatchObject({
      entity: 'customers',
      entity_id: String(id),
      field: 'email',
      local_value: JSON.stringify(`west.${id}@example.com`),
      server_value: JSON.stringify(`east.${id}@example.com`),
      resolution: 'applied',
      seen_at: null,
    });
    // The desk whose saved value was replaced is told too (issue #5: "the other desk is told").
    const eastSide = await conflictsAt(east, id);
    expect(eastSide).toHaveLength(1);
    expect(eastSide[0]).toMatchObject({ field: 'email', resolution: 'replaced' });
    // Both desks converge on the server's answer.
    expect((await east.knex('customers').where({ id }).first()).email).toBe(`west.${id}@example.com`);
    expect(before.email).not.toBe(`west.${id}@example.com`);
    expect((await west.engine.status()).conflicts).toBe(1);
  });

  it('a desk’s own successive edits of one field do not conflict with each other', async () => {
    const id = await sharedCustomer();
    await east.mutate('customer.updateContact', { customerId: id, phone: '+14155550101' });
    await east.syncUntilQuiet();
    // Offline now: two more edits on top of the first, before hearing back.
    await east.mutate('customer.updateContact', { customerId: id, phone: '+14155550102' });
    await east.mutate('customer.updateContact', { customerId: id, phone: '+14155550103' });
    await east.syncUntilQuiet();
    expect((await central(id)).phone).toBe('+14155550103');
    expect(await conflictsAt(east, id)).toEqual([]);
  });

  it('an opt-in that arrives after an unseen opt-out loses: the opt-out stays and a conflict is recorded', async () => {
    const id = await sharedCustomer();
    await world.central('preferences').where({ customer_id: id }).update({ email_offers: true });
    await east.syncUntilQuiet();
    await west.syncUntilQuiet();

    const optOut = await east.mutate('preferences.set', { customerId: id, field: 'email_offers', value: false, channel: 'phone' });
    const optIn = await west.mutate('preferences.set', { customerId: id, field: 'email_offers', value: true, channel: 'web' });
    await east.syncUntilQuiet();
    await west.syncUntilQuiet();

    expect(Boolean((await prefs(id)).email_offers)).toBe(false);
    expect(await conflictsAt(west, id)).toEqual([
      expect.objectContaining({ field: 'email_offers', local_value: 'true', server_value: 'false', resolution: 'kept_server', mutation_id: optIn.mutationId }),
    ]);
    expect(Boolean((await west.knex('preferences').where({ customer_id: id }).first()).email_offers)).toBe(false);
    // Only the opt-out is a consent event: the lost opt-in changed nothing.
    expect(await world.central('consent_events').where({ id: optOut.mutationId }).first()).toMatchObject({ field: 'email_offers', old_value: 'true', new_value: 'false', channel: 'phone' });
    expect(await world.central('consent_events').where({ id: optIn.mutationId }).first()).toBeUndefined();
  });

  it('an opt-out that arrives after an unseen opt-in wins too (either order ends opted out)', async () => {
    const id = await sharedCustomer();
    // For partner mailings the opt-out is `excluded = true`; the customer starts excluded.
    await world.central('preferences').where({ customer_id: id }).update({ partner_mailings_excluded: true });
    await east.syncUntilQuiet();
    await west.syncUntilQuiet();
    await east.mutate('preferences.set', { customerId: id, field: 'partner_mailings_excluded', value: false });
    await east.syncUntilQuiet();
    // West confirms the exclusion on the phone, not having heard of east's opt-in.
    await west.mutate('preferences.set', { customerId: id, field: 'partner_mailings_excluded', value: true });
    await west.syncUntilQuiet();
    await east.syncUntilQuiet();

    expect(Boolean((await prefs(id)).partner_mailings_excluded)).toBe(true);
    expect(await conflictsAt(west, id)).toEqual([
      expect.objectContaining({ field: 'partner_mailings_excluded', local_value: 'true', server_value: 'false', resolution: 'applied' }),
    ]);
    expect(Boolean((await east.knex('preferences').where({ customer_id: id }).first()).partner_mailings_excluded)).toBe(true);
  });

  it('an opt-in made after seeing the opt-out is a fresh request and applies', async () => {
    const id = await sharedCustomer();
    await east.mutate('preferences.set', { customerId: id, field: 'email_newsletter', value: false });
    await east.syncUntilQuiet();
    await west.syncUntilQuiet();
    await west.mutate('preferences.set', { customerId: id, field: 'email_newsletter', value: true });
    await west.syncUntilQuiet();
    expect(Boolean((await prefs(id)).email_newsletter)).toBe(true);
    expect(await conflictsAt(west, id)).toEqual([]);
  });

  it('an address is merged as one unit: never half of one edit and half of another', async () => {
    const id = await sharedCustomer();
    await east.mutate('address.update', { customerId: id, address: { line1: '12 north main street', city: 'Springfield', state: 'IL', zip: '62704' } });
    await west.mutate('address.update', { customerId: id, address: { line1: '400 Elm Avenue Apt 3', city: 'Austin', state: 'Texas', zip: '78701-1234' } });
    await east.syncUntilQuiet();
    await west.syncUntilQuiet();
    await east.syncUntilQuiet();
    const address = await world.central('addresses').where({ customer_id: id, is_current: true }).first();
    expect(address).toMatchObject({ line1: '400 ELM AVE APT 3', city: 'AUSTIN', state: 'TX', zip5: '78701', zip4: '1234' });
    expect(JSON.parse(address.raw)).toMatchObject({ line1: '400 Elm Avenue Apt 3' });
    expect(await conflictsAt(west, id)).toEqual([expect.objectContaining({ entity: 'addresses', field: 'address', resolution: 'applied' })]);
    expect(await east.knex('addresses').where({ id: address.id }).first()).toMatchObject({ line1: '400 ELM AVE APT 3', city: 'AUSTIN' });
  });
});
