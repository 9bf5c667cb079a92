/**
 * The central API for the privacy suites, on every test database: a signed-in
 * member of each role, a way to call routes as them, and builders for the
 * exact customers, titles, shipments and reviews a test needs (so each
 * assertion is about numbers the test chose).
 */
import type { LightMyRequestResponse } from 'fastify';
import type { Knex } from 'knex';
import type { Role } from '../../core/roles';
import { generateDemo, type DemoData } from '../../core/demo/generate';
import { scenario, type ScenarioName } from '../../core/demo/scenarios';
import { writeDemo } from '../../scripts/seed/write-demo';
import type { DatabaseTarget } from '../api/harness';
import { startTestApi, TEST_DC, type SignedIn, type TestApi } from '../api/fixtures';

export interface PrivacyWorld {
  api: TestApi;
  knex: Knex;
  as: Record<Role, SignedIn>;
  demo: DemoData | null;
  call(role: Role, method: 'GET' | 'POST', url: string, payload?: unknown): Promise<LightMyRequestResponse>;
  /** Calls as a supervisor and fails the test unless the answer is 200. */
  ok<T = unknown>(method: 'GET' | 'POST', url: string, payload?: unknown, role?: Role): Promise<T>;
  close(): Promise<void>;
}

export async function privacyWorld(target: DatabaseTarget, opts: { scenario?: ScenarioName } = {}): Promise<PrivacyWorld> {
  const api = await startTestApi(target);
  let demo: DemoData | null = null;
  if (opts.scenario) {
    // The demo's "today" is the start of the current UTC day, as the API's clock: "rented in the last N days" lines up.
    demo = generateDemo(scenario(opts.scenario));
    await writeDemo(api.knex, demo);
  }
  const as = {} as Record<Role, SignedIn>;
  for (const role of ['warehouse', 'cs_rep', 'supervisor', 'admin'] as const) as[role] = await api.signInAs(role);
  const world: PrivacyWorld = {
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

/** RFC 4180 reader for the files under test (quoted cells, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Every way a phone number may show up in a file: E.164, the 10 national digits, and the last 7. */
export function phoneForms(phone: string | null): string[] {
  if (!phone) return [];
  const digits = phone.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  return [phone, national, national.slice(-7), `${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`];
}

export const EMAIL_PATTERN = /[^\s@,]+@[^\s@,]+\.[a-z]{2,}/i;
