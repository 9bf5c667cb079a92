/**
 * DESIGN §4: everything but card changes works offline. With the central API
 * stopped, a rep still verifies a caller the desk holds and makes every other
 * edit; each waits in the outbox. When the central office is back, one sync
 * sends them and the central office holds each change exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customersWithFacts, startCustomersWorld, type CustomersWorld, type Desk } from '../station/world';

let world: CustomersWorld;
let desk: Desk;
let id: number;

beforeAll(async () => {
  world = await startCustomersWorld();
  desk = await world.openDesk('desk', 'carl');
  [id] = (await customersWithFacts(world.central, 1)) as [number];
  // Opened earlier in the day, while online: the desk holds this customer.
  await desk.call('customers.get360', { customerId: id, reason: 'phone_call' });
  await desk.verify(id);
  await desk.syncUntilQuiet();
  await desk.call('auth.signOut', {});
  await desk.signIn();
});
afterAll(async () => world?.close());

describe('with the central office stopped', () => {
  const counts = async () => ({
    consent: Number((await world.central('consent_events').where({ customer_id: id }).count({ n: '*' }).first())!.n),
    audit: Number((await world.central('audit_log').where({ customer_id: id }).whereIn('action', ['customer.contact_updated', 'customer.address_updated', 'customer.caller_verified', 'customer.password_reset_requested']).count({ n: '*' }).first())!.n),
  });

  it('edits succeed at the desk and wait in the outbox; after the central office is back, it holds each exactly once', async () => {
    const before = await counts();
    const facts = await world.factsOf(id);
    await world.stopCentral();

    await desk.verify(id, desk.clientKey, facts);
    await desk.call('customers.setPreference', { customerId: id, field: 'emailNewsletter', value: false });
    await desk.call('customers.setPreference', { customerId: id, field: 'partnerMailingsExcluded', value: true });
    await desk.call('customers.updateContact', { customerId: id, fullName: 'Offline Olivia', phone: '(212) 555-0188' });
    await desk.call('customers.updateAddress', { customerId: id, address: { line1: '350 Fifth Avenue', line2: 'Floor 21', city: 'New York', state: 'NY', zip: '10118' } });
    const reset = await desk.call('customers.sendPasswordReset', { customerId: id });
    expect(reset.delivery).toBe('queued');

    const card = await desk.fail('customers.changeCard', { customerId: id, cardNumber: '4111 1111 1111 1111', expMonth: 12, expYear: new Date().getUTCFullYear() + 2 });
    expect(card.code).toBe('OFFLINE');

    const pending = await desk.outbox('pending');
    expect(pending.map((r) => r.name)).toEqual(['audit.record', 'preferences.set', 'preferences.set', 'customer.updateContact', 'address.update', 'audit.record']);
    const view = await desk.call('customers.get360', { customerId: id, reason: 'phone_call' });
    expect(view.profile).toMatchObject({ fullName: 'Offline Olivia', phone: '+12125550188', address: { deliveryLine: '350 FIFTH AVE FL 21' } });
    expect(view.preferences).toMatchObject({ emailNewsletter: false, partnerMailingsExcluded: true });
    const status = await desk.call('sync.now', {});
    // The six edits above, plus the audit fact of opening the 360 view just now (it travels with them).
    expect(status).toMatchObject({ online: false, pendingMutations: 7 });
    // "Sync now" says it could not reach the central office and what is waiting, by kind.
    expect(status.run).toMatchObject({ outcome: 'offline', sent: 0, received: 0 });
    expect(Object.fromEntries(status.waiting.map((w) => [w.name, w.count]))).toEqual({ 'audit.record': 3, 'preferences.set': 2, 'customer.updateContact': 1, 'address.update': 1 });

    await world.startCentral();
    const back = await desk.call('sync.now', {});
    // Back online: it says what it sent, and nothing waits any more.
    expect(back.run).toMatchObject({ outcome: 'done', sent: 7 });
    expect(back.waiting).toEqual([]);
    await desk.syncUntilQuiet();
    // A retried or repeated sync changes nothing.
    await desk.call('sync.now', {});
    await desk.call('sync.now', {});

    expect(await world.central('customers').where({ id }).first('full_name', 'phone')).toEqual({ full_name: 'Offline Olivia', phone: '+12125550188' });
    const prefs = await world.central('preferences').where({ customer_id: id }).first();
    expect([!!prefs.email_newsletter, !!prefs.partner_mailings_excluded]).toEqual([false, true]);
    expect(await world.central('addresses').where({ customer_id: id, is_current: true }).first('line1', 'line2')).toEqual({ line1: '350 FIFTH AVE FL 21', line2: null });
    const after = await counts();
    expect(after.consent - before.consent).toBe(2);
    expect(after.audit - before.audit).toBe(4); // caller verified, contact, address, password reset: once each
    const client = await world.central('sync_clients').orderBy('updated_at', 'desc').first();
    expect(Number(client.rejected_count)).toBe(0);
    expect(await desk.outbox('pending')).toEqual([]);
  });
});
