/**
 * The CS desks' world: one central API (real, on a port, SQLite files under
 * the world's data dir, seeded with the small demo scenario) and any number
 * of station hosts in front of it, each with its own data dir, settings file,
 * log file and clock, and a network cable the test can pull. Calls go through
 * `dispatch`, the entry point IPC and the web host use. Nothing is cached up
 * front: a desk gets a customer the way a rep does, by opening it.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import type { MethodInput, MethodName, MethodOutput } from '../../core/contract';
import { DEMO_STAFF } from '../../core/demo/staff';
import { generateDemo, type DemoData } from '../../core/demo/generate';
import { smallScenario } from '../../core/demo/scenarios';
import type { AppErrorShape } from '../../core/errors';
import { startApi, type RunningApi } from '../../api/start';
import type { MailConfig } from '../../api/mail/mail-config';
import { createLogger, type Logger } from '../../platform/logger';
import { systemClock } from '../../main/host/clock';
import { createStationHost, type StationHost } from '../../main/host/station-host';
import { confBackend } from '../../main/settings/conf-backend';
import { SettingsStore } from '../../main/settings/settings-store';
import { writeDemo } from '../../scripts/seed/write-demo';

export const ENROLLMENT_KEY = 'customers-test-enrollment-key-0123';

export type DemoUsername = 'carl' | 'sue' | 'adam' | 'wanda';

export interface Desk {
  name: string;
  dir: string;
  host: StationHost;
  knex: Knex;
  username: DemoUsername;
  clientKey: string;
  call<M extends MethodName>(method: M, input: MethodInput<M>, clientKey?: string): Promise<MethodOutput<M>>;
  fail(method: MethodName, input: unknown, clientKey?: string): Promise<AppErrorShape>;
  signIn(username?: DemoUsername, clientKey?: string): Promise<void>;
  /** Pulls the desk's network cable (its calls to the central office fail as a dead link does), or plugs it back in. */
  cut(): void;
  restore(): void;
  /** Runs `sync.now` until nothing is pending (fails the test after a few tries). */
  syncUntilQuiet(): Promise<void>;
  outbox(status?: string): Promise<Array<{ mutation_id: string; name: string; args: string; status: string; error: string | null; error_code: string | null }>>;
  /** Moves the station clock while the rep keeps working (a keep-alive every few minutes, so the idle lock does not step in). */
  passTime(ms: number): Promise<void>;
  /** Opens the customer and verifies the caller with the facts on file (read from the central database, the test's own knowledge). */
  verify(customerId: number, clientKey?: string, facts?: { zip5: string; last4: string }): Promise<void>;
}

export interface CustomersWorld {
  dataDir: string;
  central: Knex;
  api: RunningApi;
  demo: DemoData;
  openDesk(name: string, username: DemoUsername): Promise<Desk>;
  /** Stops the central API process-equivalent (port closed, database closed) and starts it again on the same port and files. */
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

/** `mail`: the central office's mail relay (tests/mail/smtp-sink.ts); without it order-problem emails stay queued. */
export async function startCustomersWorld(opts: { mail?: MailConfig } = {}): Promise<CustomersWorld> {
  const dataDir = mkdtempSync(join(tmpdir(), 'backlot-customers-'));
  // Verbose logs on purpose: the card test searches them, so they should say as much as they ever do.
  const apiLogger = createLogger('api', { level: 'debug', destination: join(dataDir, 'logs', 'api.log') });
  const loggers: Logger[] = [apiLogger];
  const apiOptions = {
    dataDir: join(dataDir, 'central'),
    enrollmentKey: ENROLLMENT_KEY,
    logger: apiLogger,
    signInRateLimit: { max: 1000, timeWindowMs: 60_000 },
    mail: opts.mail ?? null,
  };
  let api = await startApi({ ...apiOptions, port: 0 });
  const port = Number(new URL(api.url).port);
  const demo = generateDemo(smallScenario());
  await writeDemo(api.db.knex, demo);
  const desks: Desk[] = [];
  let closed = false;

  const world: CustomersWorld = {
    dataDir,
    get central() {
      return api.db.knex;
    },
    get api() {
      return api;
    },
    demo,
    async openDesk(name, username) {
      const dir = join(dataDir, name);
      const logger = createLogger(name, { level: 'debug', destination: join(dataDir, 'logs', `${name}.log`) });
      loggers.push(logger);
      const settings = new SettingsStore(confBackend(dir));
      settings.update({ apiUrl: api.url, distributionCenter: 'SJC', stationName: `CS desk ${name}` });
      let up = true;
      const cable: typeof fetch = (input, init) => (up ? fetch(input, init) : Promise.reject(new TypeError('fetch failed (network cable pulled by the test)')));
      const host = await createStationHost({ dataDir: dir, settings, clock: systemClock(), logger, enrollmentKey: ENROLLMENT_KEY, fetch: cable });
      const clientKey = `${name}-window`;
      const signedIn = new Set<string>();
      const desk: Desk = {
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
          await desk.call('auth.signIn', { username: who, secret: secretOf(who) }, key);
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
            const status = await desk.call('sync.now', {});
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
          const result = await desk.call('customers.verifyCaller', { customerId, method: 'zip_and_card', zip: facts.zip5, cardLast4: facts.last4 }, key);
          if (result.outcome !== 'passed') throw new Error(`caller check of ${customerId} failed at ${name}: ${result.message}`);
        },
      };
      await desk.signIn();
      desks.push(desk);
      return desk;
    },
    async stopCentral() {
      await api.close();
    },
    async startCentral() {
      api = await startApi({ ...apiOptions, port });
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
    async close(opts = {}) {
      if (!closed) {
        closed = true;
        for (const desk of desks) await desk.host.close();
        await api.close().catch(() => undefined);
        await world.flushLogs();
      }
      if (!opts.keepFiles) rmSync(dataDir, { recursive: true, force: true });
    },
  };
  return world;
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
