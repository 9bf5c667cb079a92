import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { StaffAccountSchema } from '../../core/auth/schemas';
import { ERROR_CODES } from '../../core/errors';
import type { Role } from '../../core/roles';
import { databaseTargets } from './harness';
import { startTestApi, type TestApi } from './world';

const LIST_CASES: Array<{ behaviour: string; role: Role; status: number }> = [
  { behaviour: 'a warehouse user cannot list staff', role: 'warehouse', status: 403 },
  { behaviour: 'a customer-service rep cannot list staff', role: 'cs_rep', status: 403 },
  { behaviour: 'a supervisor can list staff', role: 'supervisor', status: 200 },
  { behaviour: 'an administrator can list staff', role: 'admin', status: 200 },
];

const SET_ACTIVE_CASES: Array<{ behaviour: string; role: Role; status: number }> = [
  { behaviour: 'a warehouse user cannot disable an account', role: 'warehouse', status: 403 },
  { behaviour: 'a customer-service rep cannot disable an account', role: 'cs_rep', status: 403 },
  { behaviour: 'a supervisor cannot disable an account', role: 'supervisor', status: 403 },
  { behaviour: 'an administrator can disable an account', role: 'admin', status: 200 },
];

describe.each(databaseTargets)('staff management on $name', (target) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(target);
  });
  afterAll(async () => {
    await api?.close();
  });

  const listStaff = (headers: Record<string, string>) => api.app.inject({ method: 'GET', url: '/v1/staff', headers });
  const setActive = (headers: Record<string, string>, username: string, payload: unknown) =>
    api.app.inject({ method: 'POST', url: `/v1/staff/${username}/active`, headers, payload: payload as object });

  for (const { behaviour, role, status } of LIST_CASES) {
    it(behaviour, async () => {
      const member = await api.signInAs(role);
      const res = await listStaff(member.headers);
      expect(res.statusCode).toBe(status);
      if (status === 403) expect(res.json()).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: ERROR_CODES.FORBIDDEN } });
      else expect(res.json<Array<{ id: string }>>().map((a) => a.id)).toContain(member.staff.id);
    });
  }

  for (const { behaviour, role, status } of SET_ACTIVE_CASES) {
    it(behaviour, async () => {
      const member = await api.signInAs(role);
      const subject = await api.createStaffMember('warehouse');
      const res = await setActive(member.headers, subject.username, { active: false });
      expect(res.statusCode).toBe(status);
      const row = await api.knex('staff').where({ id: subject.staff.id }).first('active');
      // Refused means refused: the account is still active.
      expect(Boolean(row.active)).toBe(status !== 200);
    });
  }

  it('the staff list shows every account with its lock-out state, ordered by username', async () => {
    const supervisor = await api.signInAs('supervisor');
    const res = await listStaff(supervisor.headers);
    const accounts = res.json<unknown[]>().map((a) => StaffAccountSchema.parse(a));
    const usernames = accounts.map((a) => a.username);
    expect(usernames).toEqual([...usernames].sort());
    expect(accounts.find((a) => a.id === supervisor.staff.id)).toEqual({
      ...supervisor.staff,
      active: true,
      failedAttempts: 0,
      lockedUntil: null,
    });
    // Nothing secret leaves the API.
    expect(res.body).not.toMatch(/argon2|secret_hash|\$argon/);
  });

  it('deactivating a staff member ends their session at once and is audited with the change', async () => {
    const admin = await api.signInAs('admin');
    const member = await api.signInAs('cs_rep');
    expect((await api.app.inject({ method: 'GET', url: '/v1/auth/me', headers: member.headers })).statusCode).toBe(200);

    const res = await setActive(admin.headers, member.username, { active: false });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ username: member.username, active: false });

    const me = await api.app.inject({ method: 'GET', url: '/v1/auth/me', headers: member.headers });
    expect(me.statusCode).toBe(401);
    expect(me.json().error.code).toBe('NOT_SIGNED_IN');
    const sessions = await api.knex('staff_sessions').where({ staff_id: member.staff.id });
    expect(sessions.every((s) => s.revoked_at === api.clock.now().toISOString())).toBe(true);

    const audit = (await api.auditRows('staff.active_changed')).filter((a) => a.staff_id === admin.staff.id);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ staffId: member.staff.id, username: member.username, active: false, revokedSessions: 1 });

    expect((await api.signInRequest(member.username, member.secret)).statusCode).toBe(401);
    expect((await setActive(admin.headers, member.username, { active: true })).json()).toMatchObject({ active: true });
    expect((await api.signInRequest(member.username, member.secret)).statusCode).toBe(200);
  });

  it('an administrator cannot deactivate their own account', async () => {
    const admin = await api.signInAs('admin');
    const res = await setActive(admin.headers, admin.username, { active: false });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('CONFLICT');
    expect((await api.app.inject({ method: 'GET', url: '/v1/auth/me', headers: admin.headers })).statusCode).toBe(200);
  });

  it('unlocking or changing someone who does not exist answers 404', async () => {
    const admin = await api.signInAs('admin');
    const unlock = await api.app.inject({ method: 'POST', url: '/v1/staff/nobody-here/unlock', headers: admin.headers });
    expect(unlock.statusCode).toBe(404);
    expect(unlock.json().error.code).toBe('NOT_FOUND');
    expect((await setActive(admin.headers, 'nobody-here', { active: true })).statusCode).toBe(404);
  });

  it('bad input to staff changes answers 400 with field messages', async () => {
    const admin = await api.signInAs('admin');
    const subject = await api.createStaffMember('warehouse');
    const badBody = await setActive(admin.headers, subject.username, { active: 'yes' });
    expect(badBody.statusCode).toBe(400);
    expect(badBody.json().error).toMatchObject({ code: 'INVALID_INPUT', fields: [{ field: 'active', message: 'active must be true or false.' }] });

    const badName = await setActive(admin.headers, 'no%20spaces', { active: true });
    expect(badName.statusCode).toBe(400);
    expect(badName.json().error.fields[0].field).toBe('username');
  });
});
