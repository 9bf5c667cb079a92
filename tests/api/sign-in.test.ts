import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { ERROR_CODES } from '../../core/errors';
import { LOCKOUT } from '../../core/auth/schemas';
import { databaseTargets } from './harness';
import { countRows, startTestApi, type TestApi } from './world';

const MINUTE = 60_000;

describe.each(databaseTargets)('staff sign-in on $name', (target) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(target);
  });
  afterAll(async () => {
    await api?.close();
  });

  const credentialsOf = async (staffId: string) =>
    (await api.knex('staff_credentials').where({ staff_id: staffId }).first('failed_attempts', 'locked_until')) as {
      failed_attempts: number;
      locked_until: string | null;
    };
  const me = (headers: Record<string, string>) => api.app.inject({ method: 'GET', url: '/v1/auth/me', headers });

  it('a staff member signs in with the right secret and gets a session bound to the station', async () => {
    const { staff, username, secret } = await api.createStaffMember('cs_rep');
    const res = await api.signInRequest(username, secret);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body.staff).toEqual(staff);
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(body.expiresAt).toBe(new Date(api.clock.now().getTime() + 12 * 60 * MINUTE).toISOString());

    const session = await api.knex('staff_sessions').where({ staff_id: staff.id }).first();
    expect(session.token_hash).toBe(createHash('sha256').update(body.token).digest('hex'));
    expect(session.station_id).toBe(api.station.split('.')[0]);

    const audit = (await api.auditRows('auth.sign_in')).filter((a) => a.staff_id === staff.id);
    expect(audit).toHaveLength(1);
    expect(audit[0]!.station_id).toBe(session.station_id);
  });

  it('the username is matched regardless of case and surrounding spaces', async () => {
    const { username, secret } = await api.createStaffMember('warehouse');
    const res = await api.signInRequest(`  ${username.toUpperCase()} `, secret);
    expect(res.statusCode).toBe(200);
  });

  it('a wrong secret is refused with 401 and changes nothing but the failure count', async () => {
    const { staff, username, secret } = await api.createStaffMember('warehouse');
    const sessionsBefore = await countRows(api.knex, 'staff_sessions');
    const staffBefore = await api.knex('staff').where({ id: staff.id }).first();

    const res = await api.signInRequest(username, 'wrong-pin');
    expect(res.statusCode).toBe(401);
    expect(res.json()).toEqual({ ok: false, error: { code: 'BAD_CREDENTIALS', message: ERROR_CODES.BAD_CREDENTIALS } });

    expect(await countRows(api.knex, 'staff_sessions')).toBe(sessionsBefore);
    expect(await api.knex('staff').where({ id: staff.id }).first()).toEqual(staffBefore);
    expect(await credentialsOf(staff.id)).toEqual({ failed_attempts: 1, locked_until: null });
    const audit = (await api.auditRows('auth.sign_in_failed')).filter((a) => a.staff_id === staff.id);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail!)).toMatchObject({ reason: 'wrong_secret', failedAttempts: 1 });

    // The right secret still works and clears the count.
    expect((await api.signInRequest(username, secret)).statusCode).toBe(200);
    expect(await credentialsOf(staff.id)).toEqual({ failed_attempts: 0, locked_until: null });
  });

  it('an unknown username gets exactly the answer a wrong secret gets, and the attempt is audited', async () => {
    const { username } = await api.createStaffMember('warehouse');
    const unknown = await api.signInRequest('nobody-here', 'wrong-pin');
    const wrong = await api.signInRequest(username, 'wrong-pin');
    expect(unknown.statusCode).toBe(401);
    expect(unknown.body).toBe(wrong.body);
    const audit = (await api.auditRows('auth.sign_in_failed')).filter((a) => a.detail?.includes('nobody-here'));
    expect(audit).toHaveLength(1);
    expect(audit[0]!.staff_id).toBeNull();
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ username: 'nobody-here', reason: 'unknown_username' });
  });

  it('an inactive staff member cannot sign in even with the right secret', async () => {
    const { staff, username, secret } = await api.createStaffMember('cs_rep');
    await api.knex('staff').where({ id: staff.id }).update({ active: false });
    const res = await api.signInRequest(username, secret);
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('BAD_CREDENTIALS');
  });

  it(`an account locks after ${LOCKOUT.maxFailures} wrong secrets, refuses even the right one, and a supervisor can unlock it`, async () => {
    const { staff, username, secret } = await api.createStaffMember('warehouse');
    for (let i = 1; i <= LOCKOUT.maxFailures; i++) {
      const res = await api.signInRequest(username, `wrong-${i}`);
      expect(res.statusCode).toBe(401);
    }
    const locked = await credentialsOf(staff.id);
    expect(locked.failed_attempts).toBe(LOCKOUT.maxFailures);
    expect(locked.locked_until).toBe(new Date(api.clock.now().getTime() + LOCKOUT.lockMinutes * MINUTE).toISOString());
    const lockAudit = (await api.auditRows('auth.locked_out')).filter((a) => a.staff_id === staff.id);
    expect(lockAudit).toHaveLength(1);

    const withRightSecret = await api.signInRequest(username, secret);
    expect(withRightSecret.statusCode).toBe(423);
    expect(withRightSecret.json().error.code).toBe('ACCOUNT_LOCKED');
    // Attempts while locked do not extend the lock.
    expect(await credentialsOf(staff.id)).toEqual(locked);

    const supervisor = await api.signInAs('supervisor');
    const unlock = await api.app.inject({ method: 'POST', url: `/v1/staff/${username}/unlock`, headers: supervisor.headers });
    expect(unlock.statusCode).toBe(200);
    expect(unlock.json()).toMatchObject({ id: staff.id, username, failedAttempts: 0, lockedUntil: null, active: true });
    const unlockAudit = (await api.auditRows('staff.unlocked')).filter((a) => a.staff_id === supervisor.staff.id);
    expect(unlockAudit).toHaveLength(1);
    expect(JSON.parse(unlockAudit[0]!.detail!)).toMatchObject({ staffId: staff.id, failedAttempts: LOCKOUT.maxFailures, lockedUntil: locked.locked_until });

    expect((await api.signInRequest(username, secret)).statusCode).toBe(200);
  });

  it(`a lock runs out after ${LOCKOUT.lockMinutes} minutes and the count starts afresh`, async () => {
    const { staff, username, secret } = await api.createStaffMember('cs_rep');
    for (let i = 0; i < LOCKOUT.maxFailures; i++) await api.signInRequest(username, 'wrong-pin');
    expect((await api.signInRequest(username, secret)).statusCode).toBe(423);

    api.clock.advance(LOCKOUT.lockMinutes * MINUTE);
    const afterOneMistake = await api.signInRequest(username, 'wrong-pin');
    expect(afterOneMistake.statusCode).toBe(401);
    expect(await credentialsOf(staff.id)).toEqual({ failed_attempts: 1, locked_until: null });
    expect((await api.signInRequest(username, secret)).statusCode).toBe(200);
  });

  it('wrong secrets sent at the same moment from two stations are all counted', async () => {
    const { staff, username, secret } = await api.createStaffMember('warehouse');
    const otherStation = await api.registerStation('Pack 3');
    const attempts = Array.from({ length: LOCKOUT.maxFailures }, (_, i) => api.signInRequest(username, `wrong-${i}`, i % 2 ? otherStation : api.station));
    const answers = await Promise.all(attempts);
    expect(answers.map((r) => r.statusCode)).toEqual(Array(LOCKOUT.maxFailures).fill(401));
    expect((await credentialsOf(staff.id)).failed_attempts).toBe(LOCKOUT.maxFailures);
    expect((await api.signInRequest(username, secret)).statusCode).toBe(423);
  });

  it('sign-in answers 429 once a username has been tried 10 times in a minute at one station', async () => {
    const { username, secret } = await api.createStaffMember('cs_rep');
    const other = await api.createStaffMember('cs_rep');
    for (let i = 0; i < 10; i++) {
      const res = await api.signInRequest('guessed-name', 'wrong-pin');
      expect(res.statusCode).toBe(401);
    }
    const limited = await api.signInRequest('guessed-name', 'wrong-pin');
    expect(limited.statusCode).toBe(429);
    expect(limited.json().error.code).toBe('RATE_LIMITED');
    expect(limited.json().error.message).toMatch(/Try again in/);
    expect(limited.headers['retry-after']).toBeDefined();

    // Other usernames at this station, and the same username at another station, are unaffected.
    expect((await api.signInRequest(username, secret)).statusCode).toBe(200);
    const otherStation = await api.registerStation('Pack 2');
    expect((await api.signInRequest('guessed-name', 'wrong-pin', otherStation)).statusCode).toBe(401);
    expect((await api.signInRequest(other.username, other.secret)).statusCode).toBe(200);
  });

  it('bad sign-in input answers 400 with a message per field', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/v1/auth/sign-in',
      headers: api.stationHeaders(),
      payload: { username: 'a', secret: '12' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({
      ok: false,
      error: {
        code: 'INVALID_INPUT',
        message: ERROR_CODES.INVALID_INPUT,
        fields: [
          { field: 'username', message: 'Username must be at least 2 characters.' },
          { field: 'secret', message: 'PIN or password must be at least 4 characters.' },
        ],
      },
    });
    const empty = await api.app.inject({ method: 'POST', url: '/v1/auth/sign-in', headers: api.stationHeaders() });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().error.fields.map((f: { field: string }) => f.field)).toEqual(['username', 'secret']);
  });

  it('the session shows who is signed in until sign-out, then no longer works', async () => {
    const member = await api.signInAs('warehouse');
    const before = await me(member.headers);
    expect(before.statusCode).toBe(200);
    expect(before.json()).toEqual(member.staff);

    const out = await api.app.inject({ method: 'POST', url: '/v1/auth/sign-out', headers: { ...member.headers, 'content-type': 'application/json' } });
    expect(out.statusCode).toBe(200);
    expect(out.json()).toEqual({ signedOut: true });
    expect((await api.auditRows('auth.sign_out')).filter((a) => a.staff_id === member.staff.id)).toHaveLength(1);

    const after = await me(member.headers);
    expect(after.statusCode).toBe(401);
    expect(after.json().error.code).toBe('NOT_SIGNED_IN');
  });

  it('a session cannot be used from another station', async () => {
    const member = await api.signInAs('cs_rep');
    const otherStation = await api.registerStation('Desk 2');
    const res = await me({ ...api.stationHeaders(otherStation), 'x-staff-session': member.token });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('NOT_SIGNED_IN');
  });

  it('a session ends after the configured 12 hours', async () => {
    const member = await api.signInAs('cs_rep');
    api.clock.advance(12 * 60 * MINUTE - 1);
    expect((await me(member.headers)).statusCode).toBe(200);
    api.clock.advance(1);
    expect((await me(member.headers)).statusCode).toBe(401);
  });

  it('a missing or made-up session token is refused', async () => {
    for (const token of [undefined, 'short', 'A'.repeat(43)]) {
      const headers: Record<string, string> = { ...api.stationHeaders(), ...(token ? { 'x-staff-session': token } : {}) };
      const res = await me(headers);
      expect(res.statusCode, String(token)).toBe(401);
      expect(res.json().error.code).toBe('NOT_SIGNED_IN');
    }
  });
});
