/**
 * An API world per test database: migrated schema, one distribution center,
 * a movable clock, and helpers that act the way a station would.
 */
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import type { Knex } from 'knex';
import type { Staff } from '../../core/auth/schemas';
import type { Role } from '../../core/roles';
import { createLogger, type Logger } from '../../platform/logger';
import type { Database } from '../../platform/database';
import { API_DEFAULTS, type ApiConfig } from '../../api/config';
import { migrateLatest } from '../../api/db/migrate';
import { buildApi } from '../../api/server';
import { createStaff } from '../../api/staff/accounts';
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
