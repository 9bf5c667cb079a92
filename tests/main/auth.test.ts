import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LOCKOUT } from '../../core/auth/schemas';
import { createStationWorld, PINS, USERS, type OneStationWorld } from '../station/world';

let world: OneStationWorld;
beforeEach(async () => {
  world = await createStationWorld();
});
afterEach(async () => world?.close());

describe('staff sign-in at a station', () => {
  it('signs each role in and shows who is signed in', async () => {
    for (const role of ['warehouse', 'cs_rep', 'supervisor', 'admin'] as const) {
      const session = await world.call('auth.signIn', { username: USERS[role], secret: PINS[role] }, role);
      expect(session.staff).toMatchObject({ username: USERS[role], role });
      expect(session.online).toBe(true);
      expect(await world.call('auth.session', {}, role)).toMatchObject({ staff: { role }, locked: false });
    }
  });

  it('a wrong PIN gets a clear error and no session', async () => {
    const err = await world.fail('auth.signIn', { username: 'carl', secret: '9999' });
    expect(err).toMatchObject({ code: 'BAD_CREDENTIALS', message: 'Wrong username or PIN.' });
    expect(await world.call('auth.session', {})).toBeNull();
  });

  it(`locks the account after ${LOCKOUT.maxFailures} wrong PINs, even for the right PIN afterwards`, async () => {
    for (let i = 0; i < LOCKOUT.maxFailures; i++) await world.fail('auth.signIn', { username: 'carl', secret: '0000' });
    const err = await world.fail('auth.signIn', { username: 'carl', secret: PINS.cs_rep });
    expect(err.code).toBe('ACCOUNT_LOCKED');
    // A supervisor clears it, and the rep is back in.
    await world.signIn('supervisor', 'sup');
    const account = await world.call('staff.unlockAccount', { username: 'carl' }, 'sup');
    expect(account.lockedUntil).toBeNull();
    await world.signIn('cs_rep');
  });

  it('signing out ends the session', async () => {
    await world.signIn('cs_rep');
    await world.call('auth.signOut', {});
    expect(await world.call('auth.session', {})).toBeNull();
    expect((await world.fail('auth.keepAlive', {})).code).toBe('NOT_SIGNED_IN');
    // The central session is revoked too, not left to expire.
    const open = await world.api.db.knex('staff_sessions').whereNull('revoked_at');
    expect(open).toHaveLength(0);
  });

  it('sessions belong to their caller: another window is not signed in', async () => {
    await world.signIn('admin', 'window-a');
    expect(await world.call('auth.session', {}, 'window-b')).toBeNull();
    expect((await world.fail('staff.list', {}, 'window-b')).code).toBe('NOT_SIGNED_IN');
  });
});

describe('idle lock', () => {
  it('locks after the idle time, and status polling does not keep it awake', async () => {
    await world.signIn('warehouse');
    const idle = world.station.settings.get().idleLockSeconds * 1000;
    world.station.clock.advance(idle - 1000);
    await world.call('station.status', {});
    await world.call('auth.session', {});
    world.station.clock.advance(2000);
    expect(await world.call('auth.session', {})).toMatchObject({ locked: true });
    expect((await world.fail('auth.keepAlive', {})).code).toBe('SESSION_LOCKED');
  });

  it('locks on the setting after the last reported activity, and says how long is left', async () => {
    await world.signIn('cs_rep');
    const idle = world.station.settings.get().idleLockSeconds * 1000;
    world.station.clock.advance(7_000);
    const report = await world.call('auth.keepAlive', {});
    // The station clock also runs in real time between calls: a few ms of slack, no more.
    expect(report.idleLockInMs).toBeGreaterThan(idle - 200);
    expect(report.idleLockInMs).toBeLessThanOrEqual(idle);
    world.station.clock.advance(idle - 300);
    const before = await world.call('auth.session', {});
    expect(before).toMatchObject({ locked: false });
    expect(before?.idleLockInMs).toBeGreaterThan(0);
    expect(before?.idleLockInMs).toBeLessThanOrEqual(300);
    world.station.clock.advance(300);
    expect(await world.call('auth.session', {})).toMatchObject({ locked: true, idleLockInMs: null });
  });

  it('dates a keystroke reported a moment late at the keystroke, and never later activity back', async () => {
    await world.signIn('cs_rep');
    const idle = world.station.settings.get().idleLockSeconds * 1000;
    world.station.clock.advance(5_000);
    const report = await world.call('auth.keepAlive', { sinceInputMs: 800 });
    expect(report.idleLockInMs).toBeLessThanOrEqual(idle - 800);
    expect(report.idleLockInMs).toBeGreaterThan(idle - 1000);
    // The renderer cannot push the lock further off than "now".
    expect((await world.fail('auth.keepAlive', { sinceInputMs: -5_000 })).code).toBe('INVALID_INPUT');
    // An older keystroke reported after newer activity leaves the newer one standing.
    expect((await world.call('auth.keepAlive', { sinceInputMs: 1_000 })).idleLockInMs).toBeGreaterThan(idle - 1000);
    world.station.clock.advance(idle - 700);
    expect(await world.call('auth.session', {})).toMatchObject({ locked: true });
  });

  it('keeps a working station unlocked', async () => {
    await world.signIn('warehouse');
    const idle = world.station.settings.get().idleLockSeconds * 1000;
    for (let i = 0; i < 3; i++) {
      world.station.clock.advance(idle - 1000);
      await world.call('auth.keepAlive', {});
    }
    expect(await world.call('auth.session', {})).toMatchObject({ locked: false });
  });

  it('unlocks with the same PIN; a wrong PIN keeps it locked; too many sign the user out', async () => {
    await world.signIn('cs_rep');
    await world.call('auth.lock', {});
    expect((await world.fail('auth.unlock', { secret: '0000' })).code).toBe('BAD_CREDENTIALS');
    expect(await world.call('auth.session', {})).toMatchObject({ locked: true });
    const session = await world.call('auth.unlock', { secret: PINS.cs_rep });
    expect(session.locked).toBe(false);

    await world.call('auth.lock', {});
    for (let i = 0; i < LOCKOUT.maxFailures - 1; i++) await world.fail('auth.unlock', { secret: '0000' });
    expect((await world.fail('auth.unlock', { secret: '0000' })).code).toBe('ACCOUNT_LOCKED');
    expect(await world.call('auth.session', {})).toBeNull();
  });
});

describe('offline sign-in', () => {
  async function cutCentral() {
    await world.api.close();
    await world.station.services.station.status();
  }

  it('lets staff who signed in here before sign in while the central API is down', async () => {
    await world.signIn('warehouse');
    await world.call('auth.signOut', {});
    await cutCentral();
    const session = await world.call('auth.signIn', { username: 'wanda', secret: PINS.warehouse });
    expect(session).toMatchObject({ online: false, staff: { username: 'wanda', role: 'warehouse' } });
    const audit = await world.station.db.knex('audit_log').where({ action: 'auth.sign_in_offline' });
    expect(audit).toHaveLength(1);
    // Queued for the central office, not left on the station alone.
    const queued = await world.station.db.knex('outbox').where({ name: 'audit.record', status: 'pending' }).pluck('mutation_id');
    expect(queued).toContain(audit[0].id);
  });

  it('says plainly that a never-seen user cannot sign in offline', async () => {
    await cutCentral();
    const err = await world.fail('auth.signIn', { username: 'sue', secret: PINS.supervisor });
    expect(err.code).toBe('OFFLINE');
    expect(err.message).toMatch(/has not signed in at this station before/);
  });

  it('counts wrong PINs offline and locks the account locally', async () => {
    await world.signIn('cs_rep');
    await world.call('auth.signOut', {});
    await cutCentral();
    for (let i = 0; i < LOCKOUT.maxFailures - 1; i++) expect((await world.fail('auth.signIn', { username: 'carl', secret: '0000' })).code).toBe('BAD_CREDENTIALS');
    expect((await world.fail('auth.signIn', { username: 'carl', secret: '0000' })).code).toBe('ACCOUNT_LOCKED');
    expect((await world.fail('auth.signIn', { username: 'carl', secret: PINS.cs_rep })).code).toBe('ACCOUNT_LOCKED');
  });

  it('an offline session cannot do central-only work and says why', async () => {
    await world.signIn('admin');
    await world.call('auth.signOut', {});
    await cutCentral();
    await world.signIn('admin');
    const err = await world.fail('staff.list', {});
    expect(err.code).toBe('OFFLINE');
  });
});
