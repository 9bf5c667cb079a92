/**
 * One error envelope everywhere (issue 12, item 6): every refusal of the
 * central API and of the station's web host, the framework's own included
 * (body too large, JSON that does not parse, a content type nobody reads, an
 * unknown route, a rate limit), is `{ ok: false, error: { code, reason?,
 * message, fields? } }` with a message in words; text that cannot be kept is
 * a field-level validation error, never INTERNAL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { startWebHost, type RunningWebHost } from '../../main/web/web-host';
import type { StationHost } from '../../main/host/station-host';
import { createLogger } from '../../platform/logger';
import { databaseTargets } from './harness';
import { startTestApi, type TestApi } from './world';

/** What a person would read: an envelope, a code, words that start with a capital and carry no code. */
function expectEnvelope(body: unknown, code: string, reason?: string) {
  expect(body).toMatchObject({ ok: false, error: { code, ...(reason ? { reason } : {}), message: expect.stringMatching(/^[A-Z][a-z]/) } });
  const message = (body as { error: { message: string } }).error.message;
  expect(message).not.toMatch(/\b[A-Z][A-Z0-9]*_[A-Z0-9_]+\b|FST_|statusCode/);
  expect(Object.keys(body as object).sort()).toEqual(['error', 'ok']);
}

function frameworkRefusals(app: () => FastifyInstance, url: () => string, headers: () => Record<string, string>) {
  it('a body too large: 413 in the envelope', async () => {
    const res = await app().inject({ method: 'POST', url: url(), headers: { ...headers(), 'content-type': 'application/json' }, payload: JSON.stringify({ q: 'x'.repeat(300 * 1024) }) });
    expect(res.statusCode).toBe(413);
    expectEnvelope(res.json(), 'INVALID_INPUT', 'REQUEST_TOO_LARGE');
  });

  it('JSON that does not parse: 400 in the envelope', async () => {
    const res = await app().inject({ method: 'POST', url: url(), headers: { ...headers(), 'content-type': 'application/json' }, payload: '{"input": ' });
    expect(res.statusCode).toBe(400);
    expectEnvelope(res.json(), 'INVALID_INPUT', 'REQUEST_NOT_JSON');
  });

  it('a content type nobody reads: 415 in the envelope', async () => {
    const res = await app().inject({ method: 'POST', url: url(), headers: { ...headers(), 'content-type': 'application/xml' }, payload: '<input/>' });
    expect(res.statusCode).toBe(415);
    expectEnvelope(res.json(), 'INVALID_INPUT', 'REQUEST_NOT_JSON');
  });

  it('an unknown route: 404 in the envelope', async () => {
    const res = await app().inject({ method: 'POST', url: '/no/such/route', headers: { ...headers(), 'content-type': 'application/json' }, payload: '{}' });
    expect(res.statusCode).toBe(404);
    expectEnvelope(res.json(), 'NOT_FOUND', 'ROUTE_UNKNOWN');
  });
}

describe.each(databaseTargets)('the central API on $name', (target) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(target, { config: { signInRateLimit: { max: 2, timeWindowMs: 60_000 } } });
  });
  afterAll(async () => api?.close());

  frameworkRefusals(
    () => api.app,
    () => '/v1/auth/sign-in',
    () => api.stationHeaders(),
  );

  it('a rate limit: 429 in the envelope', async () => {
    for (let i = 0; i < 2; i++) await api.signInRequest('guessed-name', 'wrong-pin');
    const res = await api.signInRequest('guessed-name', 'wrong-pin');
    expect(res.statusCode).toBe(429);
    expectEnvelope(res.json(), 'RATE_LIMITED');
  });

  it('a NUL byte or a lone surrogate in a field: 400 on that field with the reason TEXT_UNSAFE, never INTERNAL', async () => {
    for (const username of ['ad\u0000am', 'adam\uD800']) {
      const res = await api.app.inject({ method: 'POST', url: '/v1/auth/sign-in', headers: api.stationHeaders(), payload: { username, secret: '4444' } });
      expect(res.statusCode).toBe(400);
      expectEnvelope(res.json(), 'INVALID_INPUT', 'TEXT_UNSAFE');
      expect(res.json().error.fields).toEqual([{ field: 'username', message: expect.stringMatching(/^This has /) }]);
    }
  });
});

describe('the station’s web host', () => {
  let web: RunningWebHost;
  let dir: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backlot-web-envelope-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Backlot</title>');
    const host = { dispatch: async () => ({ ok: true, data: null }) } as unknown as StationHost;
    web = await startWebHost({ host, logger: createLogger('test', { level: 'silent' }), rendererDir: dir, token: 'launch-token' });
  });
  afterAll(async () => {
    await web?.close();
    rmSync(dir, { recursive: true, force: true });
  });
  const headers = () => ({ host: new URL(web.url).host, 'x-backlot-token': 'launch-token', 'x-backlot-client': 'client-1' });

  frameworkRefusals(
    () => web.app as FastifyInstance,
    () => '/rpc/lookup.search',
    headers,
  );

  it('its own refusals (no launch token, a wrong host) are the same envelope', async () => {
    const noToken = await web.app.inject({ method: 'POST', url: '/rpc/lookup.search', headers: { host: new URL(web.url).host, 'content-type': 'application/json' }, payload: '{}' });
    expect(noToken.statusCode).toBe(401);
    expectEnvelope(noToken.json(), 'NOT_SIGNED_IN');
    const wrongHost = await web.app.inject({ method: 'GET', url: '/', headers: { host: 'evil.example:80' } });
    expect(wrongHost.statusCode).toBe(421);
    expectEnvelope(wrongHost.json(), 'FORBIDDEN');
  });
});
