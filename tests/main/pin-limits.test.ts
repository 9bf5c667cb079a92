/**
 * The station's own wrong-PIN limits hold under concurrency (issue 11,
 * point 3): offline sign-in and unlock take a place under the limit before
 * argon2 answers, so forty PINs sent at once are not all checked. argon2 is
 * wrapped to count the checks made (central and station alike; each test
 * tells them apart by the PINs it sent).
 */
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { LOCKOUT } from '../../core/auth/schemas';
import { createStationWorld, PINS, type OneStationWorld } from '../station/world';

const checks = vi.hoisted(() => ({ secrets: [] as string[] }));

vi.mock('@node-rs/argon2', async (importOriginal) => {
  const original = await importOriginal<typeof import('@node-rs/argon2')>();
  return {
    ...original,
    verify: (hashed: string | Uint8Array, secret: string | Uint8Array, ...rest: unknown[]) => {
      checks.secrets.push(String(secret));
      return (original.verify as (...a: unknown[]) => Promise<boolean>)(hashed, secret, ...rest);
    },
  };
});

const MINUTE = 60_000;
const wrongPins = (prefix: string) => Array.from({ length: 40 }, (_, i) => `${prefix}${String(i).padStart(3, '0')}`);

let world: OneStationWorld;
beforeEach(async () => {
  world = await createStationWorld();
});
afterEach(async () => world?.close());

describe('wrong PINs sent at once to the station', () => {
  it(`offline sign-in: 40 wrong PINs in parallel, at most ${LOCKOUT.maxFailures} checked, locked out, the right PIN refused until the lock-out ends`, async () => {
    await world.signIn('admin', 'desk');
    await world.call('auth.signOut', {}, 'desk');
    await world.stopCentral();
    checks.secrets.length = 0;

    const wrong = wrongPins('7');
    const answers = await Promise.all(wrong.map((pin, i) => world.station.dispatch({ method: 'auth.signIn', input: { username: 'adam', secret: pin }, clientKey: `guess-${i}` })));
    const checked = checks.secrets.filter((s) => wrong.includes(s));
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.length).toBeLessThanOrEqual(LOCKOUT.maxFailures);
    const codes = answers.map((a) => (a.ok ? 'ok' : a.error.code));
    // A checked wrong PIN answers "wrong", or "locked" when the lock came while it was checked; the rest were never checked.
    expect(codes.filter((c) => c !== 'BAD_CREDENTIALS' && c !== 'ACCOUNT_LOCKED')).toEqual([]);
    expect(codes.filter((c) => c === 'ACCOUNT_LOCKED').length).toBeGreaterThanOrEqual(40 - checked.length);
    const row = await world.station.db.knex('staff_offline').where({ username: 'adam' }).first('failed_attempts', 'locked_until');
    expect(new Date(row.locked_until).getTime()).toBeGreaterThan(world.station.clock.now().getTime());

    checks.secrets.length = 0;
    expect((await world.fail('auth.signIn', { username: 'adam', secret: PINS.admin }, 'desk')).code).toBe('ACCOUNT_LOCKED');
    expect(checks.secrets).toEqual([]);
    // The lock-out is one audit fact, queued for the central office.
    expect(await world.station.db.knex('audit_log').where({ action: 'auth.locked_out' }).count({ n: '*' }).first()).toMatchObject({ n: 1 });

    world.station.clock.advance(LOCKOUT.lockMinutes * MINUTE);
    expect(await world.call('auth.signIn', { username: 'adam', secret: PINS.admin }, 'desk')).toMatchObject({ online: false, staff: { username: 'adam' } });
    expect(await world.station.db.knex('staff_offline').where({ username: 'adam' }).first('failed_attempts', 'locked_until')).toEqual({ failed_attempts: 0, locked_until: null });
  });

  it(`unlock of a locked admin session: 40 wrong PINs in parallel, at most ${LOCKOUT.maxFailures} checked, signed out, and the right PIN no longer opens anything`, async () => {
    await world.signIn('admin', 'kiosk');
    await world.call('auth.lock', {}, 'kiosk');
    checks.secrets.length = 0;

    const wrong = wrongPins('6');
    const answers = await Promise.all(wrong.map((pin) => world.station.dispatch({ method: 'auth.unlock', input: { secret: pin }, clientKey: 'kiosk' })));
    const checked = checks.secrets.filter((s) => wrong.includes(s));
    expect(checked.length).toBeGreaterThan(0);
    expect(checked.length).toBeLessThanOrEqual(LOCKOUT.maxFailures);
    expect(answers.every((a) => !a.ok)).toBe(true);
    // Signed out: nothing of the admin's session is left to unlock.
    expect(await world.call('auth.session', {}, 'kiosk')).toBeNull();
    checks.secrets.length = 0;
    expect((await world.fail('auth.unlock', { secret: PINS.admin }, 'kiosk')).code).toBe('NOT_SIGNED_IN');
    // Locked out at this station: signing in again here is refused too, online or not, without a check.
    expect((await world.fail('auth.signIn', { username: 'adam', secret: PINS.admin }, 'kiosk')).code).toBe('ACCOUNT_LOCKED');
    expect(checks.secrets).toEqual([]);
    const row = await world.station.db.knex('staff_offline').where({ username: 'adam' }).first('failed_attempts');
    expect(Number(row.failed_attempts)).toBe(LOCKOUT.maxFailures);

    world.station.clock.advance(LOCKOUT.lockMinutes * MINUTE);
    await world.signIn('admin', 'kiosk');
  });

  it('a supervisor clearing the lock-out at this station clears the station’s own lock as well', async () => {
    await world.signIn('cs_rep', 'desk');
    await world.call('auth.lock', {}, 'desk');
    for (let i = 0; i < LOCKOUT.maxFailures; i++) await world.fail('auth.unlock', { secret: '0000' }, 'desk');
    expect((await world.fail('auth.signIn', { username: 'carl', secret: PINS.cs_rep }, 'desk')).code).toBe('ACCOUNT_LOCKED');
    await world.signIn('supervisor', 'sup');
    await world.call('staff.unlockAccount', { username: 'carl' }, 'sup');
    await world.signIn('cs_rep', 'desk');
  });
});
