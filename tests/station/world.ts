/**
 * The station layer's world: one real central API (in this process, on a free
 * port, SQLite files under the world's data dir) and any number of station
 * hosts in front of it, each with its own data dir, settings, log, clock and a
 * network cable the test can pull. Calls go through `dispatch`, the entry
 * point IPC and the web host use.
 *
 * `startStationWorld` is the one builder. The suites' usual shapes are views
 * of it, at the end of this file:
 * - `createStationWorld` / `createPackingWorld`: one station (the packing
 *   line adds a TCP label printer and a signed-in packer);
 * - `startCustomersWorld`: the CS desks, on the small demo, logging to files.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import type { MethodInput, MethodName, MethodOutput } from '../../core/contract';
import { generateDemo, type DemoData } from '../../core/demo/generate';
import type { DemoOptions } from '../../core/demo/options';
import { packingDayScenario, smallScenario } from '../../core/demo/scenarios';
import { DEMO_STAFF } from '../../core/demo/staff';
import type { AppErrorShape } from '../../core/errors';
import type { Role } from '../../core/roles';
import { startApi, type RunningApi, type StartApiOptions } from '../../api/start';
import type { MailConfig } from '../../api/mail/mail-config';
import { createStaff } from '../../api/staff/accounts';
import { createLogger, type Logger } from '../../platform/logger';
import { centralFetch } from '../../main/central/secure-fetch';
import { systemClock } from '../../main/host/clock';
import { createStationHost, type StationHost } from '../../main/host/station-host';
import { confBackend } from '../../main/settings/conf-backend';
import { memoryBackend, SettingsStore } from '../../main/settings/settings-store';
import { writeDemo } from '../../scripts/seed/write-demo';
import { TcpPrinter } from '../e2e/kit/tcp-printer';

export const ENROLLMENT_KEY = 'station-test-enrollment-key-0123';
/** One user per role; without a demo the world creates exactly these, with the demo's PINs. */
export const USERS: Record<Role, DemoUsername> = { warehouse: 'wanda', cs_rep: 'carl', supervisor: 'sue', admin: 'adam' };
export const PINS: Record<Role, string> = { warehouse: '1111', cs_rep: '2222', supervisor: '3333', admin: '4444' };

export type DemoUsername = 'carl' | 'sue' | 'adam' | 'wanda';

export interface StationWorldOptions {
  /** Seed the central database with this demo scenario; without one it holds San Jose and the four USERS only. */
  demo?: DemoOptions;
  /**
   * Where the API and the stations log: `silent` (BACKLOT_TEST_LOG sets a
   * level, to the console), or `files`: at debug level under `logs/`
   * (`api.log`, `<station>.log`), for tests that search what was logged.
   */
  logs?: 'silent' | 'files';
  /** Passed to the central API as they are (a sign-in limit a suite of many sign-ins does not trip, the mail relay). */
  central?: Pick<StartApiOptions, 'signInRateLimit' | 'mail'>;
}

export interface OpenStationOptions {
  /** The settings in memory (default), or in the settings file under the station's data dir as an installed station keeps them. */
  settingsFile?: boolean;
  stationName?: string;
  /** The window `call`, `fail` and `signIn` act from unless told another. */
  clientKey?: string;
  /** The user `signIn()` signs in without a name; with `signIn: true` they are signed in before the station is handed over. */
  username?: DemoUsername;
  signIn?: boolean;
  /** Copy the world's demo data into the station cache too (as a fully synced station would hold it). */
  cacheDemo?: boolean;
}

export interface Station {
  name: string;
  dir: string;
  host: StationHost;
  knex: Knex;
  username: DemoUsername;
  clientKey: string;
  call<M extends MethodName>(method: M, input: MethodInput<M>, clientKey?: string): Promise<MethodOutput<M>>;
  fail(method: MethodName, input: unknown, clientKey?: string): Promise<AppErrorShape>;
  signIn(username?: DemoUsername, clientKey?: string): Promise<void>;
  /** Pulls the station's network cable (its calls to the central office fail as a dead link does), or plugs it back in. */
  cut(): void;
  restore(): void;
  /** Runs `sync.now` until nothing is pending (fails the test after a few tries). */
  syncUntilQuiet(): Promise<void>;
  outbox(status?: string): Promise<Array<{ mutation_id: string; name: string; args: string; status: string; error: string | null; error_code: string | null }>>;
  /** Moves the station clock while the user keeps working (a keep-alive every few minutes, so the idle lock does not step in). */
  passTime(ms: number): Promise<void>;
  /** Opens the customer and verifies the caller with the facts on file (read from the central database, the test's own knowledge). */
  verify(customerId: number, clientKey?: string, facts?: { zip5: string; last4: string }): Promise<void>;
}

export interface StationWorld {
  dataDir: string;
  central: Knex;
  api: RunningApi;
  /** The demo the central database was seeded with, if any. */
  demo: DemoData | null;
  /** A station host named `name`, its files under `<dataDir>/<name>`. */
  openStation(name: string, opts?: OpenStationOptions): Promise<Station>;
  /** Stops the central API process-equivalent (port closed, database closed; stations see connection refused) and starts it again on the same port and files. */
  stopCentral(): Promise<void>;
  startCentral(): Promise<void>;
  /** Facts a caller would give: ZIP of the current shipping address, last 4 of the current card, email. */
  factsOf(customerId: number): Promise<{ zip5: string; last4: string; email: string }>;
  flushLogs(): Promise<void>;
  /** Every file under the data dir with its bytes (SQLite main files, -wal, -shm, logs, settings). */
  files(): Array<{ path: string; bytes: Buffer }>;
  close(opts?: { keepFiles?: boolean }): Promise<void>;
}

function secretOf(username: DemoUsername): string {
  return DEMO_STAFF.find((s) => s.username === username)!.secret;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

function flush(logger: Logger): Promise<void> {
  return new Promise((resolve) => logger.flush(() => resolve()));
}

/** San Jose and one user per role: what a station test needs when it does not ask for a demo. */
async function seedStaffOnly(central: Knex): Promise<void> {
  await central('distribution_centers').insert({
    code: 'SJC', name: 'San Jose', line1: '100 W SANTA CLARA ST', city: 'SAN JOSE', state: 'CA',
    zip5: '95113', zip4: '1701', mailer_id: '123456', timezone: 'America/Los_Angeles',
  });
  for (const role of Object.keys(USERS) as Role[]) {
    await createStaff(central, { username: USERS[role], displayName: `Test ${role}`, role, secret: PINS[role] }, new Date());
  }
}

export async function startStationWorld(opts: StationWorldOptions = {}): Promise<StationWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'backlot-station-'));
  const logsToFiles = opts.logs === 'files';
  const loggers: Logger[] = [];
  const loggerFor = (name: string): Logger => {
    const logger = logsToFiles
      ? createLogger(name, { level: 'debug', destination: join(dataDir, 'logs', `${name}.log`) })
      : createLogger(name, { level: process.env.BACKLOT_TEST_LOG ?? 'silent' });
    loggers.push(logger);
    return logger;
  };
  const apiOptions: StartApiOptions = { dataDir: join(dataDir, 'central'), enrollmentKey: ENROLLMENT_KEY, logger: loggerFor('api'), ...opts.central };
  let api = await startApi({ ...apiOptions, port: 0 });
  const port = Number(new URL(api.url).port);
  let apiUp = true;
  const demo = opts.demo ? generateDemo(opts.demo) : null;
  if (demo) await writeDemo(api.db.knex, demo);
  else await seedStaffOnly(api.db.knex);
  const stations: Station[] = [];
  let closed = false;

  const world: StationWorld = {
    dataDir,
    get central() {
      return api.db.knex;
    },
    get api() {
      return api;
    },
    demo,
    async openStation(name, stationOpts = {}) {
      const dir = join(dataDir, name);
      const logger = loggerFor(name);
      const stationSettings = { apiUrl: api.url, distributionCenter: 'SJC', stationName: stationOpts.stationName ?? `Test station ${name}` };
      const settings = stationOpts.settingsFile ? new SettingsStore(confBackend(dir)) : new SettingsStore(memoryBackend({ settings: stationSettings }));
      if (stationOpts.settingsFile) settings.update(stationSettings);
      let up = true;
      // The cable sits in front of the station's own CA-pinned fetch, so a test cuts exactly what the product uses.
      const stationFetch = centralFetch(() => settings.get().apiCa);
      const cable: typeof fetch = (input, init) => (up ? stationFetch(input, init) : Promise.reject(new TypeError('fetch failed (network cable pulled by the test)')));
      const host = await createStationHost({ dataDir: dir, settings, clock: systemClock(), logger, enrollmentKey: ENROLLMENT_KEY, fetch: cable });
      if (stationOpts.cacheDemo) {
        if (!demo) throw new Error('cacheDemo needs a world started with a demo');
        await writeDemo(host.db.knex, demo);
      }
      const username = stationOpts.username ?? USERS.warehouse;
      const clientKey = stationOpts.clientKey ?? `${name}-window`;
      const signedIn = new Set<string>();
      const station: Station = {
        name,
        dir,
        host,
        knex: host.db.knex,
        username,
        clientKey,
        async call(method, input, key = clientKey) {
          const result = await host.dispatch({ method, input, clientKey: key });
          if (!result.ok) throw new Error(`${method} failed at ${name}: ${result.error.code} ${result.error.message} ${JSON.stringify(result.error.fields ?? [])}`);
          return result.data as never;
        },
        async fail(method, input, key = clientKey) {
          const result = await host.dispatch({ method, input, clientKey: key });
          if (result.ok) throw new Error(`${method} was expected to fail at ${name} but returned ${JSON.stringify(result.data)}`);
          return result.error;
        },
        async signIn(who = username, key = clientKey) {
          await station.call('auth.signIn', { username: who, secret: secretOf(who) }, key);
          signedIn.add(key);
        },
        cut() {
          up = false;
        },
        restore() {
          up = true;
        },
        async syncUntilQuiet() {
          for (let i = 0; i < 10; i++) {
            const status = await station.call('sync.now', {});
            if (status.lastError === null && status.pendingMutations === 0) return;
          }
          throw new Error(`${name} did not sync cleanly: ${JSON.stringify(await host.services.sync.status())}`);
        },
        outbox(status) {
          const q = host.db.knex('outbox').orderBy('mutation_id');
          return (status ? q.where({ status }) : q) as never;
        },
        async passTime(ms) {
          const step = 4 * 60_000;
          for (let left = ms; left > 0; left -= step) {
            host.clock.advance(Math.min(step, left));
            for (const key of signedIn) await host.dispatch({ method: 'auth.keepAlive', input: {}, clientKey: key });
          }
        },
        async verify(customerId, key = clientKey, known) {
          const facts = known ?? (await world.factsOf(customerId));
          const result = await station.call('customers.verifyCaller', { customerId, method: 'zip_and_card', zip: facts.zip5, cardLast4: facts.last4 }, key);
          if (result.outcome !== 'passed') throw new Error(`caller check of ${customerId} failed at ${name}: ${result.message}`);
        },
      };
      stations.push(station);
      if (stationOpts.signIn) await station.signIn();
      return station;
    },
    async stopCentral() {
      await api.close();
      apiUp = false;
    },
    async startCentral() {
      api = await startApi({ ...apiOptions, port });
      apiUp = true;
    },
    async factsOf(customerId) {
      const knex = api.db.knex;
      const customer = await knex('customers').where({ id: customerId }).first('email');
      const address = await knex('addresses').where({ customer_id: customerId, is_current: true }).orderBy('id', 'desc').first('zip5');
      const card = await knex('payment_methods').where({ customer_id: customerId, is_current: true }).orderBy('id', 'desc').first('last4');
      return { zip5: address.zip5, last4: card.last4, email: customer.email };
    },
    async flushLogs() {
      await Promise.all(loggers.map(flush));
    },
    files() {
      return walk(dataDir).map((path) => ({ path, bytes: readFileSync(path) }));
    },
    async close(closeOpts = {}) {
      if (!closed) {
        closed = true;
        for (const station of stations) await station.host.close();
        if (apiUp) await api.close();
        await world.flushLogs();
      }
      if (!closeOpts.keepFiles) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return world;
}

// ---------------------------------------------------------------------------
// One station: what most station tests need.

export interface OneStationWorld {
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

export interface OneStationWorldOptions {
  /** Seed the central database with this demo scenario (its staff use the same usernames and PINs as USERS/PINS). */
  demo?: DemoOptions;
  /** Also copy the same demo data into the station cache (as a fully synced station would hold it). */
  cacheDemo?: boolean;
}

/** The world with one station, `station`, in front of the central API; `call` and `signIn` act from window `test-client` unless told another. */
export async function createStationWorld(opts: OneStationWorldOptions = {}): Promise<OneStationWorld> {
  const world = await startStationWorld({ ...(opts.demo ? { demo: opts.demo } : {}) });
  const station = await world.openStation('station', { stationName: 'Test station', clientKey: 'test-client', cacheDemo: Boolean(opts.demo && opts.cacheDemo) });
  return {
    get api() {
      return world.api;
    },
    station: station.host,
    dataDir: world.dataDir,
    call: station.call,
    fail: (method, input, clientKey) => station.fail(method as MethodName, input, clientKey),
    signIn: (role, clientKey) => station.signIn(USERS[role], clientKey),
    stopCentral: world.stopCentral,
    startCentral: world.startCentral,
    close: () => world.close(),
  };
}

/** The packing line: the packing-day demo, a TCP label printer, a packer signed in as `clientKey`, the first sync done. */
export async function createPackingWorld(clientKey: string): Promise<{ world: OneStationWorld; printer: TcpPrinter; close(): Promise<void> }> {
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

// ---------------------------------------------------------------------------
// The CS desks: stations on the small demo, each signed in as its rep. Nothing
// is cached up front: a desk gets a customer the way a rep does, by opening it.

/** A CS desk is a station with its rep signed in at `<name>-window`. */
export type Desk = Station;

export interface CustomersWorld extends StationWorld {
  demo: DemoData;
  openDesk(name: string, username: DemoUsername): Promise<Desk>;
}

/** `mail`: the central office's mail relay (tests/mail/smtp-sink.ts); without it order-problem emails stay queued. */
export async function startCustomersWorld(opts: { mail?: MailConfig } = {}): Promise<CustomersWorld> {
  // Verbose logs on purpose: the card test searches them, so they should say as much as they ever do.
  const world = await startStationWorld({
    demo: smallScenario(),
    logs: 'files',
    central: { signInRateLimit: { max: 1000, timeWindowMs: 60_000 }, mail: opts.mail ?? null },
  });
  return Object.assign(world, {
    demo: world.demo!,
    openDesk: (name: string, username: DemoUsername) => world.openStation(name, { settingsFile: true, stationName: `CS desk ${name}`, username, signIn: true }),
  });
}

/** Customers of the demo that have a current address and card (every caller check needs both). */
export async function customersWithFacts(central: Knex, count: number, offset = 0): Promise<number[]> {
  const ids = (await central('customers as c')
    .whereExists(central('addresses as a').whereRaw('a.customer_id = c.id').andWhere('a.is_current', true))
    .whereExists(central('payment_methods as p').whereRaw('p.customer_id = c.id').andWhere('p.is_current', true))
    .where('c.status', 'active')
    .orderBy('c.id')
    .offset(offset)
    .limit(count)
    .pluck('c.id')) as number[];
  if (ids.length < count) throw new Error(`the demo has only ${ids.length} customers with an address and a card`);
  return ids;
}
