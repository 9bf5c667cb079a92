import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { createHash } from 'node:crypto';
import { databaseTargets } from './harness';
import { countRows, startTestApi, TEST_ENROLLMENT_KEY, type TestApi } from './world';

describe.each(databaseTargets)('health and stations on $name', (target) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(target);
  });
  afterAll(async () => {
    await api?.close();
  });

  const register = (headers: Record<string, string>, payload: unknown) =>
    api.app.inject({ method: 'POST', url: '/v1/stations/register', headers, payload: payload as object });

  it('health answers ok with the database kind and the time, without any credential', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    const { live, ...rest } = res.json<{ live: string }>();
    // mail: no SMTP relay is configured here, so order-problem emails stay queued (tests/mail/problem-mail.test.ts has one).
    expect(rest).toEqual({ status: 'ok', database: target.name, time: api.clock.now().toISOString(), mail: 'not configured' });
    // How the instance hears of commits for the live channel: PostgreSQL's LISTEN (once its start-up probe came back); SQLite looks by itself.
    if (target.name === 'sqlite') expect(live).toBe('poll');
    else await expect.poll(async () => (await api.app.inject({ method: 'GET', url: '/health' })).json<{ live: string }>().live, { timeout: 5_000 }).toBe('listen');
  });

  it('a station cannot register without the enrollment key', async () => {
    const missing = await register({}, { name: 'Pack 9', distributionCenter: 'SJC' });
    const wrong = await register({ 'x-enrollment-key': 'not-the-key-at-all' }, { name: 'Pack 9', distributionCenter: 'SJC' });
    for (const res of [missing, wrong]) {
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('BAD_STATION_CREDENTIAL');
    }
  });

  it('a station cannot register for a distribution center that does not exist', async () => {
    const before = await countRows(api.knex, 'stations');
    const res = await register({ 'x-enrollment-key': TEST_ENROLLMENT_KEY }, { name: 'Pack 9', distributionCenter: 'XYZ' });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toMatchObject({ code: 'INVALID_INPUT', fields: [{ field: 'distributionCenter', message: 'Unknown distribution center "XYZ".' }] });
    expect(await countRows(api.knex, 'stations')).toBe(before);
  });

  it('registration names every invalid field', async () => {
    const res = await register({ 'x-enrollment-key': TEST_ENROLLMENT_KEY }, { name: '  ', distributionCenter: 'sjc' });
    expect(res.statusCode).toBe(400);
    const { error } = res.json();
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.fields).toEqual(
      expect.arrayContaining([
        { field: 'name', message: 'Station name is required.' },
        { field: 'distributionCenter', message: 'Distribution center is a 3-letter code such as SJC.' },
      ]),
    );
  });

  it('a registered station gets a credential of which only a hash is stored, and the registration is audited', async () => {
    const res = await register({ 'x-enrollment-key': TEST_ENROLLMENT_KEY }, { name: 'Returns desk', distributionCenter: 'SJC' });
    expect(res.statusCode).toBe(201);
    const { stationId, credential } = res.json<{ stationId: string; credential: string }>();
    const [prefix, secret] = credential.split('.');
    expect(prefix).toBe(stationId);
    expect(secret).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const row = await api.knex('stations').where({ id: stationId }).first();
    expect(row).toMatchObject({ name: 'Returns desk', distribution_center: 'SJC', revoked_at: null });
    expect(row.credential_hash).toBe(createHash('sha256').update(secret!).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(secret);

    const audit = (await api.auditRows('station.registered')).filter((a) => a.station_id === stationId);
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0]!.detail!)).toEqual({ name: 'Returns desk', distributionCenter: 'SJC' });

    const health = await api.app.inject({ method: 'GET', url: '/v1/auth/me', headers: api.stationHeaders(credential) });
    // Past the station check (the station is known), stopped at the staff check.
    expect(health.json().error.code).toBe('NOT_SIGNED_IN');
  });

  it('a /v1 request without a station credential is refused', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/v1/staff' });
    expect(res.statusCode).toBe(401);
    expect(res.json().error.code).toBe('BAD_STATION_CREDENTIAL');
  });

  it('a forged, malformed or revoked station credential is refused', async () => {
    const credential = await api.registerStation('Soon revoked');
    const [stationId] = credential.split('.');
    const forged = `${stationId}.${'A'.repeat(43)}`;
    await api.knex('stations').where({ id: stationId }).update({ revoked_at: api.clock.now().toISOString() });
    for (const authorization of [`Station ${forged}`, 'Station nodot', 'Bearer abc', `Station ${credential}`]) {
      const res = await api.app.inject({ method: 'POST', url: '/v1/auth/sign-in', headers: { authorization }, payload: { username: 'x1', secret: '1234' } });
      expect(res.statusCode, authorization).toBe(401);
      expect(res.json().error.code).toBe('BAD_STATION_CREDENTIAL');
    }
  });

  it('a station is marked as seen at most once a minute', async () => {
    const credential = await api.registerStation('Seen');
    const [stationId] = credential.split('.');
    const lastSeen = async () => (await api.knex('stations').where({ id: stationId }).first('last_seen_at')).last_seen_at as string | null;
    const call = () => api.app.inject({ method: 'GET', url: '/v1/auth/me', headers: api.stationHeaders(credential) });

    expect(await lastSeen()).toBeNull();
    await call();
    const first = await lastSeen();
    expect(first).toBe(api.clock.now().toISOString());
    api.clock.advance(30_000);
    await call();
    expect(await lastSeen()).toBe(first);
    api.clock.advance(31_000);
    await call();
    expect(await lastSeen()).toBe(api.clock.now().toISOString());
  });

  it('an unknown route answers 404 in the standard error shape', async () => {
    const res = await api.app.inject({ method: 'GET', url: '/v2/nothing' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({ ok: false, error: { code: 'NOT_FOUND', reason: 'ROUTE_UNKNOWN', message: 'There is no GET /v2/nothing in this API.' } });
  });

  it('a body that is not JSON answers 400 INVALID_INPUT', async () => {
    const res = await api.app.inject({
      method: 'POST',
      url: '/v1/stations/register',
      headers: { 'x-enrollment-key': TEST_ENROLLMENT_KEY, 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().error).toEqual({ code: 'INVALID_INPUT', reason: 'REQUEST_NOT_JSON', message: 'The request body is not valid JSON.' });
  });
});
