/**
 * A deactivation or a lock-out at the central office ends the person's open
 * sessions at every station, at the latest at the station's next exchange
 * with the central office; a station that goes offline afterwards keeps the
 * person out (issue 11, point 4).
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCKOUT } from '../../core/auth/schemas';
import { createStationWorld, PINS, type OneStationWorld } from '../station/world';

let world: OneStationWorld;
beforeEach(async () => {
  world = await createStationWorld();
});
afterEach(async () => world?.close());

const exchange = () => world.station.services.staffWatch.check();

describe('the central office ends sessions at the station', () => {
  it('a rep deactivated by an admin is signed out at the next exchange, can read nothing more, and is refused offline', async () => {
    await world.signIn('cs_rep', 'rep');
    await world.signIn('admin', 'admin');
    await world.call('lookup.search', { query: 'smith' }, 'rep');
    await world.call('staff.setActive', { username: 'carl', active: false }, 'admin');

    await exchange();
    expect(await world.call('auth.session', {}, 'rep')).toBeNull();
    expect((await world.fail('lookup.search', { query: 'smith' }, 'rep')).code).toBe('NOT_SIGNED_IN');
    // The admin's own session is untouched.
    expect(await world.call('auth.session', {}, 'admin')).toMatchObject({ staff: { username: 'adam' } });

    // The station goes offline: what it learned keeps the rep out of offline sign-in.
    await world.stopCentral();
    expect((await world.fail('auth.signIn', { username: 'carl', secret: PINS.cs_rep }, 'rep')).code).toBe('BAD_CREDENTIALS');
  });

  it('the connectivity check is such an exchange: the rep’s session ends without anyone calling anything', async () => {
    await world.signIn('cs_rep', 'rep');
    await world.api.db.knex('staff').where({ username: 'carl' }).update({ active: false });
    const deadline = Date.now() + 12_000;
    while ((await world.call('auth.session', {}, 'rep')) !== null) {
      if (Date.now() > deadline) throw new Error('the session was still open 12 s after the deactivation');
      await new Promise((r) => setTimeout(r, 250));
    }
  });

  it('a session signed in offline ends too once the station hears of the deactivation', async () => {
    await world.signIn('cs_rep', 'rep');
    await world.call('auth.signOut', {}, 'rep');
    await world.stopCentral();
    await world.station.services.station.status();
    expect(await world.call('auth.signIn', { username: 'carl', secret: PINS.cs_rep }, 'rep')).toMatchObject({ online: false });
    await world.startCentral();
    await world.api.db.knex('staff').where({ username: 'carl' }).update({ active: false });
    await exchange();
    expect(await world.call('auth.session', {}, 'rep')).toBeNull();
  });

  it('a lock-out at the central office (wrong PINs at another station) ends the open session here and keeps the person out offline until it runs out', async () => {
    await world.signIn('cs_rep', 'rep');
    // Someone guesses carl's PIN elsewhere: the central office locks the account.
    for (let i = 0; i < LOCKOUT.maxFailures; i++) await world.fail('auth.signIn', { username: 'carl', secret: `90${i}9` }, `elsewhere-${i}`);
    // The lock revoked carl's central sessions; the station hears at its next exchange.
    await exchange();
    expect(await world.call('auth.session', {}, 'rep')).toBeNull();

    await world.stopCentral();
    expect((await world.fail('auth.signIn', { username: 'carl', secret: PINS.cs_rep }, 'rep')).code).toBe('ACCOUNT_LOCKED');
    world.station.clock.advance(LOCKOUT.lockMinutes * 60_000);
    expect(await world.call('auth.signIn', { username: 'carl', secret: PINS.cs_rep }, 'rep')).toMatchObject({ online: false });
  });

  it('a central answer that the session has ended ends the station session with it', async () => {
    await world.signIn('supervisor', 'sup');
    await world.api.db.knex('staff_sessions').update({ revoked_at: new Date().toISOString() });
    expect((await world.fail('staff.list', {}, 'sup')).code).toBe('NOT_SIGNED_IN');
    expect(await world.call('auth.session', {}, 'sup')).toBeNull();
  });

  it('a reactivated person may sign in offline again once the station has heard', async () => {
    await world.signIn('cs_rep', 'rep');
    await world.signIn('admin', 'admin');
    await world.call('staff.setActive', { username: 'carl', active: false }, 'admin');
    await exchange();
    await world.call('staff.setActive', { username: 'carl', active: true }, 'admin');
    await exchange();
    await world.stopCentral();
    expect(await world.call('auth.signIn', { username: 'carl', secret: PINS.cs_rep }, 'rep')).toMatchObject({ online: false });
  });
});
