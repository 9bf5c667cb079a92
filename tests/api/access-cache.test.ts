/**
 * Issue 18: an API instance remembers stations and sessions for a few seconds
 * while it hears PostgreSQL announce changes of access, and every way access
 * is withdrawn still takes effect at once where it was made and within the
 * notification's delivery everywhere else.
 */
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { ulid } from 'ulidx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AccessCache } from '../../api/auth/access-cache';
import { API_DEFAULTS } from '../../api/config';
import { buildApi } from '../../api/server';
import { createLogger } from '../../platform/logger';
import { databaseTargets } from './harness';
import { startTestApi, TEST_ENROLLMENT_KEY, type TestApi } from './world';

describe('the access cache', () => {
  const station = (hash: string) => ({ id: 'st-1', credential_hash: hash });

  it('while changes are heard, a row is read once and answered from memory until its time runs out', async () => {
    let now = 0;
    const cache = new AccessCache({ hearsChanges: () => true, ttlMs: 5_000, now: () => now });
    const shelf = cache.shelf<ReturnType<typeof station>>('stations');
    let reads = 0;
    const read = async () => station(`h${++reads}`);
    expect(await shelf.get('st-1', read)).toEqual(station('h1'));
    now = 4_999;
    expect(await shelf.get('st-1', read)).toEqual(station('h1'));
    expect(reads).toBe(1);
    now = 5_000;
    expect(await shelf.get('st-1', read)).toEqual(station('h2'));
    expect(reads).toBe(2);
  });

  it('forgets on every announced change, and a read that began before it is not kept', async () => {
    const cache = new AccessCache({ hearsChanges: () => true });
    const shelf = cache.shelf<ReturnType<typeof station>>('stations');
    await shelf.get('st-1', async () => station('old'));
    cache.forget();
    // The row was read before a revocation committed; its notification arrives while the read is out.
    let finishRead!: () => void;
    const slow = shelf.get('st-1', () => new Promise((resolve) => (finishRead = () => resolve(station('stale')))));
    cache.forget();
    finishRead();
    expect(await slow).toEqual(station('stale'));
    expect(await shelf.get('st-1', async () => station('fresh'))).toEqual(station('fresh'));
  });

  it('keeps nothing while changes are not heard, and forgets when hearing stops or starts again', async () => {
    let hears = false;
    const cache = new AccessCache({ hearsChanges: () => hears });
    const shelf = cache.shelf<ReturnType<typeof station>>('stations');
    let reads = 0;
    const read = async () => station(`h${++reads}`);
    await shelf.get('st-1', read);
    await shelf.get('st-1', read);
    expect(reads).toBe(2);
    hears = true;
    await shelf.get('st-1', read);
    await shelf.get('st-1', read);
    expect(reads).toBe(3);
    // Unheard for a moment, then heard again: what was announced meanwhile is lost, so nothing held survives.
    hears = false;
    await shelf.get('st-1', read);
    hears = true;
    expect(await shelf.get('st-1', read)).toEqual(station('h5'));
  });
});

const postgres = databaseTargets.find((t) => t.name === 'postgres');
if (!postgres) console.warn('[tests/api/access-cache.test.ts] PostgreSQL not reachable: the access cache is PostgreSQL-only (it needs NOTIFY) and its instance tests do not run here.');

describe.runIf(postgres)('two API instances remembering access on one PostgreSQL', () => {
  let api: TestApi;
  let other: FastifyInstance;
  let reads: { stations: number; sessions: number; staff: number };
  const countReads = (q: { sql: string }) => {
    if (/from "stations" where "id"/.test(q.sql)) reads.stations++;
    if (/from "staff_sessions" inner join "staff"/.test(q.sql)) reads.sessions++;
    if (/as seen_here from "staff"/.test(q.sql)) reads.staff++;
  };

  const health = async (app: FastifyInstance) => (await app.inject({ method: 'GET', url: '/health' })).json<{ live: string }>().live;
  async function until(what: string, check: () => Promise<boolean>, withinMs: number): Promise<number> {
    const started = performance.now();
    while (!(await check())) {
      if (performance.now() - started > withinMs) throw new Error(`${what}: not within ${withinMs} ms`);
      await new Promise((r) => setTimeout(r, 10));
    }
    return performance.now() - started;
  }

  beforeEach(async () => {
    api = await startTestApi(postgres!);
    other = buildApi({ db: api.db, logger: createLogger('api-test-other'), clock: api.clock, config: { ...API_DEFAULTS, enrollmentKey: TEST_ENROLLMENT_KEY } });
    await other.ready();
    for (const app of [api.app, other]) await until('the instance hears notifications', async () => (await health(app)) === 'listen', 5_000);
    reads = { stations: 0, sessions: 0, staff: 0 };
    (api.knex as Knex).on('query', countReads);
  });

  afterEach(async () => {
    (api.knex as Knex).off('query', countReads);
    await other.close();
    await api.close();
  });

  const me = (app: FastifyInstance, headers: Record<string, string>) => app.inject({ method: 'GET', url: '/v1/auth/me', headers });

  it('a signed-in station’s requests read its station and session once, not on every request', async () => {
    const rep = await api.signInAs('cs_rep');
    reads = { stations: 0, sessions: 0, staff: 0 };
    for (let i = 0; i < 5; i++) expect((await me(api.app, rep.headers)).statusCode).toBe(200);
    expect(reads.stations).toBeLessThanOrEqual(1);
    expect(reads.sessions).toBe(1);
  });

  it('a station revoked by an operator’s SQL is refused at both instances within a second', async () => {
    const rep = await api.signInAs('cs_rep');
    for (const app of [api.app, other]) expect((await me(app, rep.headers)).statusCode).toBe(200);
    const stationId = api.station.split('.')[0];
    await api.knex('stations').where({ id: stationId }).update({ revoked_at: api.clock.now().toISOString() });
    for (const app of [api.app, other]) {
      const took = await until('the revoked station is refused', async () => (await me(app, rep.headers)).json<{ error?: { code: string } }>().error?.code === 'BAD_STATION_CREDENTIAL', 1_000);
      expect(took).toBeLessThan(1_000);
    }
  });

  it('signing out at one instance refuses the token there at once and at the other within a second', async () => {
    const rep = await api.signInAs('cs_rep');
    for (const app of [api.app, other]) expect((await me(app, rep.headers)).statusCode).toBe(200);
    expect((await api.app.inject({ method: 'POST', url: '/v1/auth/sign-out', headers: rep.headers })).statusCode).toBe(200);
    expect((await me(api.app, rep.headers)).json().error.code).toBe('NOT_SIGNED_IN');
    await until('the other instance refuses the signed-out token', async () => (await me(other, rep.headers)).json<{ error?: { code: string } }>().error?.code === 'NOT_SIGNED_IN', 1_000);
  });

  it('deactivating a rep at one instance ends their session at both', async () => {
    const rep = await api.signInAs('cs_rep');
    const admin = await api.signInAs('admin');
    for (const app of [api.app, other]) expect((await me(app, rep.headers)).statusCode).toBe(200);
    const off = await other.inject({ method: 'POST', url: `/v1/staff/${rep.username}/active`, headers: admin.headers, payload: { active: false } });
    expect(off.statusCode, off.body).toBe(200);
    expect((await me(other, rep.headers)).json().error.code).toBe('NOT_SIGNED_IN');
    await until('the first instance refuses the deactivated rep', async () => (await me(api.app, rep.headers)).json<{ error?: { code: string } }>().error?.code === 'NOT_SIGNED_IN', 1_000);
  });

  it('a packer’s pushes check them once; deactivated by SQL, their next change is refused within a second', async () => {
    const packer = await api.signInAs('warehouse');
    const clientId = ulid();
    // A change the mutator refuses (no such order): what matters here is who the server says made it.
    const push = async () => {
      const res = await api.app.inject({
        method: 'POST',
        url: '/v1/sync/push',
        headers: api.stationHeaders(),
        payload: { clientId, mutations: [{ id: ulid(), name: 'shipment.markShipped', args: { shipmentId: 987654 }, staffId: packer.staff.id, at: new Date().toISOString(), baseVersions: {} }] },
      });
      expect(res.statusCode, res.body).toBe(200);
      return res.json<{ results: { status: string; reason?: string }[] }>().results[0]!;
    };
    reads = { stations: 0, sessions: 0, staff: 0 };
    for (let i = 0; i < 3; i++) expect((await push()).reason).not.toMatch(/^STAFF_/);
    expect(reads.staff).toBe(1);
    await api.knex('staff').where({ id: packer.staff.id }).update({ active: false });
    await until('the deactivated packer’s change is refused', async () => (await push()).reason === 'STAFF_INACTIVE', 1_000);
  });

  it('while the LISTEN connection is down every request reads again, and remembering resumes once it is back', async () => {
    const rep = await api.signInAs('cs_rep');
    expect((await me(api.app, rep.headers)).statusCode).toBe(200);
    const schema = (await api.knex.raw<{ rows: { s: string }[] }>('SELECT current_schema() AS s')).rows[0]!.s;
    await api.knex.raw(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'backlot-live' AND query = ?`, [`LISTEN "backlot_sync:${schema}"`]);
    await until('the instance notices it no longer hears', async () => (await health(api.app)) === 'poll', 2_000);
    reads = { stations: 0, sessions: 0, staff: 0 };
    for (let i = 0; i < 3; i++) expect((await me(api.app, rep.headers)).statusCode).toBe(200);
    // The reconnect waits 500 ms, far longer than three requests: each read for itself.
    expect(reads).toEqual({ stations: 3, sessions: 3, staff: 0 });
    await until('the instance hears again', async () => (await health(api.app)) === 'listen', 5_000);
    reads = { stations: 0, sessions: 0, staff: 0 };
    for (let i = 0; i < 3; i++) expect((await me(api.app, rep.headers)).statusCode).toBe(200);
    expect(reads).toEqual({ stations: 1, sessions: 1, staff: 0 });
  });
});
