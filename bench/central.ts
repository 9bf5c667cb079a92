/**
 * `npm run bench:central`: the central office with hundreds of stations at
 * once (issue 18). Two API instances (separate processes, `npm run api`) on
 * one PostgreSQL; simulated stations in worker threads, each with its own
 * station credential, staff session, sync client and cursor (see
 * `bench/central-stations.ts`): packers claim and pack an order every ~3 s,
 * reps rename a customer they have open every ~20 s, every station holds the
 * live channel and pulls when told, and polls after 10 s without a cycle.
 *
 *   1. warm-up, then at least 60 s of steady load: push and pull latency
 *      (p50/p99), mutations per second, failed requests, and how long a change
 *      committed at one station takes to be in another station's pull
 *      (`live_seen`: a rename at one desk seen at the desks that have the
 *      customer open; a pack seen at the desks that have its customer open);
 *   2. the reconnect burst: 50 of the stations go offline, queue 500 changes
 *      each, and come back at once; `burst_drain_s` is until the last of the
 *      25,000 is answered;
 *   3. every change the stations made is looked up in the central database:
 *      `lost` (no effect row and no rejection), `doubled` (a client's ledger
 *      counting more changes than it made, or an order with two printed labels).
 *
 * Also printed: the machine's load (`uptime`) before and after, CPU seconds
 * used by the API processes, PostgreSQL's backends and the simulator, lock
 * waits sampled from pg_stat_activity, and WAL syncs per commit, to say where
 * the limit is.
 *
 *   npm run bench:central -- [--stations 500] [--steady 60] [--warmup 10] [--burst-stations 50] [--burst-mutations 500]
 *                            [--workers 4] [--db-name backlot_bench_central] [--pooler] [--pool-max 10] [--reseed] [--data-dir .bench/central]
 *
 * DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) names the server and the maintenance database; the
 * benchmark creates `<db-name>` (and a kept seed `<db-name>_seed_<key>`) there. `--pooler` puts both instances'
 * query pools behind a private PgBouncer in transaction mode (LISTEN stays direct).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { Worker } from 'node:worker_threads';
import { Agent, request } from 'undici';
import { ulid } from 'ulidx';
import { generateDemo } from '../core/demo/generate';
import { DEMO_STAFF, demoStaffId } from '../core/demo/staff';
import { intOption, parseCli } from '../platform/cli-args';
import { openDatabase } from '../platform/database';
import { createLogger } from '../platform/logger';
import { startApi } from '../api/start';
import { writeDemo } from '../scripts/seed/write-demo';
import { pgbouncerMissing, startPgBouncer, type RunningPgBouncer } from '../scripts/launch/pgbouncer';
import { onPg, pgAnswers, pgUrl, spawnApi, type ApiProcess } from './lib/api-process';
import { report, round, summarize, type Target } from './lib/bench-kit';
import type { Phase, StationSpec, ToWorker, WorkerInput, WorkerReport } from './central-stations';

const { values } = parseCli(process.argv.slice(2), {
  stations: { type: 'string' },
  steady: { type: 'string' },
  warmup: { type: 'string' },
  'burst-stations': { type: 'string' },
  'burst-mutations': { type: 'string' },
  workers: { type: 'string' },
  customers: { type: 'string' },
  shipments: { type: 'string' },
  'db-name': { type: 'string' },
  'pool-max': { type: 'string' },
  pooler: { type: 'boolean' },
  reseed: { type: 'boolean' },
});
const STATIONS = intOption(values.stations, 'stations', 500);
const STEADY_S = intOption(values.steady, 'steady', 60);
const WARMUP_S = intOption(values.warmup, 'warmup', 10);
const BURST_STATIONS = Math.min(STATIONS, intOption(values['burst-stations'], 'burst-stations', 50));
const BURST_MUTATIONS = intOption(values['burst-mutations'], 'burst-mutations', 500);
const WORKERS = Math.max(1, intOption(values.workers, 'workers', 4));
const CUSTOMERS = intOption(values.customers, 'customers', 40_000);
const SHIPMENTS = intOption(values.shipments, 'shipments', 400_000);
const POOL_MAX = intOption(values['pool-max'], 'pool-max', 10);
const DB_NAME = values['db-name'] ?? 'backlot_bench_central';
if (!/^[a-z_][a-z0-9_]{0,40}$/.test(DB_NAME)) throw new Error('--db-name must be lower case letters, digits and underscores');
const PACKER_SHARE = 0.8;
const PACK_EVERY_MS = 3_000;
const EDIT_EVERY_MS = 20_000;
const POLL_MS = 10_000;
const KEY = 'bench-central-enrollment-key-0123456789';
const SERVER_URL = process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const root = resolve(values['data-dir'] ?? join('.bench', 'central'));
const logger = createLogger('bench', { level: 'silent' });
const secs = (t0: number) => round((performance.now() - t0) / 1000, 1);
const say = (line: string) => console.log(`[central] ${line}`);

const loadBefore = loadavg().map((x) => round(x, 2));

if (!(await pgAnswers(SERVER_URL))) {
  const reason = `PostgreSQL does not answer at ${new URL(SERVER_URL).host}: bench:central needs it (two API instances on one PostgreSQL)`;
  console.log(`SKIPPED ${reason}`);
  report('central', { skipped: reason }, []);
  process.exit(0);
}
if (values.pooler && pgbouncerMissing()) {
  const reason = `--pooler: ${pgbouncerMissing()}`;
  console.log(`SKIPPED ${reason}`);
  report('central', { skipped: reason }, []);
  process.exit(0);
}

rmSync(root, { recursive: true, force: true });
mkdirSync(root, { recursive: true });

// ---------------------------------------------------------------------- the central database

const seedKey = createHash('sha256').update(`${CUSTOMERS}/${SHIPMENTS}/0.05/seed 7`).digest('hex').slice(0, 10);
const seedDb = `${DB_NAME}_seed_${seedKey}`;
const seeded = await onPg(SERVER_URL, async (c) => (await c.query('SELECT 1 FROM pg_database WHERE datname = $1', [seedDb])).rowCount === 1);
const complete = seeded && (await onPg(pgUrl(SERVER_URL, seedDb), async (c) => (await c.query(`SELECT 1 FROM pg_tables WHERE tablename = 'bench_seeded'`)).rowCount === 1));
if (values.reseed || !complete) {
  await onPg(SERVER_URL, async (c) => {
    await c.query(`DROP DATABASE IF EXISTS ${seedDb} WITH (FORCE)`);
    await c.query(`CREATE DATABASE ${seedDb}`);
  });
  say(`seeding ${CUSTOMERS} customers / ${SHIPMENTS} shipments (kept as ${seedDb} for later runs)…`);
  const t0 = performance.now();
  const api = await startApi({ dataDir: join(root, 'seed'), databaseUrl: pgUrl(SERVER_URL, seedDb), port: 0, enrollmentKey: KEY, logger });
  // A busy morning: 5% of shipments allocated and waiting at the packing stations.
  await writeDemo(api.db.knex, generateDemo({ customers: CUSTOMERS, shipments: SHIPMENTS, seed: 7, allocatedShare: 0.05 }));
  await api.db.knex.raw('ANALYZE');
  await api.close();
  await onPg(pgUrl(SERVER_URL, seedDb), (c) => c.query('CREATE TABLE bench_seeded (at text)'));
  say(`seeded in ${secs(t0)} s`);
}
await onPg(SERVER_URL, async (c) => {
  await c.query(`DROP DATABASE IF EXISTS ${DB_NAME} WITH (FORCE)`);
  await c.query(`CREATE DATABASE ${DB_NAME} TEMPLATE ${seedDb}`);
});
const DIRECT_URL = pgUrl(SERVER_URL, DB_NAME);
const central = openDatabase({ url: DIRECT_URL, poolMax: 4 });
const knex = central.knex;

/**
 * A server with autovacuum off (this machine's test PostgreSQL is configured
 * so) never refreshes the statistics of tables the run fills from empty
 * (conflicts, subscriptions, label events): the planner keeps believing them
 * empty and scans them whole. The benchmark then analyzes what autovacuum
 * would, by its own rule (more rows changed since the last analyze than 50 +
 * 10 % of the table), every 10 s, and says so.
 */
const autovacuumOff = (await knex.raw<{ rows: { autovacuum: string }[] }>('SHOW autovacuum')).rows[0]!.autovacuum === 'off';
let standInAnalyzes = 0;
const analyzeLikeAutovacuum = async () => {
  const due = (await knex.raw<{ rows: { relname: string }[] }>(
    `SELECT s.relname FROM pg_stat_user_tables s JOIN pg_class c ON c.oid = s.relid
      WHERE s.n_mod_since_analyze > 50 + 0.1 * greatest(c.reltuples, 0)`,
  )).rows;
  for (const { relname } of due) {
    await knex.raw('ANALYZE ??', [relname]);
    standInAnalyzes++;
  }
};
const autovacuumStandIn = autovacuumOff ? setInterval(() => void analyzeLikeAutovacuum().catch(() => undefined), 10_000) : null;
if (autovacuumOff) say('this PostgreSQL runs with autovacuum off: the benchmark analyzes tables as autovacuum would, every 10 s');

// Who packs where: packers per distribution center in proportion to its waiting orders.
const waiting = (await knex('shipments as s')
  .join('customers as c', 'c.id', 's.customer_id')
  .where('s.status', 'allocated')
  .whereNotNull('s.disc_id')
  .whereNotNull('c.age_certified_at')
  .groupBy('s.dc')
  .select('s.dc')
  .count({ n: '*' })) as { dc: string; n: string | number }[];
const discRows = (await knex('shipments').where({ status: 'allocated' }).whereNotNull('disc_id').select('id', 'disc_id')) as { id: number; disc_id: number }[];
const discOf: Record<number, number> = Object.fromEntries(discRows.map((r) => [Number(r.id), Number(r.disc_id)]));
const warehouseUser = new Map(DEMO_STAFF.filter((s) => s.role === 'warehouse' && s.homeDc).map((s) => [s.homeDc as string, s]));
const packingDcs = waiting.filter((w) => warehouseUser.has(w.dc)).sort((a, b) => Number(b.n) - Number(a.n));
const totalWaiting = packingDcs.reduce((n, w) => n + Number(w.n), 0);
const packers = Math.round(STATIONS * PACKER_SHARE);
const reps = STATIONS - packers;
const packersAt: string[] = [];
for (const w of packingDcs) for (let i = 0; i < Math.round((packers * Number(w.n)) / totalWaiting); i++) packersAt.push(w.dc);
while (packersAt.length < packers) packersAt.push(packingDcs[0]!.dc);
packersAt.length = packers;
const needed = packers * ((WARMUP_S + STEADY_S) / (PACK_EVERY_MS / 1000) + 10) + (BURST_STATIONS / 2) * 100;
say(`${totalWaiting} orders waiting at ${packingDcs.length} distribution centers (a run of ${packers} packers needs about ${Math.round(needed)})`);

// Reps: each has 10 customers open: 5 from a small shared set (renamed at several desks, so a rename is seen elsewhere)
// and 5 with an order waiting to be packed (a pack is seen at the desk).
const carl = DEMO_STAFF.find((s) => s.role === 'cs_rep')!;
const shared = (await knex('customers').where({ status: 'active' }).orderBy('id').limit(Math.max(20, Math.ceil(reps * 0.5))).pluck('id')) as number[];
const withOrders = (await knex('shipments').where({ status: 'allocated' }).whereNotNull('disc_id').orderBy('id').limit(reps * 5).pluck('customer_id')) as number[];

// Every station signs in its own staff member, as at a real site: one account signing in at 400 desks at once
// would be a guessing attack to the lock-out (attempts are counted before the PIN is checked), not a busy morning.
// Each is a copy of the demo member of that role and DC, with the same PIN (its argon2 hash computed once).
const staffAt = new Date().toISOString();
const benchStaff: { username: string; secret: string }[] = [];
{
  const templates = new Map<string, { hash: string; row: Record<string, unknown> }>();
  for (const t of [carl, ...warehouseUser.values()]) {
    const row = (await knex('staff').where({ id: demoStaffId(t.username) }).first()) as Record<string, unknown>;
    const { secret_hash: hash } = (await knex('staff_credentials').where({ staff_id: row.id }).first('secret_hash')) as { secret_hash: string };
    templates.set(t.username, { hash, row });
  }
  const staffRows: Record<string, unknown>[] = [];
  const credentialRows: Record<string, unknown>[] = [];
  for (let i = 0; i < STATIONS; i++) {
    const template = i < packers ? warehouseUser.get(packersAt[i]!)! : carl;
    const { hash, row } = templates.get(template.username)!;
    const username = `bench${i}`;
    staffRows.push({ ...row, id: demoStaffId(username), username, display_name: `Bench ${i}` });
    credentialRows.push({ staff_id: demoStaffId(username), secret_hash: hash, failed_attempts: 0, locked_until: null, updated_at: staffAt });
    benchStaff.push({ username, secret: template.secret });
  }
  for (let k = 0; k < staffRows.length; k += 500) await knex('staff').insert(staffRows.slice(k, k + 500));
  for (let k = 0; k < credentialRows.length; k += 500) await knex('staff_credentials').insert(credentialRows.slice(k, k + 500));
}

const specs: StationSpec[] = [];
for (let i = 0; i < STATIONS; i++) {
  const packer = i < packers;
  const dc = packer ? packersAt[i]! : 'SJC';
  const user = benchStaff[i]!;
  const r = i - packers;
  specs.push({
    index: i,
    kind: packer ? 'packer' : 'rep',
    dc,
    username: user.username,
    secret: user.secret,
    instance: i % 2,
    customers: packer ? [] : [...Array.from({ length: 5 }, (_, k) => shared[(r * 5 + k) % shared.length]!), ...withOrders.slice(r * 5, r * 5 + 5)].map(Number),
    burst: packer ? i < BURST_STATIONS / 2 : r < BURST_STATIONS - Math.floor(BURST_STATIONS / 2),
  });
}

// ---------------------------------------------------------------------- two API instances

let bouncer: RunningPgBouncer | null = null;
if (values.pooler) {
  bouncer = await startPgBouncer({ upstreamUrl: DIRECT_URL, poolSize: POOL_MAX, maxClients: 1000 });
  say(`PgBouncer (transaction mode, ${POOL_MAX} server connections) on port ${bouncer.port}`);
}
const apis: ApiProcess[] = [];
for (const n of [0, 1]) {
  apis.push(
    await spawnApi({
      dataDir: join(root, `api-${n}`),
      enrollmentKey: KEY,
      databaseUrl: bouncer ? bouncer.urlFor(DIRECT_URL) : DIRECT_URL,
      listenUrl: DIRECT_URL,
      logFile: join(root, `api-${n}.log`),
      // Request lines off: at a thousand requests a second the log would be a load of its own.
      env: { BACKLOT_LOG_LEVEL: 'warn', BACKLOT_DB_POOL_MAX: String(bouncer ? POOL_MAX * 2 : POOL_MAX) },
    }),
  );
}
say(`API instances: ${apis.map((a) => a.url).join(', ')}${bouncer ? ' (behind PgBouncer)' : ''}`);
// A benchmark that fails half-way must not leave its API processes (or its pooler) running.
process.once('exit', () => {
  for (const api of apis) api.kill();
  bouncer?.kill();
});

// ---------------------------------------------------------------------- stations

const agent = new Agent({ connections: 8 });
async function post<T>(url: string, body: unknown, headers: Record<string, string>): Promise<T> {
  const res = await request(url, { method: 'POST', dispatcher: agent, headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
  const text = await res.body.text();
  if (res.statusCode >= 300) throw new Error(`${url}: ${res.statusCode} ${text.slice(0, 200)}`);
  return JSON.parse(text) as T;
}

/** One full sync per distribution center: the cursor of a packing station that holds its scope (the others start from it, as warm stations). */
async function dcCursor(dc: string): Promise<{ cursor: string; rows: number }> {
  const base = apis[0]!.url;
  const reg = await post<{ credential: string }>(`${base}/v1/stations/register`, { name: `bench template ${dc}`, distributionCenter: dc }, { 'x-enrollment-key': KEY });
  const user = warehouseUser.get(dc)!;
  const { token } = await post<{ token: string }>(`${base}/v1/auth/sign-in`, { username: user.username, secret: user.secret }, { authorization: `Station ${reg.credential}` });
  let cursor: string | null = null;
  let rows = 0;
  const clientId = ulid();
  for (;;) {
    const page: { changes: unknown[]; cursor: string; hasMore: boolean } = await post(`${base}/v1/sync/pull`, { clientId, cursor, limit: 5000 }, { authorization: `Station ${reg.credential}`, 'x-staff-session': token });
    rows += page.changes.length;
    cursor = page.cursor;
    if (!page.hasMore) return { cursor, rows };
  }
}

const workers: Worker[] = [];
/** Per worker, who waits for which answer (one at a time per type). */
const expecting = new Map<Worker, Map<string, (msg: Record<string, unknown>) => void>>();
function all(type: string, msg: ToWorker): Promise<Record<string, unknown>[]> {
  const answers = workers.map((w) => new Promise<Record<string, unknown>>((resolveMsg) => expecting.get(w)!.set(type, resolveMsg)));
  for (const w of workers) w.postMessage(msg);
  return Promise.all(answers);
}
for (let w = 0; w < WORKERS; w++) {
  const input: WorkerInput = {
    worker: w,
    apiUrls: apis.map((a) => a.url),
    enrollmentKey: KEY,
    stations: specs.filter((s) => s.index % WORKERS === w),
    discOf,
    packEveryMs: PACK_EVERY_MS,
    editEveryMs: EDIT_EVERY_MS,
    pollMs: POLL_MS,
    burstMutations: BURST_MUTATIONS,
  };
  const worker = new Worker(new URL('./lib/ts-worker.mjs', import.meta.url), { workerData: input, argv: [new URL('./central-stations.ts', import.meta.url).href] });
  workers.push(worker);
  expecting.set(worker, new Map());
  worker.on('message', (msg: { type: string; message?: string } & Record<string, unknown>) => {
    if (msg.type === 'error') {
      console.error(`[central] worker ${w} failed: ${msg.message}`);
      process.exit(1);
    }
    const resolveMsg = expecting.get(worker)!.get(msg.type);
    expecting.get(worker)!.delete(msg.type);
    resolveMsg?.(msg);
  });
  worker.on('error', (err) => {
    console.error(`[central] worker ${w} crashed:`, err);
    process.exit(1);
  });
}

let t0 = performance.now();
await all('setup-done', { type: 'setup' });
say(`${STATIONS} stations registered and signed in (${packers} packers, ${reps} reps) in ${secs(t0)} s`);
t0 = performance.now();
const cursors: Record<string, string> = {};
let templateRows = 0;
for (const dc of new Set(packersAt)) {
  const { cursor, rows } = await dcCursor(dc);
  cursors[dc] = cursor;
  templateRows += rows;
}
say(`one full sync per distribution center (${templateRows} rows); every station pulls from there (${secs(t0)} s)`);
t0 = performance.now();
await all('cursors-done', { type: 'cursors', cursors });
say(`stations caught up in ${secs(t0)} s`);

// ---------------------------------------------------------------------- load

/** CPU seconds used so far by a process (user + system), from /proc. */
function cpuSeconds(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return 0;
  }
}
async function backendPids(): Promise<number[]> {
  return onPg(SERVER_URL, async (c) => (await c.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE datname = $1', [DB_NAME])).rows.map((r) => r.pid));
}
async function pgCounters(): Promise<{ commits: number; walSyncs: number; walWrites: number }> {
  return onPg(DIRECT_URL, async (c) => {
    const db = (await c.query<{ xact_commit: string }>('SELECT xact_commit FROM pg_stat_database WHERE datname = current_database()')).rows[0]!;
    const wal = (await c.query<{ wal_sync: string; wal_write: string }>('SELECT wal_sync, wal_write FROM pg_stat_wal')).rows[0]!;
    return { commits: Number(db.xact_commit), walSyncs: Number(wal.wal_sync), walWrites: Number(wal.wal_write) };
  });
}

const setPhase = (phase: Phase) => {
  for (const w of workers) w.postMessage({ type: 'phase', phase } satisfies ToWorker);
};

await all('running', { type: 'run' });
say(`warm-up ${WARMUP_S} s…`);
await new Promise((r) => setTimeout(r, WARMUP_S * 1000));

// Where the time goes during the steady window: CPU per process, lock waits sampled from PostgreSQL.
const pids = await backendPids();
const cpu0 = { api: apis.map((a) => cpuSeconds(a.pid)), pg: pids.map(cpuSeconds), bench: process.cpuUsage() };
const pg0 = await pgCounters();
const waits = new Map<string, number>();
let samples = 0;
const sampler = setInterval(() => {
  void onPg(SERVER_URL, async (c) => {
    const rows = (await c.query<{ w: string | null; n: string }>(`SELECT coalesce(wait_event_type || ':' || wait_event, 'on CPU') AS w, count(*) AS n FROM pg_stat_activity WHERE datname = $1 AND state = 'active' AND pid <> pg_backend_pid() GROUP BY 1`, [DB_NAME])).rows;
    samples++;
    for (const r of rows) waits.set(r.w ?? 'on CPU', (waits.get(r.w ?? 'on CPU') ?? 0) + Number(r.n));
  }).catch(() => undefined);
}, 500);

setPhase('steady');
const steadyStart = performance.now();
say(`steady load for ${STEADY_S} s…`);
await new Promise((r) => setTimeout(r, STEADY_S * 1000));
const steadySeconds = (performance.now() - steadyStart) / 1000;
clearInterval(sampler);
const cpu1 = { api: apis.map((a) => cpuSeconds(a.pid)), pg: pids.map(cpuSeconds), bench: process.cpuUsage(cpu0.bench) };
const pg1 = await pgCounters();
const loadSteady = loadavg().map((x) => round(x, 2));

// ---------------------------------------------------------------------- the reconnect burst

setPhase('burst');
say(`reconnect burst: ${BURST_STATIONS} stations go offline and queue ${BURST_MUTATIONS} changes each…`);
const ready = await all('burst-ready', { type: 'burst-prepare' });
const queued = ready.reduce((n, r) => n + Number(r.pending), 0);
say(`${queued} changes queued offline; all come back at once`);
const drained = await all('burst-drained', { type: 'burst-go' });
const burstStart = Math.min(...drained.map((d) => Number(d.startedAt)));
const burstEnd = Math.max(...drained.map((d) => Number(d.at)));
const burstDrainS = round((burstEnd - burstStart) / 1000, 2);
say(`burst drained in ${burstDrainS} s`);

setPhase('drain');
const quiet = await all('quiet', { type: 'quiesce' });
const reports = (await all('report', { type: 'report' })).map((m) => m.report as WorkerReport);
for (const w of workers) w.postMessage({ type: 'stop' } satisfies ToWorker);
await agent.close();

// ---------------------------------------------------------------------- the central database says

const sent = reports.flatMap((r) => r.sent);
const ids = sent.map((m) => m.id);
const found = new Set<string>();
const rejected = new Set<string>();
for (let i = 0; i < ids.length; i += 5000) {
  const chunk = ids.slice(i, i + 5000);
  for (const table of ['label_events', 'audit_log']) for (const id of (await knex(table).whereIn('id', chunk).pluck('id')) as string[]) found.add(id);
  for (const id of (await knex('sync_rejections').whereIn('mutation_id', chunk).pluck('mutation_id')) as string[]) rejected.add(id);
}
const lost = sent.filter((m) => !found.has(m.id) && !rejected.has(m.id));
const bothWays = sent.filter((m) => found.has(m.id) && rejected.has(m.id)).length;
const madeByClient = new Map<string, number>();
for (const m of sent) madeByClient.set(m.clientId, (madeByClient.get(m.clientId) ?? 0) + 1);
let ledgerExcess = 0;
const ledgers = (await knex('sync_clients').whereIn('client_id', [...madeByClient.keys()]).select('client_id', 'applied_count', 'rejected_count')) as { client_id: string; applied_count: number; rejected_count: number }[];
for (const l of ledgers) ledgerExcess += Math.max(0, Number(l.applied_count) + Number(l.rejected_count) - (madeByClient.get(l.client_id) ?? 0));
const packedShipments = sent.filter((m) => m.name === 'shipment.packAndLabel').map((m) => m.shipmentId!);
let twoLabels = 0;
for (let i = 0; i < packedShipments.length; i += 5000) {
  const rows = (await knex('label_events').whereIn('shipment_id', packedShipments.slice(i, i + 5000)).andWhere({ kind: 'printed' }).groupBy('shipment_id').havingRaw('count(*) > 1').select('shipment_id')) as unknown[];
  twoLabels += rows.length;
}
const doubled = ledgerExcess + twoLabels + bothWays;
say(`central database: ${sent.length} changes made, ${found.size} applied, ${rejected.size} refused (with a reason), ${lost.length} lost, ${doubled} doubled`);

// ---------------------------------------------------------------------- figures

const merge = (key: 'push' | 'pull', phase: Phase) => reports.flatMap((r) => r[key][phase] ?? []);
const push = summarizeP99(merge('push', 'steady'));
const pull = summarizeP99(merge('pull', 'steady'));
const burstPush = summarizeP99(merge('push', 'burst'));
const burstPull = summarizeP99(merge('pull', 'burst'));
const commits = new Map<string, { at: number; station: number }>();
for (const r of reports) for (const [key, at, station] of r.commits) commits.set(key, { at, station });
const live: number[] = [];
for (const r of reports) {
  for (const [key, at, station] of r.seen) {
    const c = commits.get(key);
    if (c && c.station !== station) live.push(Math.max(0, at - c.at));
  }
}
const liveSample = summarizeP99(live);
const steadyPushes = merge('push', 'steady').length;
const appliedSteady = reports.reduce((n, r) => n + r.commits.length, 0);
const errors = reports.reduce((n, r) => n + Object.entries(r.errors).filter(([k]) => !k.startsWith('drain')).reduce((m, [, v]) => m + v, 0), 0);
const errorSamples = reports.flatMap((r) => r.errorSamples).slice(0, 5);
const mutationsPerS = round(reports.reduce((n, r) => n + (r.acked.steady ?? 0), 0) / steadySeconds, 1);

function summarizeP99(ms: number[]) {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]! : 0);
  return { ...summarize(ms), p99: round(at(0.99)) };
}

const cpuApi = cpu1.api.map((c, i) => round(c - cpu0.api[i]!, 1));
const cpuPg = round(cpu1.pg.reduce((s, c, i) => s + c - cpu0.pg[i]!, 0), 1);
const cpuBench = round((cpu1.bench.user + cpu1.bench.system) / 1e6, 1);
const waitShare = [...waits.entries()].sort((a, b) => b[1] - a[1]).map(([w, n]) => `${w} ${round(n / Math.max(1, samples), 2)}`);
const commitsPerS = round((pg1.commits - pg0.commits) / steadySeconds, 1);
const walSyncsPerCommit = round((pg1.walSyncs - pg0.walSyncs) / Math.max(1, pg1.commits - pg0.commits), 2);
const loadAfter = loadavg().map((x) => round(x, 2));

say(`steady ${round(steadySeconds, 1)} s: ${appliedSteady} watched changes committed (${round(appliedSteady / steadySeconds, 1)}/s), ${mutationsPerS} changes/s answered in ${steadyPushes} pushes, ${merge('pull', 'steady').length} pulls, ${reports.reduce((n, r) => n + r.wakes, 0)} live wakes`);
say(`push p50 ${push.p50} ms p99 ${push.p99} ms | pull p50 ${pull.p50} ms p99 ${pull.p99} ms | live seen p50 ${liveSample.p50} ms p95 ${liveSample.p95} ms (${live.length} sightings)`);
say(`burst: push p50 ${burstPush.p50} ms p99 ${burstPush.p99} ms, pull p99 ${burstPull.p99} ms while it drained`);
say(`CPU seconds over the steady window: API ${cpuApi.join(' + ')}, PostgreSQL backends ${cpuPg}, simulator ${cpuBench} (of ${round(steadySeconds * 2, 0)} on 2 cores)`);
say(`PostgreSQL: ${commitsPerS} commits/s, ${walSyncsPerCommit} WAL syncs per commit; active backends by wait (mean per sample): ${waitShare.join(', ') || 'none'}`);
say(`load average (1, 5, 15 min): before ${loadBefore.join(' ')}, end of steady ${loadSteady.join(' ')}, after ${loadAfter.join(' ')}`);
if (errors > 0) say(`errors (first): ${errorSamples.join(' | ')}`);
if (lost.length > 0) say(`lost (first): ${lost.slice(0, 5).map((m) => `${m.name} ${m.id}`).join(', ')}`);
const pendingLeft = quiet.reduce((n, q) => n + Number(q.pending), 0);
if (pendingLeft > 0) say(`${pendingLeft} changes were still waiting at stations when the run ended`);

if (autovacuumStandIn) {
  clearInterval(autovacuumStandIn);
  say(`autovacuum's stand-in analyzed ${standInAnalyzes} tables during the run`);
}
for (const api of apis) await api.close();
await bouncer?.close();
await central.close();

const targets: Target[] = [
  { name: 'push p99 ms', value: push.p99, limit: 250 },
  { name: 'pull p99 ms', value: pull.p99, limit: 250 },
  { name: 'lost', value: lost.length, limit: 0 },
  { name: 'doubled', value: doubled, limit: 0 },
  { name: 'burst drained s', value: burstDrainS, limit: 30 },
  { name: 'live seen p95 ms', value: liveSample.p95, limit: 1000 },
];
report(
  'central',
  {
    stations: STATIONS,
    packers,
    reps,
    api_instances: 2,
    pooler: bouncer ? 'pgbouncer-transaction' : 'none',
    steady_s: round(steadySeconds, 1),
    mutations_per_s: mutationsPerS,
    push_p50_ms: push.p50,
    push_p99_ms: push.p99,
    pull_p50_ms: pull.p50,
    pull_p99_ms: pull.p99,
    errors,
    rejected: rejected.size,
    lost: lost.length,
    doubled,
    burst_stations: BURST_STATIONS,
    burst_mutations: queued,
    burst_drain_s: burstDrainS,
    burst_push_p99_ms: burstPush.p99,
    live_seen_p50_ms: liveSample.p50,
    live_seen_p95_ms: liveSample.p95,
    live_seen_samples: live.length,
    cpu_s_api: cpuApi,
    cpu_s_postgres: cpuPg,
    cpu_s_simulator: cpuBench,
    pg_commits_per_s: commitsPerS,
    wal_syncs_per_commit: walSyncsPerCommit,
    pg_waits: Object.fromEntries([...waits.entries()].map(([w, n]) => [w, round(n / Math.max(1, samples), 2)])),
    load_before: loadBefore,
    load_end_of_steady: loadSteady,
  },
  targets,
);
process.exit(0);
