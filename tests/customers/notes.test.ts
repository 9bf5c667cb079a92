/**
 * Call notes (issue 15 item 6): a rep notes a call (who, when, why), offline
 * too; the note is audited, reaches the central office with the next sync,
 * shows in the 360 history at this desk and at another desk that holds the
 * customer, and never reaches a packing station.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customersWithFacts, startCustomersWorld, type CustomersWorld, type Desk } from '../station/world';

let world: CustomersWorld;
let east: Desk;
let west: Desk;
let pack: Desk;
let id: number;

beforeAll(async () => {
  world = await startCustomersWorld();
  east = await world.openDesk('east', 'carl');
  west = await world.openDesk('west', 'sue');
  pack = await world.openDesk('pack', 'wanda');
  [id] = (await customersWithFacts(world.central, 1)) as [number];
});
afterAll(async () => world?.close());

describe('call notes', () => {
  it('a note written offline is on the desk at once, audited, and at the central office after sync; another desk sees it by name', async () => {
    await east.call('customers.get360', { customerId: id, reason: 'phone_call' });
    await west.call('customers.get360', { customerId: id, reason: 'phone_call' });
    east.cut();
    const body = 'Says disc 2 arrived cracked; will call back after checking the sleeve.';
    const answer = await east.call('customers.addNote', { customerId: id, reason: 'phone_call', body });
    expect(answer.pendingChanges).toBeGreaterThan(0);

    const here = await east.call('customers.refresh360', { customerId: id });
    expect(here.history.find((h) => h.kind === 'note')).toMatchObject({ what: body, channel: 'phone_call', staffName: 'Carl Service' });
    expect(await east.knex('audit_log').where({ customer_id: id, action: 'customer.note_added' })).toHaveLength(1);

    east.restore();
    await east.syncUntilQuiet();
    const central = await world.central('customer_notes').where({ customer_id: id });
    expect(central).toHaveLength(1);
    expect(central[0]).toMatchObject({ body, reason: 'phone_call', staff_id: expect.stringContaining('carl') });
    expect(await world.central('audit_log').where({ customer_id: id, action: 'customer.note_added' })).toHaveLength(1);

    await west.syncUntilQuiet();
    const there = await west.call('customers.refresh360', { customerId: id });
    expect(there.history.filter((h) => h.kind === 'note').map((h) => h.what)).toEqual([body]);

    // A packing station holds no note, whatever it syncs.
    await pack.syncUntilQuiet();
    expect(await pack.knex('customer_notes')).toEqual([]);
  });

  it('a warehouse user cannot add a note, and an empty or oversized note is refused in plain words', async () => {
    expect((await pack.fail('customers.addNote', { customerId: id, reason: 'phone_call', body: 'x' })).code).toBe('FORBIDDEN');
    const empty = await east.fail('customers.addNote', { customerId: id, reason: 'phone_call', body: '   ' });
    expect(empty.code).toBe('INVALID_INPUT');
    const long = await east.fail('customers.addNote', { customerId: id, reason: 'phone_call', body: 'x'.repeat(501) });
    expect(long.code).toBe('INVALID_INPUT');
    expect(long.message).not.toMatch(/[A-Z]{3,}_[A-Z]/);
  });
});
