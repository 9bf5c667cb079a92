/**
 * Policy: "For transmitting your personal information to us, we use a secure
 * server (SSL)." Stations talk HTTPS to the central API and trust only the
 * certificate authority they were given; plain HTTP only on this machine.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../platform/logger';
import { createCertificateAuthority, ensureLocalTls, issueServerCertificate } from '../../platform/local-ca';
import { startApi, type RunningApi } from '../../api/start';
import { createStaff } from '../../api/staff/accounts';
import { centralFetch } from '../../main/central/secure-fetch';
import { systemClock } from '../../main/host/clock';
import { createStationHost, type StationHost } from '../../main/host/station-host';
import { memoryBackend, SettingsStore } from '../../main/settings/settings-store';

const KEY = 'tls-test-enrollment-key-0123456789';
const logger = createLogger('test', { level: 'silent' });
let dir: string;
let api: RunningApi;
let trustedCa: string;
const hosts: StationHost[] = [];

async function station(ca: string | null, apiUrl = api.url): Promise<StationHost> {
  const settings = new SettingsStore(memoryBackend({ settings: { apiUrl, apiCa: ca, distributionCenter: 'SJC', stationName: 'TLS test' } }));
  const host = await createStationHost({ dataDir: mkdtempSync(join(dir, 'station-')), settings, clock: systemClock(), logger, enrollmentKey: KEY });
  hosts.push(host);
  return host;
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'backlot-tls-'));
  const tls = ensureLocalTls(join(dir, 'central'));
  trustedCa = tls.ca;
  api = await startApi({ dataDir: join(dir, 'central'), port: 0, enrollmentKey: KEY, logger, tls: { key: tls.key, cert: tls.cert } });
  await api.db.knex('distribution_centers').insert({ code: 'SJC', name: 'San Jose', line1: '1 MAIN ST', city: 'SAN JOSE', state: 'CA', zip5: '95113', mailer_id: '123456', timezone: 'America/Los_Angeles' });
  await createStaff(api.db.knex, { username: 'adam', displayName: 'Adam', role: 'admin', secret: '4444' }, new Date());
}, 60_000);

afterAll(async () => {
  for (const h of hosts) await h.close();
  await api?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('HTTPS between stations and the central API', () => {
  it('the embedded default serves HTTPS with a certificate from its own CA', () => {
    expect(api.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
  });

  it('a station that trusts the CA registers and signs staff in', async () => {
    const host = await station(trustedCa);
    const session = await host.dispatch({ method: 'auth.signIn', input: { username: 'adam', secret: '4444' }, clientKey: 'k' });
    expect(session).toMatchObject({ ok: true, data: { online: true } });
    expect(host.settings.identity()).not.toBeNull();
  });

  it('a station refuses a server whose certificate its CA did not sign, and says why', async () => {
    const other = createCertificateAuthority('Some other CA');
    const host = await station(other.cert);
    expect(host.settings.identity()).toBeNull();
    const result = await host.dispatch({ method: 'auth.signIn', input: { username: 'adam', secret: '4444' }, clientKey: 'k' });
    expect(result).toMatchObject({ ok: false, error: { code: 'STATION_NOT_REGISTERED' } });
    // Not registered, and nothing reached the server: the station never sent its enrollment key to an untrusted host.
    expect(await api.db.knex('stations').count({ n: '*' }).first()).toMatchObject({ n: 1 });
    const again = await centralFetch(() => other.cert)(`${api.url}/health`).catch((e: unknown) => e);
    expect(again).toBeInstanceOf(Error);
    const message = (await host.services.central.call('station.health', {}).catch((e: Error) => e)) as Error;
    expect(message.message).toMatch(/certificate authority this station trusts/);
  });

  it('a server certificate for another host name is refused too', async () => {
    const ca = createCertificateAuthority();
    const wrongName = issueServerCertificate(ca, ['central.example.org']);
    const other = await startApi({ dataDir: join(dir, 'other'), port: 0, enrollmentKey: KEY, logger, tls: wrongName });
    try {
      await expect(centralFetch(() => ca.cert)(`${other.url}/health`)).rejects.toBeInstanceOf(Error);
    } finally {
      await other.close();
    }
  });

  it('plain HTTP is refused unless both ends are on this machine', async () => {
    await expect(centralFetch(() => null)('http://central.example.org/health')).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await expect(startApi({ dataDir: join(dir, 'remote'), host: '0.0.0.0', port: 0, enrollmentKey: KEY, logger })).rejects.toThrow(/without TLS/);
  });
});
