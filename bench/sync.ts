/**
 * `npm run bench:sync`: the sync protocol against a central API on loopback
 * (SQLite, and PostgreSQL when DATABASE_URL or 127.0.0.1:5432 answers):
 *   - initial sync of a packing station's scope (its DC's discs, titles, held shipments...)
 *   - incremental pull of 10,000 changes
 *   - push of 1,000 queued mutations
 * each with its ratio to a raw knex bulk insert of the same rows.
 *
 * The default demo (250,000 customers, 2,800,000 shipments) gives the SJC
 * packing station a scope of about 200,000 rows. Seeding that takes minutes
 * (SQLite ~7, PostgreSQL ~12), so a seeded central is kept and copied for each
 * run: the SQLite file under the data dir, a PostgreSQL template database
 * (`CREATE DATABASE ... TEMPLATE`); the API migrates the copy forward as it
 * would any central database. After a change to the demo generator, `--reseed`.
 *
 *   npm run bench:sync -- [--data-dir .bench/sync] [--customers 250000] [--shipments 2800000] [--database sqlite|postgres|both] [--reseed]
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { generateDemo } from '../core/demo/generate';
import { DEMO_STAFF } from '../core/demo/staff';
import { SYNCED_TABLES } from '../core/sync/tables';
import { intOption, parseCli } from '../platform/cli-args';
import { openDatabase } from '../platform/database';
import { createLogger } from '../platform/logger';
import { CENTRAL_SQLITE_FILE, startApi } from '../api/start';
import { CentralClient } from '../main/central/central-client';
import { openStationDb } from '../main/db/station-db';
import { syncTransport } from '../main/sync/sync-client';
import { SyncEngine } from '../main/sync/sync-engine';
import { writeDemo } from '../scripts/seed/write-demo';
import { spawnApi } from './lib/api-process';
import { report, round, trackPeakRss, type Target } from './lib/bench-kit';

const { values } = parseCli(process.argv.slice(2), {
  customers: { type: 'string' },
  shipments: { type: 'string' },
  database: { type: 'string' },
  reseed: { type: 'boolean' },
});
const customers = intOption(values.customers, 'customers', 250_000);
const shipments = intOption(values.shipments, 'shipments', 2_800_000);
const root = resolve(values['data-dir'] ?? join('.bench', 'sync'));
const PG_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const logger = createLogger('bench', { level: 'silent' });
const KEY = 'bench-sync-enrollment-key-0123456789';
const rss = trackPeakRss();

async function pgAnswers(): Promise<boolean> {
  const c = new pg.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

const which = values.database ?? 'both';
const databases: Array<'sqlite' | 'postgres'> = which === 'both' ? ['sqlite', ...((await pgAnswers()) ? (['postgres'] as const) : [])] : [which as 'sqlite' | 'postgres'];
const secs = (t0: number) => round((performance.now() - t0) / 1000, 2);
const figures: Record<string, unknown> = { customers, shipments };
const targets: Target[] = [];

interface CentralOptions {
  dataDir: string;
  databaseUrl?: string;
}

// The copy of a kept seed is migrated forward when the API starts on it, like any central database.
const seedKey = createHash('sha256').update(`${customers}/${shipments}/seed 1`).digest('hex').slice(0, 12);

function pgUrl(database: string): string {
  const url = new URL(PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Runs `fn` on a client of `database` (the server's maintenance database by default). */
async function onPg<T>(fn: (c: pg.Client) => Promise<T>, database?: string): Promise<T> {
  const c = new pg.Client({ connectionString: database ? pgUrl(database) : PG_URL });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

async function seedCentral(options: CentralOptions, kind: string): Promise<void> {
  const api = await startApi({ ...options, port: 0, enrollmentKey: KEY, logger });
  console.log(`[${kind}] seeding ${customers} customers / ${shipments} shipments (kept for later runs)…`);
  const t0 = performance.now();
  await writeDemo(api.db.knex, generateDemo({ customers, shipments, seed: 1 }));
  if (kind === 'sqlite') await api.db.knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
  else await api.db.knex.raw('ANALYZE');
  console.log(`[${kind}] seeded in ${secs(t0)} s`);
  await api.close();
}

/** A seeded central database for this run, copied from the kept seed (seeding it first if there is none). */
async function freshCentral(kind: 'sqlite' | 'postgres', dir: string): Promise<{ options: CentralOptions; drop(): Promise<void> }> {
  if (kind === 'sqlite') {
    const seedDir = join(root, `seed-sqlite-${seedKey}`);
    const done = join(seedDir, 'seeded');
    if (values.reseed || !existsSync(done)) {
      rmSync(seedDir, { recursive: true, force: true });
      await seedCentral({ dataDir: seedDir }, kind);
      writeFileSync(done, new Date().toISOString());
    }
    mkdirSync(join(dir, 'central'), { recursive: true });
    copyFileSync(join(seedDir, CENTRAL_SQLITE_FILE), join(dir, 'central', CENTRAL_SQLITE_FILE));
    return { options: { dataDir: join(dir, 'central') }, drop: async () => undefined };
  }
  const seedDb = `backlot_bench_seed_${seedKey}`;
  const runDb = 'backlot_bench_sync_run';
  const seeded = await onPg(async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [seedDb])).rowCount === 1);
  const complete = seeded && (await onPg(async (c) => (await c.query(`SELECT 1 FROM pg_tables WHERE tablename = 'bench_seeded'`)).rowCount === 1, seedDb));
  if (values.reseed || !complete) {
    await onPg(async (c) => {
      await c.query(`DROP DATABASE IF EXISTS ${seedDb}`);
      await c.query(`CREATE DATABASE ${seedDb}`);
    });
    await seedCentral({ dataDir: join(dir, 'central'), databaseUrl: pgUrl(seedDb) }, kind);
    await onPg((c) => c.query('CREATE TABLE bench_seeded (at text)'), seedDb);
  }
  await onPg(async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${runDb}`);
    await c.query(`CREATE DATABASE ${runDb} TEMPLATE ${seedDb}`);
  });
  return {
    options: { dataDir: join(dir, 'central'), databaseUrl: pgUrl(runDb) },
    drop: () => onPg(async (c) => void (await c.query(`DROP DATABASE IF EXISTS ${runDb}`))),
  };
}

for (const kind of databases) {
  const dir = join(root, kind);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const centralDb = await freshCentral(kind, dir);
  // The central API runs as its own process, as it does in production (another machine, here
  // another core); the bench reaches its database directly only to make changes and read results.
  const api = await spawnApi({ dataDir: centralDb.options.dataDir, enrollmentKey: KEY, ...(centralDb.options.databaseUrl ? { databaseUrl: centralDb.options.databaseUrl } : {}), logFile: join(dir, 'api.log') });
  const centralKnex = (centralDb.options.databaseUrl ? openDatabase({ url: centralDb.options.databaseUrl }) : openDatabase({ file: join(centralDb.options.dataDir, CENTRAL_SQLITE_FILE) })).knex;
  const central = new CentralClient({ baseUrl: () => api.url, credential: () => credential, timeoutMs: 120_000 });
  let credential: string | null = null;
  credential = (await central.call('station.register', { name: 'bench', distributionCenter: 'SJC' }, { enrollmentKey: KEY })).credential;
  const wanda = DEMO_STAFF.find((s) => s.username === 'wanda')!;
  const { token } = await central.call('auth.signIn', { username: wanda.username, secret: wanda.secret });

  const station = await openStationDb(join(dir, 'station'));
  const engine = new SyncEngine({
    knex: station.knex,
    transport: syncTransport(central),
    logger,
    station: () => ({ stationId: credential!.split('.')[0]!, stationDc: 'SJC' }),
  } as ConstructorParameters<typeof SyncEngine>[0]);
  engine.useSession('bench', { apiToken: token, staff: { role: 'warehouse' } });

  // 1. Initial sync of the DC's scope.
  let t0 = performance.now();
  for (let i = 0; i < 50; i++) {
    const outcome = await engine.syncNow();
    if (!outcome.ok) throw new Error(`initial sync failed: ${JSON.stringify(outcome.error)}`);
    if (!(await engine.status()).initialSync) break;
  }
  const initialSeconds = secs(t0);
  const tables = Object.keys(SYNCED_TABLES).filter((t) => t !== 'audit_log');
  const scopeRows: Record<string, Record<string, unknown>[]> = {};
  let rows = 0;
  for (const t of tables) {
    const list = await station.knex(t).select('*');
    scopeRows[t] = list;
    rows += list.length;
  }
  console.log(`[${kind}] initial sync: ${rows} rows in ${initialSeconds} s`);

  // Raw: the same rows bulk-inserted with knex into an empty station cache.
  const rawStation = await openStationDb(join(dir, 'raw'));
  t0 = performance.now();
  for (const t of tables) if (scopeRows[t]!.length) await rawStation.knex.batchInsert(t, scopeRows[t]!, 400);
  const rawInitial = secs(t0);

  // 2. Incremental pull of 10,000 changes (discs of this DC booked out and back, as a busy day would).
  const discIds = (await centralKnex('discs').where({ home_dc: 'SJC' }).orderBy('id').limit(10_000).pluck('id')) as number[];
  for (let i = 0; i < discIds.length; i += 1000) await centralKnex('discs').whereIn('id', discIds.slice(i, i + 1000)).update({ damage_reason: 'bench' });
  t0 = performance.now();
  await engine.syncNow();
  const incrementalSeconds = secs(t0);
  const changed = await station.knex('discs').whereIn('id', discIds).select('*');
  t0 = performance.now();
  for (let i = 0; i < changed.length; i += 400) await rawStation.knex('discs').insert(changed.slice(i, i + 400)).onConflict('id').merge();
  const rawIncremental = secs(t0);
  console.log(`[${kind}] incremental pull: ${changed.length} changes in ${incrementalSeconds} s`);

  // 3. Push of 1,000 queued mutations made offline.
  engine.forgetSession('bench');
  const actor = { staffId: `stf_${wanda.username}`, role: 'warehouse' as const };
  for (let i = 0; i < 1000; i++) await engine.mutate('audit.record', { action: 'label.looked_up', reason: `bench ${i}` }, actor);
  t0 = performance.now();
  await engine.syncNow();
  const pushSeconds = secs(t0);
  const pending = Number((await station.knex('outbox').where({ status: 'pending' }).count({ n: '*' }).first())?.n ?? 0);
  const auditRows = await centralKnex('audit_log').where({ action: 'label.looked_up' }).limit(1000).select('*');
  t0 = performance.now();
  await centralKnex.batchInsert('audit_log', auditRows.map((r: Record<string, unknown>) => ({ ...r, id: `raw-${r.id}` })), 400);
  const rawPush = secs(t0);
  console.log(`[${kind}] push: 1000 mutations in ${pushSeconds} s (${pending} left pending)`);

  Object.assign(figures, {
    [`${kind}_scope_rows`]: rows,
    [`${kind}_initial_sync_s`]: initialSeconds,
    [`${kind}_initial_ratio`]: round(initialSeconds / Math.max(rawInitial, 0.001), 2),
    [`${kind}_incremental_10k_s`]: incrementalSeconds,
    [`${kind}_incremental_ratio`]: round(incrementalSeconds / Math.max(rawIncremental, 0.001), 2),
    [`${kind}_push_1000_s`]: pushSeconds,
    [`${kind}_push_ratio`]: round(pushSeconds / Math.max(rawPush, 0.001), 2),
  });
  targets.push(
    { name: `${kind} initial sync of ${rows} rows (s; target 10 s is for 200,000)`, value: round((initialSeconds * 200_000) / Math.max(rows, 1), 2), limit: 10 },
    { name: `${kind} incremental pull of 10,000 changes (s)`, value: incrementalSeconds, limit: 1 },
    { name: `${kind} push of 1,000 mutations (s)`, value: pushSeconds, limit: 2 },
  );
  await engine.stop();
  await station.close();
  await rawStation.close();
  await centralKnex.destroy();
  await api.close();
  await centralDb.drop();
}
rss.stop();
figures.peak_rss_mb = rss.peakMb();
report('sync', figures, targets);
