/**
 * A sync world per test database: the central API (driven in-process through
 * `app.inject`, no port) seeded with the demo generator's small scenario, and
 * stations that are real station caches (SQLite files) with real sync
 * engines, talking to the API through a `fetch` the tests can wrap in faults.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Knex } from 'knex';
import { generateDemo, scenario, type DemoData } from '../../core/demo/index';
import { DEMO_STAFF, demoStaffId } from '../../core/demo/staff';
import type { Role } from '../../core/roles';
import type { MutatorArgs, MutatorName } from '../../core/sync/mutators/index';
import { OPEN_SHIPMENT_STATUSES, STATION_HELD_STATUSES } from '../../core/sync/shipment-status';
import type { Database } from '../../platform/database';
import { openStationDb } from '../../main/db/station-db';
import { CentralClient } from '../../main/central/central-client';
import { syncTransport } from '../../main/sync/sync-client';
import { SyncEngine, type CycleOutcome, type SyncEngineOptions } from '../../main/sync/sync-engine';
import { ensureClientId } from '../../main/sync/sync-state';
import { writeDemo } from '../../scripts/seed/write-demo';
import { idOf, startTestApi, TEST_DC, type TestApi } from '../api/world';
import type { DatabaseTarget } from '../api/harness';

/** Fixed "today" so every run builds the same demo data. */
export const DEMO_NOW = new Date('2024-05-01T00:00:00.000Z');
export const DC = TEST_DC.code;

export type DemoUser = 'wanda' | 'carl' | 'sue' | 'adam' | 'walt';

export function demoUser(username: DemoUser): { id: string; username: string; secret: string; role: Role } {
  const s = DEMO_STAFF.find((d) => d.username === username)!;
  return { id: demoStaffId(username), username, secret: s.secret, role: s.role };
}

/** `fetch` over Fastify's inject: the whole HTTP stack (hooks, parsing, errors) without a socket. */
export function injectFetch(app: FastifyInstance): typeof fetch {
  return (async (input: string | URL | Request, init: RequestInit = {}) => {
    const url = new URL(input instanceof Request ? input.url : String(input));
    const signal = init.signal ?? undefined;
    if (signal?.aborted) throw signal.reason ?? new DOMException('aborted', 'AbortError');
    const work = app.inject({
      method: (init.method ?? 'GET') as 'GET',
      url: url.pathname + url.search,
      headers: init.headers as Record<string, string>,
      ...(typeof init.body === 'string' ? { payload: init.body } : {}),
    });
    // Like a real network: the caller gives up, the server carries on.
    const res = await (signal
      ? Promise.race([
          work,
          new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason ?? new DOMException('aborted', 'AbortError')), { once: true })),
        ])
      : work);
    return new Response(res.body, { status: res.statusCode, headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') } });
  }) as typeof fetch;
}

export interface TestStation {
  name: string;
  dir: string;
  db: Database;
  knex: Knex;
  engine: SyncEngine;
  stationId: string;
  credential: string;
  user: ReturnType<typeof demoUser>;
  token: string;
  clientId: string;
  mutate<N extends MutatorName>(name: N, args: MutatorArgs<N>): Promise<{ mutationId: string }>;
  sync(): Promise<CycleOutcome>;
  /** Syncs until a cycle succeeds with nothing left to push (fails the test after `attempts`). */
  syncUntilQuiet(attempts?: number): Promise<void>;
  /** The process died: drop the engine, close the cache, open it again with a fresh engine. */
  restart(): Promise<void>;
  close(): Promise<void>;
}

export interface StationOptions {
  name?: string;
  user: DemoUser;
  /** The station's distribution center (the test DC unless a test moves rows between two). */
  dc?: string;
  fetch?: typeof fetch;
  engine?: Partial<SyncEngineOptions>;
  timeoutMs?: number;
}

export interface SyncWorld {
  api: TestApi;
  central: Knex;
  demo: DemoData;
  fetch: typeof fetch;
  target: DatabaseTarget;
  openStation(opts: StationOptions): Promise<TestStation>;
  /** Signs a demo user in at a station (central session), as the station's sign-in screen would. */
  signIn(credential: string, user: DemoUser): Promise<string>;
  /** Adds allocated shipments at the test DC, as central allocation would. */
  allocate(count: number, dc?: string): Promise<number[]>;
  close(): Promise<void>;
}

export async function startSyncWorld(target: DatabaseTarget, opts: { customers?: number; shipments?: number } = {}): Promise<SyncWorld> {
  const api = await startTestApi(target);
  const demo = generateDemo(scenario('small', { now: DEMO_NOW, ...(opts.customers ? { customers: opts.customers } : {}), ...(opts.shipments ? { shipments: opts.shipments } : {}) }));
  await writeDemo(api.knex, demo);
  const fetch = injectFetch(api.app);
  const stations: TestStation[] = [];
  let allocated = 0;

  async function signIn(credential: string, user: DemoUser): Promise<string> {
    const u = demoUser(user);
    const res = await api.signInRequest(u.username, u.secret, credential);
    if (res.statusCode !== 200) throw new Error(`sign-in of ${user} failed: ${res.body}`);
    return res.json<{ token: string }>().token;
  }

  async function openStation(o: StationOptions): Promise<TestStation> {
    const name = o.name ?? `${o.user} station`;
    const credential = await api.registerStation(name, o.dc ?? DC);
    const stationId = credential.split('.')[0]!;
    const user = demoUser(o.user);
    const token = await signIn(credential, o.user);
    const dir = mkdtempSync(join(tmpdir(), 'backlot-sync-station-'));
    let db = await openStationDb(dir);
    const makeEngine = () => {
      const engine = new SyncEngine({
        knex: db.knex,
        transport: syncTransport(new CentralClient({ baseUrl: () => 'http://central.test', credential: () => credential, fetch: o.fetch ?? fetch, timeoutMs: o.timeoutMs ?? 30_000 })),
        station: () => ({ stationId, stationDc: o.dc ?? DC }),
        ...o.engine,
      });
      engine.useSession('test', { apiToken: token, staff: { role: user.role } });
      return engine;
    };
    const station: TestStation = {
      name,
      dir,
      db,
      knex: db.knex,
      engine: makeEngine(),
      stationId,
      credential,
      user,
      token,
      clientId: await ensureClientId(db.knex),
      mutate: (mutation, args) => station.engine.mutate(mutation, args, { staffId: user.id, role: user.role }),
      sync: () => station.engine.syncNow(),
      async syncUntilQuiet(attempts = 20) {
        let last: CycleOutcome | null = null;
        for (let i = 0; i < attempts; i++) {
          last = await station.engine.syncNow();
          const pending = await station.knex('outbox').where({ status: 'pending' }).count({ n: '*' }).first();
          if (last.ok && Number(pending?.n ?? 0) === 0) return;
        }
        throw new Error(`${name} did not sync cleanly: ${JSON.stringify(last)}`);
      },
      async restart() {
        await station.engine.stop();
        await db.close();
        db = await openStationDb(dir);
        station.db = db;
        station.knex = db.knex;
        station.engine = makeEngine();
      },
      async close() {
        await station.engine.stop();
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
    stations.push(station);
    return station;
  }

  async function allocate(count: number, dc: string = DC): Promise<number[]> {
    const knex = api.knex;
    // In-stock discs of that DC that no open shipment holds yet.
    const discs = (await knex('discs')
      .where({ home_dc: dc, status: 'in_stock' })
      .whereNotIn('id', knex('shipments').whereNotNull('disc_id').whereIn('status', OPEN_SHIPMENT_STATUSES as string[]).select('disc_id'))
      .orderBy('id')
      .limit(count)
      .select('id', 'title_id')) as { id: number; title_id: number }[];
    const customers = (await knex('customers as c').join('addresses as a', 'a.customer_id', 'c.id').where('a.is_current', true).orderBy('c.id').select('c.id', 'c.full_name', 'a.line1', 'a.line2', 'a.city', 'a.state', 'a.zip5', 'a.zip4')) as Record<string, unknown>[];
    const ids: number[] = [];
    for (const disc of discs) {
      const c = customers[allocated % customers.length]!;
      allocated++;
      const [row] = (await knex('shipments')
        .insert({
          order_number: `T${String(allocated).padStart(7, '0')}`,
          customer_id: c.id,
          title_id: disc.title_id,
          disc_id: disc.id,
          dc,
          status: 'allocated',
          ship_by: '2024-05-03T00:00:00.000Z',
          ship_name: c.full_name,
          ship_line1: c.line1,
          ship_line2: c.line2 ?? null,
          ship_city: c.city,
          ship_state: c.state,
          ship_zip5: c.zip5,
          ship_zip4: c.zip4 ?? null,
          created_at: DEMO_NOW.toISOString(),
        })
        .returning('id')) as ({ id: number } | number)[];
      ids.push(idOf(row));
    }
    return ids;
  }

  return {
    api,
    central: api.knex,
    demo,
    fetch,
    target,
    openStation,
    signIn,
    allocate,
    async close() {
      for (const s of stations) await s.close().catch(() => undefined);
      await api.close();
    },
  };
}

export async function count(knex: Knex, table: string, where: Record<string, unknown> = {}): Promise<number> {
  const row = await knex(table).where(where).count<{ n: number | string }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

export async function openShipmentsAt(knex: Knex, dc = DC): Promise<Record<string, unknown>[]> {
  return knex('shipments').where({ dc }).whereIn('status', OPEN_SHIPMENT_STATUSES as string[]).orderBy('id');
}

/** The shipments a packing station at `dc` holds: open ones, and those out with customers (returns are checked in there). */
export async function heldShipmentsAt(knex: Knex, dc = DC): Promise<Record<string, unknown>[]> {
  return knex('shipments').where({ dc }).whereIn('status', STATION_HELD_STATUSES as string[]).orderBy('id');
}

/**
 * Inserts one row into `table` and answers its id on either test database:
 * PostgreSQL answers only with `.returning('id')`, as `{ id }`; SQLite
 * answers with the bare id.
 */
export async function insertId(knex: Knex, table: string, row: Record<string, unknown>): Promise<number> {
  const [r] = (await knex(table).insert(row).returning('id')) as unknown[];
  return idOf(r);
}

let barcodeSerial = 0;

/** A title of the test's own with `inStock` copies at the DC, so no other test takes them (what a replacement is allocated from). */
export async function addTitleInStock(knex: Knex, o: { name: string; inStock: number; barcodePrefix: string; dc?: string }): Promise<number> {
  const titleId = await insertId(knex, 'titles', { name: o.name, year: 2001, genre: 'Drama', rating: 'PG', runtime_minutes: 100, popularity: 0 });
  for (let i = 0; i < o.inStock; i++) await insertId(knex, 'discs', { title_id: titleId, barcode: `${o.barcodePrefix}${String(++barcodeSerial).padStart(7, '0')}`, home_dc: o.dc ?? DC, status: 'in_stock', version: 1 });
  return titleId;
}

export interface CallerWithOrderOutOptions {
  customerId: number;
  /** Starts the discs' barcodes and the order's number, so a file's rows never meet the demo's. */
  barcodePrefix: string;
  /** The DC that mailed the order, holds the title's discs and serves the customer; the test DC unless told. */
  dc?: string;
  /** A title already built, or a new one with `inStock` copies at the DC (`addTitleInStock`). */
  title: number | { name: string; inStock: number };
  /** More of the customer's own fields, such as an email address the test will look for. */
  customer?: Record<string, unknown>;
  /** A desk of this world that opens the customer for a phone call and syncs; without it the test opens them its own way (a station world's desk). */
  openAt?: TestStation;
}

export interface CallerWithOrderOut {
  customerId: number;
  titleId: number;
  discId: number;
  shipmentId: number;
  orderNumber: string;
}

/** A shipments row for an order mailed to the customer's current address (status `shipped`, or later: `returned`). */
export function mailedOrderRow(o: {
  orderNumber: string;
  customerId: number;
  titleId: number;
  discId: number;
  dc: string;
  status: string;
  address: { line1: string; city: string; state: string; zip5: string };
}): Record<string, unknown> {
  return {
    order_number: o.orderNumber,
    customer_id: o.customerId,
    title_id: o.titleId,
    disc_id: o.discId,
    dc: o.dc,
    status: o.status,
    ship_by: '2024-05-03T00:00:00.000Z',
    ship_name: 'A CUSTOMER',
    ship_line1: o.address.line1,
    ship_city: o.address.city,
    ship_state: o.address.state,
    ship_zip5: o.address.zip5,
    created_at: '2024-05-01T00:00:00.000Z',
    shipped_at: '2024-05-02T00:00:00.000Z',
  };
}

/**
 * A caller with an order problem to report, written straight into a central
 * database (`knex`, so a station world's tests build it too): the customer
 * can receive discs (active, age-certified, served by the DC) and has an
 * order of the title mailed and still out (its disc `out`, the shipment
 * `shipped`).
 */
export async function addCallerWithOrderOut(knex: Knex, o: CallerWithOrderOutOptions): Promise<CallerWithOrderOut> {
  const dc = o.dc ?? DC;
  await knex('customers').where({ id: o.customerId }).update({ status: 'active', age_certified_at: '2020-01-01T00:00:00.000Z', home_dc: dc, ...o.customer });
  const titleId = typeof o.title === 'number' ? o.title : await addTitleInStock(knex, { ...o.title, barcodePrefix: o.barcodePrefix, dc });
  const serial = ++barcodeSerial;
  const discId = await insertId(knex, 'discs', { title_id: titleId, barcode: `${o.barcodePrefix}${String(serial).padStart(7, '0')}`, home_dc: dc, status: 'out', version: 1 });
  const address = (await knex('addresses').where({ customer_id: o.customerId, is_current: true }).first('line1', 'city', 'state', 'zip5')) as
    | { line1: string; city: string; state: string; zip5: string }
    | undefined;
  if (!address) throw new Error(`customer ${o.customerId} has no current address to mail an order to`);
  const orderNumber = `${o.barcodePrefix}${String(serial).padStart(9, '0')}`;
  const shipmentId = await insertId(knex, 'shipments', mailedOrderRow({ orderNumber, customerId: o.customerId, titleId, discId, dc, status: 'shipped', address }));
  if (o.openAt) {
    await o.openAt.engine.subscribe(o.customerId, o.openAt.token, 'phone_call');
    await o.openAt.syncUntilQuiet();
  }
  return { customerId: o.customerId, titleId, discId, shipmentId, orderNumber };
}

let serials = 0;
/** A fresh IMb serial (mailer id + 9 digits), as a station's serial range hands them out. */
export function nextSerial(): string {
  return `901234${String(++serials).padStart(9, '0')}`;
}

/**
 * What a packing station sends when the right disc is scanned for an order:
 * the scan-verified pack with its printed label, the only way the product
 * moves an order to `labeled`. The disc is the copy allocated to the order.
 */
export async function packAndLabel(station: TestStation, shipmentId: number, opts: { labelSerial?: string } = {}) {
  const row = (await station.knex('shipments').where({ id: shipmentId }).first('disc_id')) as { disc_id: number | null } | undefined;
  if (!row?.disc_id) throw new Error(`shipment ${shipmentId} is not at ${station.name} with an allocated disc`);
  return station.mutate('shipment.packAndLabel', { shipmentId, discId: Number(row.disc_id), labelSerial: opts.labelSerial ?? nextSerial(), printer: 'Zebra 1' });
}

/** The push a station would send now: its pending outbox, in order. */
export async function pendingPush(station: TestStation) {
  const rows = await station.knex('outbox').where({ status: 'pending' }).orderBy('mutation_id');
  return {
    rows,
    body: {
      clientId: station.clientId,
      mutations: rows.map((r) => ({ id: r.mutation_id, name: r.name, args: JSON.parse(r.args), staffId: r.staff_id, at: r.created_at, baseVersions: JSON.parse(r.base_versions) })),
    },
  };
}

export async function pushRaw(world: SyncWorld, credential: string, body: unknown) {
  return world.api.app.inject({ method: 'POST', url: '/v1/sync/push', headers: world.api.stationHeaders(credential), payload: body as object });
}

export async function pullRaw(world: SyncWorld, credential: string, token: string, body: unknown) {
  return world.api.app.inject({
    method: 'POST',
    url: '/v1/sync/pull',
    headers: { ...world.api.stationHeaders(credential), 'x-staff-session': token },
    payload: body as object,
  });
}

/** PostgreSQL: how many sessions of the test's database are waiting for a lock right now. */
export async function waitingForLocks(central: Knex): Promise<number> {
  const res = await central.raw<{ rows: { n: string }[] }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND datname = current_database()`);
  return Number(res.rows[0]!.n);
}

/** Polls `ok` every 20 ms until it holds; fails with `what` after 10 s. */
export async function until(ok: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(what);
    await new Promise((r) => setTimeout(r, 20));
  }
}
