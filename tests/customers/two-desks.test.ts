/**
 * Two CS desks on the phone with the same household (DESIGN §4 per-field
 * merge): edits of different fields both stay; the same field edited at two
 * desks resolves at the central office to the later arrival (an opt-out wins
 * over an opt-in that had not seen it), and the desk whose change met the
 * other one is told, in the customer's 360 view, until a rep marks it seen.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customersWithFacts, startCustomersWorld, type CustomersWorld, type Desk } from '../station/world';

let world: CustomersWorld;
let east: Desk;
let west: Desk;
let ids: number[];

beforeAll(async () => {
  world = await startCustomersWorld();
  east = await world.openDesk('east', 'carl');
  west = await world.openDesk('west', 'sue');
  ids = await customersWithFacts(world.central, 4);
});
afterAll(async () => world?.close());

/** Both desks open and verify the customer while online (so both edit on the same versions), then West loses its link. */
async function bothOnThePhone(id: number): Promise<void> {
  await east.verify(id);
  await west.verify(id);
  west.cut();
}

describe('two desks, one customer', () => {
  it('edits of different fields both keep their change', async () => {
    const id = ids[0]!;
    await bothOnThePhone(id);
    await east.call('customers.updateContact', { customerId: id, fullName: 'Dana Q Whitfield' });
    await west.call('customers.updateContact', { customerId: id, phone: '(415) 555-0199' });
    await west.call('customers.setPreference', { customerId: id, field: 'emailSurveys', value: false });
    await east.call('customers.setPreference', { customerId: id, field: 'postalOffers', value: false });
    await east.syncUntilQuiet();
    west.restore();
    await west.syncUntilQuiet();
    await east.syncUntilQuiet();

    expect(await world.central('customers').where({ id }).first('full_name', 'phone')).toEqual({ full_name: 'Dana Q Whitfield', phone: '+14155550199' });
    const prefs = await world.central('preferences').where({ customer_id: id }).first();
    expect([!!prefs.email_surveys, !!prefs.postal_offers]).toEqual([false, false]);
    for (const desk of [east, west]) {
      expect(await desk.knex('customers').where({ id }).first('full_name', 'phone')).toEqual({ full_name: 'Dana Q Whitfield', phone: '+14155550199' });
      expect((await desk.call('customers.conflicts', { customerId: id })).conflicts).toEqual([]);
    }
  });

  it('the same field: the later change wins at the central office and that desk is told; both desks end up the same', async () => {
    const id = ids[1]!;
    await bothOnThePhone(id);
    await west.call('customers.updateContact', { customerId: id, email: `west.${id}@example.com` });
    await east.call('customers.updateContact', { customerId: id, email: `east.${id}@example.com` });
    await east.syncUntilQuiet();
    west.restore();
    await west.syncUntilQuiet();
    await east.syncUntilQuiet();

    // West's change arrived later: it wins.
    expect((await world.central('customers').where({ id }).first('email')).email).toBe(`west.${id}@example.com`);
    expect((await east.knex('customers').where({ id }).first('email')).email).toBe(`west.${id}@example.com`);
    const { conflicts } = await west.call('customers.conflicts', { customerId: id });
    expect(conflicts).toEqual([
      expect.objectContaining({
        what: 'Email',
        yourValue: `west.${id}@example.com`,
        otherValue: `east.${id}@example.com`,
        resolution: 'applied',
        message: expect.stringMatching(/^Email: your change \(west\..*\) replaced "east\..*", which another desk had saved/),
      }),
    ]);
    expect((await west.call('sync.status', {})).conflicts).toBeGreaterThan(0);
    // East, whose saved value was replaced, is told too.
    const eastSide = await east.call('customers.conflicts', { customerId: id });
    expect(eastSide.conflicts).toEqual([
      expect.objectContaining({
        what: 'Email',
        yourValue: `east.${id}@example.com`,
        otherValue: `west.${id}@example.com`,
        resolution: 'replaced',
        message: expect.stringMatching(/^Email: your change \(east\..*\) was replaced by "west\..*", saved later at another desk/),
      }),
    ]);

    // Marked seen: gone from the 360 view, kept in the table.
    const seen = await west.call('customers.markConflictSeen', { customerId: id, conflictId: conflicts[0]!.id });
    expect(seen.seenAt).toEqual(expect.any(String));
    expect((await west.call('customers.conflicts', { customerId: id })).conflicts).toEqual([]);
    expect(await west.knex('conflicts').where({ id: conflicts[0]!.id }).first('seen_at')).toEqual({ seen_at: seen.seenAt });
    expect((await west.fail('customers.markConflictSeen', { customerId: ids[0]!, conflictId: 'no-such-conflict' })).code).toBe('NOT_FOUND');
  });

  it('the same address at two desks: one whole address wins, never a blend of both', async () => {
    const id = ids[2]!;
    await bothOnThePhone(id);
    await west.call('customers.updateAddress', { customerId: id, address: { line1: '12 Oak Street', city: 'Portland', state: 'OR', zip: '97201' } });
    await east.call('customers.updateAddress', { customerId: id, address: { line1: '500 Pine Avenue', line2: 'Unit 3', city: 'Seattle', state: 'WA', zip: '98101' } });
    await east.syncUntilQuiet();
    west.restore();
    await west.syncUntilQuiet();
    await east.syncUntilQuiet();
    const address = await world.central('addresses').where({ customer_id: id, is_current: true }).first('line1', 'line2', 'city', 'state', 'zip5');
    expect(address).toEqual({ line1: '12 OAK ST', line2: null, city: 'PORTLAND', state: 'OR', zip5: '97201' });
    const { conflicts } = await west.call('customers.conflicts', { customerId: id });
    expect(conflicts).toEqual([expect.objectContaining({ what: 'Shipping address', yourValue: '12 OAK ST, PORTLAND OR  97201', otherValue: '500 PINE AVE UNIT 3, SEATTLE WA  98101' })]);
  });

  it('an opt-in that had not seen another desk’s opt-out loses, and that desk is told why', async () => {
    const id = ids[3]!;
    await east.verify(id);
    await east.call('customers.setPreference', { customerId: id, field: 'emailNewsletter', value: false });
    await east.syncUntilQuiet();
    await bothOnThePhone(id);
    // West saw the opt-out (verified after it synced), then East opts back in and out again unseen by West...
    await east.call('customers.setPreference', { customerId: id, field: 'emailNewsletter', value: true });
    await east.call('customers.setPreference', { customerId: id, field: 'emailNewsletter', value: false });
    await east.syncUntilQuiet();
    // ...and West, offline, opts in on its caller's word.
    await west.call('customers.setPreference', { customerId: id, field: 'emailNewsletter', value: true });
    west.restore();
    await west.syncUntilQuiet();
    expect(!!(await world.central('preferences').where({ customer_id: id }).first()).email_newsletter).toBe(false);
    const { conflicts } = await west.call('customers.conflicts', { customerId: id });
    expect(conflicts).toEqual([expect.objectContaining({ what: 'Newsletters (email)', yourValue: 'yes', otherValue: 'no', resolution: 'kept_server', message: expect.stringMatching(/was not applied/) })]);
    expect((await west.call('customers.get360', { customerId: id, reason: 'phone_call' })).preferences?.emailNewsletter).toBe(false);
  });
});
