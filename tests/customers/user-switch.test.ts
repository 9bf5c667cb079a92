/**
 * A user switch at one station is a clean slate in main too (issue 11,
 * point 1): a sign-in of someone else on the same window, or a lock-out at
 * unlock, ends the previous session everywhere main keeps one: its caller
 * checks, its pull session (and so the cache's scope), its central session.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCKOUT } from '../../core/auth/schemas';
import { customersWithFacts, startCustomersWorld, type CustomersWorld, type Desk } from '../station/world';

describe('one window, one person at a time', () => {
  let world: CustomersWorld;
  let desk: Desk;
  let customerId: number;
  beforeAll(async () => {
    world = await startCustomersWorld();
    desk = await world.openDesk('Shared desk', 'carl');
    [customerId] = (await customersWithFacts(world.central, 1)) as [number];
  });
  afterAll(async () => world?.close());

  const openCentralSessions = (username: string) =>
    world.central('staff_sessions').join('staff', 'staff.id', 'staff_sessions.staff_id').where('staff.username', username).whereNull('staff_sessions.revoked_at').count({ n: '*' }).first();

  it('the rep verified a caller; the supervisor who signs in next on the same window has verified nobody and must check the caller again', async () => {
    await desk.signIn('carl');
    await desk.verify(customerId);
    expect(await desk.call('customers.callerStatus', { customerId })).toMatchObject({ verified: true });

    // No sign-out in between: the supervisor signs in over the rep's session (as from the lock screen).
    await desk.signIn('sue');
    expect(await desk.call('customers.callerStatus', { customerId })).toMatchObject({ verified: false, failedAttempts: 0 });
    expect((await desk.fail('customers.setPreference', { customerId, field: 'emailOffers', value: false })).code).toBe('FORBIDDEN');
    // The rep's central session ended with the station one.
    expect(await openCentralSessions('carl')).toMatchObject({ n: 0 });
  });

  it('a packer signing in over a rep’s session takes the station to the packer’s scope: no customer rows stay', async () => {
    await desk.signIn('carl');
    await desk.call('customers.get360', { customerId, reason: 'phone_call' });
    await desk.syncUntilQuiet();
    expect(await desk.knex('customers').where({ id: customerId }).first('id')).toBeDefined();
    await desk.signIn('wanda');
    await desk.syncUntilQuiet();
    expect(await desk.knex('customers').count({ n: '*' }).first()).toMatchObject({ n: 0 });
    expect(await desk.knex('addresses').count({ n: '*' }).first()).toMatchObject({ n: 0 });
  });

  it('too many wrong PINs at unlock end the session in main: its central session is revoked and its pull session forgotten', async () => {
    await desk.signIn('sue');
    await desk.call('auth.lock', {});
    for (let i = 0; i < LOCKOUT.maxFailures; i++) await desk.fail('auth.unlock', { secret: `90${i}0` });
    expect(await desk.call('auth.session', {})).toBeNull();
    expect(await openCentralSessions('sue')).toMatchObject({ n: 0 });
    // With nobody signed in, a sync pushes but pulls nothing (no session's token is left to pull with).
    expect((await desk.fail('sync.now', {})).code).toBe('NOT_SIGNED_IN');
  });
});
