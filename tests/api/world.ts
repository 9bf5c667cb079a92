/**
 * The central API layer's world, on each test database (`databaseTargets` in
 * harness.ts): migrated schema, one distribution center, a movable clock, and
 * helpers that act the way a station would (`startTestApi`). `apiWorld` is the
 * same API with a signed-in member of each role, calls as that role, and an
 * optional demo scenario; `addCustomer`, `addTitle`, `addShipment` and
 * `addReview` build the exact rows a test counts (so each assertion is about
 * numbers the test chose).
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Knex } from 'knex';
import type { Staff } from '../../core/auth/schemas';
import type { Role } from '../../core/roles';
import { generateDemo, type DemoData } from '../../core/demo/generate';
import { scenario, type ScenarioName } from '../../core/demo/scenarios';
import { createLogger, type Logger } from '../../platform/logger';
import type { Database } from '../../platform/database';
import { API_DEFAULTS, type ApiConfig } from '../../api/config';
import { migrateLatest } from '../../api/db/migrate';
import { buildApi } from '../../api/server';
import { createStaff } from '../../api/staff/accounts';
import { writeDemo } from '../../scripts/seed/write-demo';
import type { DatabaseTarget } from './harness';

export const TEST_DC = {
  code: 'SJC',
  name: 'San Jose',
  line1: '100 W SANTA CLARA ST',
  city: 'SAN JOSE',
  state: 'CA',
  zip5: '95113',
  zip4: '1701',
  mailer_id: '901234',
  timezone: 'America/Los_Angeles',
};

export const TEST_ENROLLMENT_KEY = 'test-enrollment-key-0123456789';

export interface TestClock {
  now(): Date;
  advance(ms: number): void;
}

export interface StaffMember {
  staff: Staff;
  username: string;
  secret: string;
}

export interface SignedIn extends StaffMember {
  token: string;
  headers: Record<string, string>;
}

export interface AuditRow {
  id: string;
  at: string;
  staff_id: string | null;
  station_id: string | null;
  action: string;
  detail: string | null;
}

export interface TestApi {
  app: FastifyInstance;
  db: Database;
  knex: Knex;
  clock: TestClock;
  /** A station registered at start; most tests act from it. */
  station: string;
  registerStation(name?: string, distributionCenter?: string): Promise<string>;
  stationHeaders(credential?: string): Record<string, string>;
  createStaffMember(role: Role, opts?: { secret?: string }): Promise<StaffMember>;
  signInRequest(username: string, secret: string, station?: string): Promise<LightMyRequestResponse>;
  signInAs(role: Role, station?: string): Promise<SignedIn>;
  auditRows(action: string): Promise<AuditRow[]>;
  close(): Promise<void>;
}

export async function startTestApi(
  target: DatabaseTarget,
  opts: { config?: Partial<ApiConfig>; logger?: Logger } = {},
): Promise<TestApi> {
  const { db, dispose } = await target.open();
  await migrateLatest(db.knex);
  await db.knex('distribution_centers').insert(TEST_DC);

  let now = new Date();
  const clock: TestClock = {
    now: () => new Date(now),
    advance: (ms) => {
      now = new Date(now.getTime() + ms);
    },
  };
  const app = buildApi({
    db,
    logger: opts.logger ?? createLogger('api-test'),
    clock,
    config: { ...API_DEFAULTS, enrollmentKey: TEST_ENROLLMENT_KEY, ...opts.config },
  });
  await app.ready();

  let usernames = 0;
  const stationHeaders = (credential: string) => ({ authorization: `Station ${credential}` });

  async function registerStation(name = 'Pack 1', distributionCenter = TEST_DC.code): Promise<string> {
    const res = await app.inject({
      method: 'POST',
      url: '/v1/stations/register',
      headers: { 'x-enrollment-key': TEST_ENROLLMENT_KEY },
      payload: { name, distributionCenter },
    });
    if (res.statusCode !== 201) throw new Error(`station registration failed: ${res.body}`);
    return res.json<{ credential: string }>().credential;
  }

  const station = await registerStation();

  const api: TestApi = {
    app,
    db,
    knex: db.knex,
    clock,
    station,
    registerStation,
    stationHeaders: (credential = station) => stationHeaders(credential),
    async createStaffMember(role, { secret = '4821' } = {}) {
      usernames += 1;
      const username = `${role.replace('_', '')}${usernames}`;
      const staff = await createStaff(db.knex, { username, displayName: `Test ${role} ${usernames}`, role, secret }, clock.now());
      return { staff, username, secret };
    },
    signInRequest(username, secret, credential = station) {
      return app.inject({ method: 'POST', url: '/v1/auth/sign-in', headers: stationHeaders(credential), payload: { username, secret } });
    },
    async signInAs(role, credential = station) {
      const member = await api.createStaffMember(role);
      const res = await api.signInRequest(member.username, member.secret, credential);
      if (res.statusCode !== 200) throw new Error(`sign-in failed: ${res.body}`);
      const { token } = res.json<{ token: string }>();
      return { ...member, token, headers: { ...stationHeaders(credential), 'x-staff-session': token } };
    },
    auditRows(action) {
      return db.knex<AuditRow>('audit_log').where({ action }).orderBy('id');
    },
    async close() {
      await app.close();
      await dispose();
    },
  };
  return api;
}

export async function countRows(knex: Knex, table: string): Promise<number> {
  const row = await knex(table).count<{ n: number | string }[]>({ n: '*' }).first();
  return Number(row?.n ?? 0);
}

/** The API with a signed-in member of each role (`as`), and calls made as one of them. */
export interface ApiWorld {
  api: TestApi;
  knex: Knex;
  as: Record<Role, SignedIn>;
  demo: DemoData | null;
  call(role: Role, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Calls as a supervisor and fails the test unless the answer is 200. */
  ok<T = unknown>(method: 'GET' | 'POST', url: string, payload?: unknown, role?: Role): Promise<T>;
  close(): Promise<void>;
}

export async function apiWorld(target: DatabaseTarget, opts: { scenario?: ScenarioName } = {}): Promise<ApiWorld> {
  const api = await startTestApi(target);
  let demo: DemoData | null = null;
  if (opts.scenario) {
    // The demo's "today" is the start of the current UTC day, as the API's clock: "rented in the last N days" lines up.
    demo = generateDemo(scenario(opts.scenario));
    await writeDemo(api.knex, demo);
  }
  const as = {} as Record<Role, SignedIn>;
  for (const role of ['warehouse', 'cs_rep', 'supervisor', 'admin'] as const) as[role] = await api.signInAs(role);
  const world: ApiWorld = {
    api,
    knex: api.knex,
    as,
    demo,
    call(role, method, url, payload) {
      return api.app.inject({ method, url, headers: as[role].headers, ...(payload === undefined ? {} : { payload: payload as object }) });
    },
    async ok(method, url, payload, role = 'supervisor') {
      const res = await world.call(role, method, url, payload);
      if (res.statusCode !== 200) throw new Error(`${method} ${url} answered ${res.statusCode}: ${res.body}`);
      return res.json();
    },
    close: () => api.close(),
  };
  return world;
}

export function idOf(row: unknown): number {
  return typeof row === 'object' && row !== null ? Number((row as { id: number }).id) : Number(row);
}

let serial = 0;

export interface CustomerSpec {
  fullName?: string;
  email?: string;
  phone?: string | null;
  pseudonym?: string;
  state?: string;
  city?: string;
  zip5?: string;
  line1?: string;
  plan?: number;
  createdAt?: string;
  status?: 'active' | 'closed';
  policyVersion?: string;
  partnerExcluded?: boolean;
  postalOffers?: boolean;
  emailPromotions?: boolean;
}

export interface BuiltCustomer {
  id: number;
  fullName: string;
  email: string;
  phone: string | null;
  pseudonym: string;
  line1: string;
  city: string;
  state: string;
  zip5: string;
}

export async function addCustomer(knex: Knex, spec: CustomerSpec = {}): Promise<BuiltCustomer> {
  serial += 1;
  const n = serial;
  const now = spec.createdAt ?? new Date().toISOString();
  const c = {
    fullName: spec.fullName ?? `Pat Tester${n}`,
    email: spec.email ?? `pat.tester${n}.${Math.random().toString(36).slice(2, 8)}@example.com`,
    phone: spec.phone === undefined ? `+1415555${String(1000 + (n % 9000)).padStart(4, '0')}` : spec.phone,
    pseudonym: spec.pseudonym ?? `ReelFan${n}`,
    line1: spec.line1 ?? `${100 + n} MAIN ST`,
    city: spec.city ?? 'SAN JOSE',
    state: spec.state ?? 'CA',
    zip5: spec.zip5 ?? String(95000 + (n % 900)).padStart(5, '0'),
  };
  const [row] = await knex('customers')
    .insert({
      email: c.email, full_name: c.fullName, phone: c.phone, pseudonym: c.pseudonym, age_certified_at: now, status: spec.status ?? 'active',
      plan_discs_out: spec.plan ?? 2, home_dc: TEST_DC.code, policy_version: spec.policyVersion ?? '2003-06', created_at: now, updated_at: now,
    })
    .returning('id');
  const id = idOf(row);
  await knex('addresses').insert({ customer_id: id, line1: c.line1, city: c.city, state: c.state, zip5: c.zip5, zip4: '1234', is_current: true, created_at: now });
  await knex('preferences').insert({
    customer_id: id, email_newsletter: true, email_offers: true, email_promotions: spec.emailPromotions ?? true, email_surveys: true,
    postal_offers: spec.postalOffers ?? true, partner_mailings_excluded: spec.partnerExcluded ?? false, updated_at: now,
  });
  return { id, ...c };
}

export async function addTitle(knex: Knex, genre: string, name = `${genre} Title ${++serial}`): Promise<number> {
  const [row] = await knex('titles').insert({ name, year: 2001, genre, rating: 'PG', runtime_minutes: 100 }).returning('id');
  return idOf(row);
}

export async function addShipment(knex: Knex, customer: BuiltCustomer, titleId: number, shippedAt: string, state = customer.state): Promise<number> {
  serial += 1;
  const [row] = await knex('shipments')
    .insert({
      order_number: `T${serial}-${Math.random().toString(36).slice(2, 10)}`, customer_id: customer.id, title_id: titleId, dc: TEST_DC.code, status: 'returned',
      ship_by: shippedAt, ship_name: customer.fullName.toUpperCase(), ship_line1: customer.line1, ship_city: customer.city, ship_state: state,
      ship_zip5: customer.zip5, created_at: shippedAt, shipped_at: shippedAt, returned_at: shippedAt,
    })
    .returning('id');
  return idOf(row);
}

export async function addReview(knex: Knex, customer: BuiltCustomer, titleId: number, body: string, opts: { stars?: number; state?: string; createdAt?: string } = {}): Promise<number> {
  const [row] = await knex('reviews')
    .insert({
      title_id: titleId, customer_id: customer.id, pseudonym: customer.pseudonym, stars: opts.stars ?? 4, body,
      moderation_state: opts.state ?? 'pending', created_at: opts.createdAt ?? new Date().toISOString(),
    })
    .returning('id');
  return idOf(row);
}
