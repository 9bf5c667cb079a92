/**
 * A real central API (in this process, on a free port) and a station host in
 * front of it, each on its own temp data dir. Station tests go through
 * `dispatch`, the same entry point IPC and the web host use.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { MethodInput, MethodName, MethodOutput } from '../../core/contract';
import type { AppErrorShape } from '../../core/errors';
import type { Role } from '../../core/roles';
import { createLogger } from '../../platform/logger';
import { startApi, type RunningApi } from '../../api/start';
import { createStaff } from '../../api/staff/accounts';
import { systemClock } from '../../main/host/clock';
import { createStationHost, type StationHost } from '../../main/host/station-host';
import { memoryBackend, SettingsStore } from '../../main/settings/settings-store';
import { generateDemo } from '../../core/demo/generate';
import type { DemoOptions } from '../../core/demo/options';
import { packingDayScenario } from '../../core/demo/scenarios';
import { TcpPrinter } from '../e2e/kit/tcp-printer';
import { writeDemo } from '../../scripts/seed/write-demo';

export const ENROLLMENT_KEY = 'station-test-enrollment-key-0123';
export const PINS: Record<Role, string> = { warehouse: '1111', cs_rep: '2222', supervisor: '3333', admin: '4444' };
export const USERS: Record<Role, string> = { warehouse: 'wanda', cs_rep: 'carl', supervisor: 'sue', admin: 'adam' };

export interface StationWorld {
  api: RunningApi;
  station: StationHost;
  dataDir: string;
  call<M extends MethodName>(method: M, input: MethodInput<M>, clientKey?: string): Promise<MethodOutput<M>>;
  fail(method: string, input: unknown, clientKey?: string): Promise<AppErrorShape>;
  signIn(role: Role, clientKey?: string): Promise<void>;
  /** The central API goes away (the station sees connection refused), and comes back on the same port and database. */
  stopCentral(): Promise<void>;
  startCentral(): Promise<void>;
  close(): Promise<void>;
}

export interface StationWorldOptions {
  /** Seed the central database with this demo scenario (its staff use the same usernames and PINs as USERS/PINS). */
  demo?: DemoOptions;
  /** Also copy the same demo data into the station cache (as a fully synced station would hold it). */
  cacheDemo?: boolean;
}

export async function createStationWorld(opts: StationWorldOptions = {}): Promise<StationWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'backlot-station-'));
  const logger = createLogger('test', { level: process.env.BACKLOT_TEST_LOG ?? 'silent' });
  const apiOptions = { dataDir: join(dataDir, 'central'), enrollmentKey: ENROLLMENT_KEY, logger };
  let api = await startApi({ ...apiOptions, port: 0 });
  let apiUp = true;
  if (opts.demo) {
    await writeDemo(api.db.knex, generateDemo(opts.demo));
  } else {
    await api.db.knex('distribution_centers').insert({
      code: 'SJC', name: 'San Jose', line1: '100 W SANTA CLARA ST', city: 'SAN JOSE', state: 'CA',
      zip5: '95113', zip4: '1701', mailer_id: '123456', timezone: 'America/Los_Angeles',
    });
    for (const role of Object.keys(USERS) as Role[]) {
      await createStaff(api.db.knex, { username: USERS[role], displayName: `Test ${role}`, role, secret: PINS[role] }, new Date());
    }
  }
  const settings = new SettingsStore(memoryBackend({ settings: { apiUrl: api.url, distributionCenter: 'SJC', stationName: 'Test station' } }));
  const station = await createStationHost({ dataDir: join(dataDir, 'station'), settings, clock: systemClock(), logger, enrollmentKey: ENROLLMENT_KEY });
  if (opts.demo && opts.cacheDemo) await writeDemo(station.db.knex, generateDemo(opts.demo));

  const world: StationWorld = {
    get api() {
      return api;
    },
    station,
    dataDir,
    async call(method, input, clientKey = 'test-client') {
      const result = await station.dispatch({ method, input, clientKey });
      if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
      return result.data as never;
    },
    async fail(method, input, clientKey = 'test-client') {
      const result = await station.dispatch({ method, input, clientKey });
      if (result.ok) throw new Error(`${method} was expected to fail but returned ${JSON.stringify(result.data)}`);
      return result.error;
    },
    async signIn(role, clientKey = 'test-client') {
      await world.call('auth.signIn', { username: USERS[role], secret: PINS[role] }, clientKey);
    },
    async stopCentral() {
      await api.close();
      apiUp = false;
    },
    async startCentral() {
      api = await startApi({ ...apiOptions, port: Number(new URL(api.url).port) });
      apiUp = true;
    },
    async close() {
      await station.close();
      if (apiUp) await api.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}

/** The packing line: the packing-day demo, a TCP label printer, a packer signed in as `clientKey`, the first sync done. */
export async function createPackingWorld(clientKey: string): Promise<{ world: StationWorld; printer: TcpPrinter; close(): Promise<void> }> {
  const world = await createStationWorld({ demo: packingDayScenario() });
  const printer = await new TcpPrinter().listen();
  world.station.settings.update({ printer: { kind: 'zpl-tcp', name: 'Zebra 1', host: '127.0.0.1', port: printer.port } });
  await world.signIn('warehouse', clientKey);
  await world.call('sync.now', {}, clientKey);
  return {
    world,
    printer,
    async close() {
      await world.close();
      await printer.close();
    },
  };
}
