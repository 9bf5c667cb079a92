/**
 * The wrong-PIN limit holds under concurrency at the central office (issue
 * 11, point 3): forty guesses sent at once are not all checked while each
 * waits to record its failure. The attempt is counted before argon2's
 * verdict, so at most LOCKOUT.maxFailures wrong PINs are ever checked before
 * the lock-out takes effect. argon2 is wrapped to count the checks it makes.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { LOCKOUT } from '../../core/auth/schemas';
import { databaseTargets } from './harness';
import { startTestApi, type TestApi } from './world';

const checks = vi.hoisted(() => ({ secrets: [] as string[] }));

vi.mock('../../api/security/secrets', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../api/security/secrets')>();
  return {
    ...original,
    verifySecret: async (storedHash: string, secret: string) => {
      checks.secrets.push(secret);
      return original.verifySecret(storedHash, secret);
    },
  };
});

const MINUTE = 60_000;

describe.each(databaseTargets)('wrong PINs sent at once on $name', (target) => {
  let api: TestApi;
  beforeAll(async () => {
    // The per-station rate limit is a second line; this test is about the lock-out alone.
    api = await startTestApi(target, { config: { signInRateLimit: { max: 1000, timeWindowMs: 60_000 } } });
  });
  afterAll(async () => api?.close());

  it(`40 wrong PINs in parallel from four stations: at most ${LOCKOUT.maxFailures} are checked, the account locks, and the right PIN is refused until the lock-out ends`, async () => {
    const { staff, username, secret } = await api.createStaffMember('cs_rep');
    const stations = [api.station, await api.registerStation('Desk 2'), await api.registerStation('Desk 3'), await api.registerStation('Desk 4')];
    const before = await api.signInAs('cs_rep');
    // Another session of the same person, open elsewhere: a lock-out ends it too (point 4).
    const open = await api.signInRequest(username, secret, stations[1]);
    expect(open.statusCode).toBe(200);
    checks.secrets.length = 0;

    const wrong = Array.from({ length: 40 }, (_, i) => `9${String(i).padStart(3, '0')}`);
    const answers = await Promise.all(wrong.map((pin, i) => api.signInRequest(username, pin, stations[i % stations.length])));

    const checkedWrong = checks.secrets.filter((s) => wrong.includes(s));
    expect(checkedWrong.length).toBeGreaterThan(0);
    expect(checkedWrong.length).toBeLessThanOrEqual(LOCKOUT.maxFailures);
    expect(answers.filter((r) => r.statusCode === 401).length).toBe(checkedWrong.length);
    expect(answers.filter((r) => r.statusCode === 423).length).toBe(40 - checkedWrong.length);
    for (const r of answers.filter((a) => a.statusCode === 423)) expect(r.json().error.code).toBe('ACCOUNT_LOCKED');

    const credentials = await api.knex('staff_credentials').where({ staff_id: staff.id }).first('failed_attempts', 'locked_until');
    expect(credentials.locked_until > api.clock.now().toISOString()).toBe(true);
    expect(Number(credentials.failed_attempts)).toBe(LOCKOUT.maxFailures);
    expect((await api.auditRows('auth.locked_out')).filter((a) => a.staff_id === staff.id)).toHaveLength(1);

    // The right PIN is refused while the lock runs, without being checked at all.
    checks.secrets.length = 0;
    const right = await api.signInRequest(username, secret);
    expect(right.statusCode).toBe(423);
    expect(right.json().error.code).toBe('ACCOUNT_LOCKED');
    expect(checks.secrets).toEqual([]);
    // The lock-out ended the session that was open at another station; others' sessions are untouched.
    const me = (headers: Record<string, string>) => api.app.inject({ method: 'GET', url: '/v1/auth/me', headers });
    expect((await me({ ...api.stationHeaders(stations[1]), 'x-staff-session': open.json().token })).statusCode).toBe(401);
    expect((await me(before.headers)).statusCode).toBe(200);

    api.clock.advance(LOCKOUT.lockMinutes * MINUTE);
    const after = await api.signInRequest(username, secret);
    expect(after.statusCode).toBe(200);
    expect(await api.knex('staff_credentials').where({ staff_id: staff.id }).first('failed_attempts', 'locked_until')).toEqual({ failed_attempts: 0, locked_until: null });
  });

  it('the right PIN sent in the same burst as the wrong ones gets no place once the limit is taken: no more than the limit of wrong PINs is checked', async () => {
    const { username, secret } = await api.createStaffMember('warehouse');
    checks.secrets.length = 0;
    const wrong = Array.from({ length: 40 }, (_, i) => `8${String(i).padStart(3, '0')}`);
    const burst = [...wrong.map((pin) => api.signInRequest(username, pin)), api.signInRequest(username, secret)];
    await Promise.all(burst);
    expect(checks.secrets.filter((s) => wrong.includes(s)).length).toBeLessThanOrEqual(LOCKOUT.maxFailures);
    expect(checks.secrets.length).toBeLessThanOrEqual(LOCKOUT.maxFailures);
  });
});
