/**
 * The central API serves exactly the routes declared in core/routes.ts (the
 * table the station's client is built from), each behind the access it
 * declares, so the two sides cannot drift apart.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApi } from '../../api/server';
import { migrateLatest } from '../../api/db/migrate';
import { centralRoutes, type RouteName } from '../../core/routes';
import { openDatabase } from '../../platform/database';
import { createLogger } from '../../platform/logger';
import { API_DEFAULTS } from '../../api/config';
import { startTestApi, TEST_ENROLLMENT_KEY, type TestApi } from './world';
import { databaseTargets } from './harness';

const ROUTE_NAMES = Object.keys(centralRoutes) as RouteName[];

describe('the route table', () => {
  it('every route the API serves is declared once in core/routes.ts, at its verb and path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backlot-routes-'));
    const db = openDatabase({ file: join(dir, 'central.sqlite') });
    try {
      await migrateLatest(db.knex);
      const app = buildApi({ db, logger: createLogger('routes-test', { level: 'silent' }), config: { ...API_DEFAULTS, enrollmentKey: TEST_ENROLLMENT_KEY } });
      const served: string[] = [];
      app.addHook('onRoute', (r) => {
        for (const method of [r.method].flat()) if (method !== 'HEAD') served.push(`${method} ${r.url}`);
      });
      await app.ready();
      const declared = ROUTE_NAMES.map((n) => `${centralRoutes[n].verb} ${centralRoutes[n].path}`);
      expect(new Set(declared).size).toBe(declared.length);
      expect([...served].sort()).toEqual([...declared].sort());
      await app.close();
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe.each(databaseTargets)('each route’s declared access on $name', (target) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(target);
  });
  afterAll(async () => {
    await api?.close();
  });

  /** A request with a plausible path but no credential of any kind. */
  const bare = (name: RouteName) => {
    const spec = centralRoutes[name];
    return api.app.inject({ method: spec.verb, url: spec.path.replace(/:[A-Za-z]+/g, '1'), ...(spec.verb === 'POST' ? { payload: {} } : {}) });
  };

  it('no route but health answers a caller without a station credential or the enrollment key', async () => {
    for (const name of ROUTE_NAMES) {
      const res = await bare(name);
      if (centralRoutes[name].access === 'public') expect(res.statusCode, name).toBe(200);
      else expect({ name, code: res.json().error.code }).toEqual({ name, code: 'BAD_STATION_CREDENTIAL' });
    }
  });

  it('a route for staff refuses a station without a signed-in staff member; a station-only route does not ask for one', async () => {
    for (const name of ROUTE_NAMES) {
      const spec = centralRoutes[name];
      if (spec.access === 'public' || spec.access === 'enrollment') continue;
      const res = await api.app.inject({
        method: spec.verb,
        url: spec.path.replace(/:[A-Za-z]+/g, '1'),
        headers: api.stationHeaders(),
        ...(spec.verb === 'POST' ? { payload: {} } : {}),
      });
      if (spec.access === 'station') expect({ name, code: res.json().error?.code }).toEqual({ name, code: 'INVALID_INPUT' });
      else expect({ name, code: res.json().error?.code }).toEqual({ name, code: 'NOT_SIGNED_IN' });
    }
  });

  it('a path parameter is read as the number the route expects, and is not accepted from the body too', async () => {
    const sue = await api.signInAs('supervisor');
    const twice = await api.app.inject({
      method: 'POST',
      url: '/v1/privacy/affiliates/1/decisions',
      headers: sue.headers,
      payload: { affiliateId: 2, decision: 'approve', reason: 'Looks fine' },
    });
    expect(twice.statusCode).toBe(400);
    const notANumber = await api.app.inject({ method: 'GET', url: '/v1/customers/abc/bundle?reason=phone_call', headers: (await api.signInAs('cs_rep')).headers });
    expect(notANumber.statusCode).toBe(400);
    expect(notANumber.json().error.fields).toEqual([expect.objectContaining({ field: 'customerId' })]);
  });
});
