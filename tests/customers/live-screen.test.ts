/**
 * The open customer 360 stays live (issue 15 item 4, issue 18): another
 * desk's edit reaches this desk through the live channel, the station's one
 * "tables changed" signal (`sync.changes`) names the tables, and the view is
 * read again with `customers.refresh360`, which is not an opening: no second
 * audit row. Only a customer this session opened can be read that way, and
 * waiting for the signal never keeps the idle lock away.
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
  ids = await customersWithFacts(world.central, 3);
});
afterAll(async () => world?.close());

async function viewsAudited(desk: Desk, customerId: number): Promise<number> {
  const row = await desk.knex('audit_log').where({ customer_id: customerId, action: 'customer.viewed' }).count({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

describe('the open 360 follows changes made elsewhere', () => {
  it('another desk’s edit is in this desk’s signal within a second, and the view read again shows it without a second audit row', async () => {
    const id = ids[0]!;
    const opened = await east.call('customers.get360', { customerId: id, reason: 'phone_call' });
    await east.syncUntilQuiet();
    expect(await viewsAudited(east, id)).toBe(1);
    const before = opened.preferences!.emailNewsletter;

    const { version } = await east.call('sync.changes', { since: null });
    const signal = east.call('sync.changes', { since: version });
    await west.verify(id);
    await west.call('customers.setPreference', { customerId: id, field: 'emailNewsletter', value: !before });
    await west.call('sync.now', {});
    const sent = performance.now();
    const changed = await signal;
    const elapsed = performance.now() - sent;
    expect(changed.tables).toContain('preferences');
    expect(changed.version).toBeGreaterThan(version);
    expect(elapsed).toBeLessThan(1_000);

    const view = await east.call('customers.refresh360', { customerId: id });
    expect(view.preferences!.emailNewsletter).toBe(!before);
    expect(view.profile.id).toBe(id);
    // The opening is on record once; keeping the screen current is not another opening.
    expect(await viewsAudited(east, id)).toBe(1);
    await east.call('customers.refresh360', { customerId: id });
    expect(await viewsAudited(east, id)).toBe(1);
  });

  it('a customer this session has not opened cannot be read again (open it: that is audited); a new session starts with none', async () => {
    const id = ids[1]!;
    expect((await east.fail('customers.refresh360', { customerId: id })).code).toBe('FORBIDDEN');
    await east.call('customers.get360', { customerId: id, reason: 'phone_call' });
    await east.call('customers.refresh360', { customerId: id });
    await east.call('auth.signOut', {});
    await east.signIn();
    expect((await east.fail('customers.refresh360', { customerId: id })).code).toBe('FORBIDDEN');
  });

  it('a held wait for changes ends with the session, and waiting never keeps the idle lock away', async () => {
    const { version } = await east.call('sync.changes', { since: null });
    const held = east.call('sync.changes', { since: version + 1_000 });
    const t0 = performance.now();
    // A version from the future (another process's) is answered at once with the current one.
    expect((await held).version).toBe(version);
    expect(performance.now() - t0).toBeLessThan(500);

    const waiting = east.call('sync.changes', { since: version });
    await east.call('auth.signOut', {});
    const ended = await waiting;
    expect(ended.tables).toEqual([]);

    await east.signIn();
    const idleMs = east.host.settings.get().idleLockSeconds * 1000;
    for (let t = 0; t < idleMs + 60_000; t += 60_000) {
      east.host.clock.advance(60_000);
      // Once locked, the wait itself is refused: what matters is that it never touched the session before.
      await east.host.dispatch({ method: 'sync.changes', input: { since: null }, clientKey: east.clientKey });
    }
    expect((await east.fail('customers.get360', { customerId: ids[2]!, reason: 'phone_call' })).code).toBe('SESSION_LOCKED');
  });
});
