/**
 * Behind PgBouncer in transaction mode (issue 18): the central API keeps no
 * session state outside transactions, so its query pool can go through a
 * transaction pooler that hands each transaction whichever server connection
 * is free (here 2 server connections for the API's 10 client ones, so
 * consecutive statements of one client really land on different server
 * connections), while the live hub LISTENs on its own direct connection.
 *
 * Its own database (a pooler cannot carry the schema-per-test search path,
 * which is session state).
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PREFERENCE_FIELDS } from '../../core/sync/mutators/preferences-set';
import { API_DEFAULTS } from '../../api/config';
import { buildApi } from '../../api/server';
import { openDatabase } from '../../platform/database';
import { prepareStatements } from '../../platform/prepared-statements';
import { classifyFailure } from '../../api/sync/failure-class';
import { createLogger } from '../../platform/logger';
import { TEST_ENROLLMENT_KEY } from '../api/world';
import { pgbouncerMissing, startPgBouncer, type RunningPgBouncer } from '../../scripts/launch/pgbouncer';
import { databaseTargets, TEST_POSTGRES_URL, type DatabaseTarget } from '../api/harness';
import { packAndLabel, startSyncWorld, type SyncWorld, type TestStation } from './world';
import pg from 'pg';

const postgres = databaseTargets.find((t) => t.name === 'postgres');
const missing = !postgres ? 'PostgreSQL is not reachable at 127.0.0.1:5432' : pgbouncerMissing();
if (missing) console.warn(`[tests/sync/pgbouncer.test.ts] ${missing}: the PgBouncer test does not run here.`);

function dbUrl(name: string): string {
  const u = new URL(TEST_POSTGRES_URL);
  u.pathname = `/${name}`;
  return u.toString();
}

async function admin(sql: string): Promise<void> {
  const c = new pg.Client({ connectionString: TEST_POSTGRES_URL });
  await c.connect();
  try {
    await c.query(sql);
  } finally {
    await c.end();
  }
}

describe.runIf(!missing)('the central API behind PgBouncer in transaction mode', () => {
  let bouncer: RunningPgBouncer;
  let world: SyncWorld;
  let stations: TestStation[];
  const database = `backlot_test_pgbouncer_${randomBytes(4).toString('hex')}`;

  beforeAll(async () => {
    await admin(`CREATE DATABASE ${database}`);
    bouncer = await startPgBouncer({ upstreamUrl: TEST_POSTGRES_URL, poolSize: 2 });
    const target: DatabaseTarget = {
      name: 'postgres',
      async open() {
        const db = openDatabase({ url: bouncer.urlFor(dbUrl(database)), listenUrl: dbUrl(database), poolMax: 10 });
        return { db, dispose: () => db.close() };
      },
    };
    world = await startSyncWorld(target);
    await world.allocate(8);
    stations = [
      await world.openStation({ user: 'wanda', name: 'pack' }),
      await world.openStation({ user: 'carl', name: 'desk 1' }),
      await world.openStation({ user: 'carl', name: 'desk 2', engine: { intervalMs: 600_000, soonMs: 600_000, liveWaitMs: 20_000 } }),
    ];
  }, 120_000);

  afterAll(async () => {
    await world?.close();
    await bouncer?.close();
    await admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`).catch(() => undefined);
  });

  it('pushes and pulls from three stations exactly once, and every station converges', async () => {
    const [pack, desk1, desk2] = stations as [TestStation, TestStation, TestStation];
    const customers = (await world.central('customers').orderBy('id').limit(4).pluck('id')) as number[];
    for (const desk of [desk1, desk2]) for (const c of customers) await desk.engine.subscribe(c, desk.token, 'phone_call');
    for (const s of stations) await s.syncUntilQuiet();
    const open = (await pack.knex('shipments').where({ status: 'allocated' }).orderBy('id').limit(6).pluck('id')) as number[];
    const made = new Map<TestStation, number>();
    let n = 0;
    for (const shipmentId of open) {
      await packAndLabel(pack, shipmentId);
      made.set(pack, (made.get(pack) ?? 0) + 1);
      for (const desk of [desk1, desk2]) {
        const field = PREFERENCE_FIELDS[n++ % PREFERENCE_FIELDS.length]!;
        await desk.mutate('preferences.set', { customerId: customers[n % customers.length]!, field, value: n % 2 === 0, channel: 'phone' });
        await desk.mutate('audit.record', { action: 'label.looked_up', reason: `through the pooler ${n}` });
        made.set(desk, (made.get(desk) ?? 0) + 2);
      }
      // Concurrent cycles: the pooler's two server connections are shared by every request.
      await Promise.all(stations.map((s) => s.sync()));
    }
    for (const s of stations) await s.syncUntilQuiet();

    for (const s of stations) {
      const row = await world.central('sync_clients').where({ client_id: s.clientId }).first('applied_count', 'rejected_count');
      expect(Number(row.applied_count) + Number(row.rejected_count)).toBe(made.get(s));
      expect(Number(row.rejected_count)).toBe(0);
    }
    expect(await world.central('label_events').whereIn('shipment_id', open).count({ n: '*' }).first()).toMatchObject({ n: String(open.length) });
    const central = await world.central('preferences').whereIn('customer_id', customers).orderBy('customer_id');
    for (const desk of [desk1, desk2]) {
      const local = await desk.knex('preferences').whereIn('customer_id', customers).orderBy('customer_id');
      expect(local.map((r: Record<string, unknown>) => PREFERENCE_FIELDS.map((f) => !!r[f]))).toEqual(central.map((r: Record<string, unknown>) => PREFERENCE_FIELDS.map((f) => !!r[f])));
    }
  });

  it('live changes still reach a desk within a second: the hub LISTENs on its own direct connection, not through the pooler', async () => {
    const [, desk1, desk2] = stations as [TestStation, TestStation, TestStation];
    const customerId = Number((await world.central('customers').orderBy('id').first('id')).id);
    await desk2.syncUntilQuiet();
    desk2.engine.start();
    await new Promise((r) => setTimeout(r, 300));
    const name = `Pooled ${randomBytes(3).toString('hex')}`;
    await desk1.mutate('customer.updateContact', { customerId, fullName: name });
    await desk1.sync();
    const t0 = performance.now();
    for (;;) {
      const row = await desk2.knex('customers').where({ id: customerId }).first('full_name');
      if (row?.full_name === name) break;
      if (performance.now() - t0 > 5_000) throw new Error('the rename never reached the other desk');
      await new Promise((r) => setTimeout(r, 20));
    }
    expect(performance.now() - t0).toBeLessThan(1_000);
    await desk2.engine.stop();
    const listeners = await world.central.raw<{ rows: { n: string }[] }>(`SELECT count(*) AS n FROM pg_stat_activity WHERE application_name = 'backlot-live' AND datname = ?`, [database]);
    expect(Number(listeners.rows[0]!.n)).toBe(1);
  });

  it('an instance told to LISTEN through the pooler notices that it hears nothing and says so: it looks every 200 ms instead', async () => {
    const health = async (app: { inject: ReturnType<typeof buildApi>['inject'] }) => (await app.inject({ method: 'GET', url: '/health' })).json<{ live: string }>().live;
    // The direct one listens.
    const deadline = Date.now() + 5_000;
    while ((await health(world.api.app)) !== 'listen' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await health(world.api.app)).toBe('listen');
    // One whose LISTEN goes through the transaction pooler: its probe never arrives.
    const pooled = openDatabase({ url: bouncer.urlFor(dbUrl(database)), poolMax: 2 });
    const app = buildApi({ db: pooled, logger: createLogger('api-pooled', { level: 'silent' }), config: { ...API_DEFAULTS, enrollmentKey: TEST_ENROLLMENT_KEY } });
    try {
      await app.ready();
      await new Promise((r) => setTimeout(r, 3_000));
      expect(await health(app)).toBe('poll');
    } finally {
      await app.close();
      await pooled.close();
    }
  });

  it('named statements sent through the pooler by mistake: the first one it loses turns naming off, and that failure is one to retry', async () => {
    // Two server connections for ten clients: a statement one of them prepared is soon asked of the other.
    const pooled = openDatabase({ url: bouncer.urlFor(dbUrl(database)), poolMax: 10 });
    const found: unknown[] = [];
    prepareStatements(pooled.knex, { onPoolerFound: (err) => found.push(err) });
    try {
      const read = (id: number) => pooled.knex('customers').where({ id }).first('id');
      const runs = await Promise.allSettled(Array.from({ length: 200 }, (_, i) => read((i % 4) + 1)));
      const failures = runs.filter((r): r is PromiseRejectedResult => r.status === 'rejected').map((r) => r.reason);
      expect(found, 'the pooler lost a statement and naming stopped').toHaveLength(1);
      for (const f of failures) expect(classifyFailure(f)).toEqual({ kind: 'transient' });
      // Unnamed from here on, every read answers.
      const after = await Promise.all(Array.from({ length: 40 }, (_, i) => read((i % 4) + 1)));
      expect(after.map((r) => r?.id)).toEqual(Array.from({ length: 40 }, (_, i) => (i % 4) + 1));
    } finally {
      await pooled.close();
    }
  });
});
