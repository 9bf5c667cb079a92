/**
 * `npm run bench:lookup`: every kind of lookup through the service layer on a
 * station cache of 250,000 customers (1,000,000 shipments, 20,000 titles)
 * and again at 1,000,000 customers (4,000,000 shipments): p50/p95, the ratio
 * to the same statements run directly on the sqlite3 driver, and for each
 * kind the p95 growth from the first size to the last (issue 18: it should
 * stay near 1, indexes and not scans; a kind whose work grows with its
 * matches shows it).
 *
 * The raw side of a search replays exactly the statements the service's
 * reader ran for that input (recorded once before timing: the name search's
 * typo pass, the title search, whatever the text was read as), so service/raw
 * is the layer's own cost (classifying, ranking, shaping the answer), not a
 * different query.
 *
 *   npm run bench:lookup -- [--data-dir .bench] [--sizes 250000,1000000] [--shipments-per-customer 4] [--titles 20000] [--samples 400] [--rebuild]
 *
 * Each size's cache is built once under `<data-dir>/lookup-<customers>-<shipments>` and reused.
 */
import { existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import sqlite3 from 'sqlite3';
import { generateDemo } from '../core/demo/generate';
import { intOption, parseCli } from '../platform/cli-args';
import { createLogger } from '../platform/logger';
import { systemClock } from '../main/host/clock';
import { CentralClient } from '../main/central/central-client';
import { openStationDb } from '../main/db/station-db';
import type { StationSession } from '../main/services/auth/auth-service';
import { LookupService } from '../main/services/lookup/lookup-service';
import { Connectivity } from '../main/services/station/connectivity';
import { writeDemo } from '../scripts/seed/write-demo';
import { ReadConnection } from '../main/db/read-connection';
import type { SqlReader } from '../main/db/prepared';
import { report, round, timePaired, trackPeakRss, type Sample } from './lib/bench-kit';

const { values } = parseCli(process.argv.slice(2), {
  sizes: { type: 'string' },
  'shipments-per-customer': { type: 'string' },
  titles: { type: 'string' },
  samples: { type: 'string' },
  rebuild: { type: 'boolean' },
});
const sizes = (values.sizes ?? '250000,1000000').split(',').map((v) => intOption(v.trim(), 'sizes', 0)).filter((n) => n > 0);
if (sizes.length === 0) throw new Error('--sizes needs at least one customer count, e.g. --sizes 250000,1000000');
const perCustomer = intOption(values['shipments-per-customer'], 'shipments-per-customer', 4);
const titles = intOption(values.titles, 'titles', 20_000);
const samples = intOption(values.samples, 'samples', 400);
const root = resolve(values['data-dir'] ?? '.bench');
const rss = trackPeakRss();

interface KindResult {
  service: Sample;
  raw: Sample;
  ratio: number;
}
interface SizeResult {
  customers: number;
  shipments: number;
  kinds: Record<string, KindResult>;
}

/** 250000 -> "250k", 1000000 -> "1m": how a size names its JSON keys. */
const sizeLabel = (n: number) => (n % 1_000_000 === 0 ? `${n / 1_000_000}m` : n % 1000 === 0 ? `${n / 1000}k` : String(n));

async function measure(customers: number, shipments: number): Promise<SizeResult> {
const dataDir = join(root, `lookup-${customers}-${shipments}`);
console.log(`--- ${customers} customers, ${shipments} shipments, ${titles} titles`);
  if (values.rebuild) rmSync(dataDir, { recursive: true, force: true });
  const fresh = !existsSync(join(dataDir, 'station.sqlite'));
  const db = await openStationDb(dataDir);
  const knex = db.knex;
  if (fresh || Number((await knex('customers').count({ n: '*' }).first())?.n ?? 0) !== customers) {
    console.log(`building the cache in ${dataDir}: ${customers} customers, ${shipments} shipments, ${titles} titles…`);
    const t0 = performance.now();
    let last = 0;
    await writeDemo(knex, generateDemo({ customers, shipments, titles, seed: 1 }), {
      replace: !fresh,
      onProgress(table, done, total) {
        if (performance.now() - last > 5000 || done === total) {
          last = performance.now();
          console.log(`  ${table}: ${done}/${total}`);
        }
      },
    });
    await knex.raw('ANALYZE');
    console.log(`cache built in ${round((performance.now() - t0) / 1000, 1)} s`);
  } else {
    console.log(`reusing the cache in ${dataDir}`);
  }

  // Deterministic picks of real handles, spread over the tables.
  function picks<T>(rows: T[], n: number): T[] {
    const out: T[] = [];
    let x = 12345;
    for (let i = 0; i < n && rows.length; i++) {
      x = (x * 1103515245 + 12345) % 2 ** 31;
      out.push(rows[x % rows.length]!);
    }
    return out;
  }
  const sampleCustomers = picks(await knex('customers').whereNotNull('phone').orderByRaw('random()').limit(5000).select('id', 'email', 'phone', 'full_name'), samples);
  const sampleOrders = picks(await knex('shipments').orderByRaw('random()').limit(5000).pluck('order_number'), samples);
  const sampleBarcodes = picks(await knex('discs').orderByRaw('random()').limit(5000).pluck('barcode'), samples);
  const sampleTitles = picks(await knex('titles').orderByRaw('random()').limit(5000).pluck('name'), samples);

  const clock = systemClock();
  const central = new CentralClient({ baseUrl: () => 'http://127.0.0.1:9', credential: () => null });
  const reader = await ReadConnection.open(join(dataDir, 'station.sqlite'));
  // The statements the service's reader runs, while `recording` is set: what the raw side replays.
  let recording: [string, readonly unknown[]][] | null = null;
  const recorder: SqlReader = {
    all: (sql, params = []) => {
      recording?.push([sql, params]);
      return reader.all(sql, params);
    },
    first: (sql, params = []) => {
      recording?.push([sql, params]);
      return reader.first(sql, params);
    },
  };
  const lookup = new LookupService({ knex, reader: recorder, central, connectivity: new Connectivity(central), clock, logger: createLogger('bench', { level: 'silent' }), stationId: () => 'bench' });
  const session: StationSession = {
    staff: { id: 'stf_carl', username: 'carl', displayName: 'Carl', role: 'cs_rep' },
    signedInAt: clock.now(),
    lastActivityAt: clock.now(),
    locked: false,
    online: false,
    apiToken: null,
  };
  const formatPhone = (e164: string) => `(${e164.slice(2, 5)}) ${e164.slice(5, 8)}-${e164.slice(8)}`;
  const namePrefix = (name: string) => name.toLowerCase().split(' ')[0]!.slice(0, 4) + ' ' + (name.toLowerCase().split(' ')[1] ?? '').slice(0, 3);
  const titleWord = (name: string) => name.split(/\s+/).sort((a, b) => b.length - a.length)[0]!;

  // The raw side: the same statements on the sqlite3 driver, prepared once.
  const raw = new sqlite3.Database(join(dataDir, 'station.sqlite'), sqlite3.OPEN_READONLY);
  // The raw side of the 360 comparison writes too (its audit row), on its own connection.
  const rawWrite = new sqlite3.Database(join(dataDir, 'station.sqlite'));
  rawWrite.run('PRAGMA busy_timeout = 5000');
  const prepared = new Map<string, sqlite3.Statement>();
  function rawAll(sql: string, params: unknown[]): Promise<unknown[]> {
    let stmt = prepared.get(sql);
    if (!stmt) prepared.set(sql, (stmt = raw.prepare(sql)));
    return new Promise((res, rej) => stmt!.all(params, (err, rows) => (err ? rej(err) : res(rows))));
  }
  function rawRun(sql: string, params: unknown[] = []): Promise<void> {
    return new Promise((res, rej) => rawWrite.run(sql, params, (err) => (err ? rej(err) : res())));
  }
  /** Runs the service once per distinct input with the recorder on; the raw side then replays each input's statements. */
  const ran = new Map<string, [string, readonly unknown[]][]>();
  async function record(inputs: readonly string[]): Promise<void> {
    for (const q of inputs) {
      if (ran.has(q)) continue;
      recording = [];
      await lookup.search(session, q);
      ran.set(q, recording);
      recording = null;
    }
  }
  async function replay(q: string): Promise<void> {
    for (const [sql, params] of ran.get(q)!) await rawAll(sql, [...params]);
  }

  interface Kind {
    name: string;
    inputs: string[];
  }
  const kinds: Kind[] = [
    { name: 'order', inputs: sampleOrders },
    { name: 'barcode', inputs: sampleBarcodes },
    { name: 'email', inputs: sampleCustomers.map((c) => c.email) },
    { name: 'phone', inputs: sampleCustomers.map((c) => formatPhone(c.phone)) },
    { name: 'name_fts', inputs: sampleCustomers.map((c) => namePrefix(c.full_name)) },
    { name: 'title_fts', inputs: sampleTitles.map(titleWord) },
  ];

  const results: Record<string, KindResult> = {};
  for (const k of kinds) {
    await record(k.inputs);
    const statements = k.inputs.reduce((n, q) => n + ran.get(q)!.length, 0) / k.inputs.length;
    const { a: service, b: rawSample } = await timePaired(k.inputs, (q) => lookup.search(session, q), replay);
    const ratio = round(service.p50 / Math.max(rawSample.p50, 0.001), 2);
    results[k.name] = { service, raw: rawSample, ratio };
    console.log(`${k.name.padEnd(10)} service p50 ${service.p50} ms p95 ${service.p95} ms | raw p50 ${rawSample.p50} ms p95 ${rawSample.p95} ms | ratio ${ratio} | ${round(statements, 1)} statements per search`);
  }

  // Customer 360: every part of the view plus its audit row, as a rep opens it.
  const ids = sampleCustomers.map((c) => c.id);
  const { a: c360, b: c360Raw } = await timePaired(ids, (id) => lookup.customer360(session, id, 'phone_call'), async (id) => {
    await rawAll('SELECT * FROM customers WHERE id = ?', [id]);
    await rawAll('SELECT * FROM addresses WHERE customer_id = ? AND is_current = 1', [id]);
    await rawAll('SELECT brand, last4, exp_month, exp_year FROM payment_methods WHERE customer_id = ? AND is_current = 1', [id]);
    await rawAll('SELECT * FROM preferences WHERE customer_id = ?', [id]);
    await rawAll('SELECT q.position, q.title_id, t.name FROM rental_queue q JOIN titles t ON t.id = q.title_id WHERE q.customer_id = ? ORDER BY q.position', [id]);
    await rawAll('SELECT s.*, t.name, t.genre FROM shipments s JOIN titles t ON t.id = s.title_id WHERE s.customer_id = ? ORDER BY s.created_at DESC LIMIT 200', [id]);
    await rawAll('SELECT * FROM charges WHERE customer_id = ? ORDER BY charged_at DESC LIMIT 120', [id]);
    await rawAll('SELECT r.*, t.name FROM reviews r JOIN titles t ON t.id = r.title_id WHERE r.customer_id = ?', [id]);
    await rawAll('SELECT * FROM consent_events WHERE customer_id = ? ORDER BY at DESC LIMIT 200', [id]);
    await rawAll('SELECT * FROM audit_log WHERE customer_id = ? ORDER BY at DESC LIMIT 200', [id]);
    await rawAll("SELECT s.title_id, t.genre FROM shipments s JOIN titles t ON t.id = s.title_id WHERE s.customer_id = ? AND s.status <> 'void'", [id]);
    await rawAll('SELECT id, name, genre, popularity FROM titles ORDER BY popularity DESC LIMIT 60', []);
    // The same writes the service makes: the audit row and its outbox row, and the mutation-id bookkeeping.
    await rawRun('BEGIN');
    await rawAll("SELECT value FROM sync_state WHERE key = 'last_issued_mutation_id'", []);
    await rawRun("INSERT INTO sync_state (key, value) VALUES ('bench_raw', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value", [String(id)]);
    await rawRun("INSERT INTO audit_log (id, at, staff_id, station_id, action, customer_id, fields, reason) VALUES (?, ?, 'stf_carl', 'bench', 'customer.viewed', ?, '[]', 'phone_call')", [`raw-${id}-${Math.random()}`, new Date().toISOString(), id]);
    await rawRun("INSERT INTO outbox (mutation_id, client_id, staff_id, name, args, base_versions, created_at, status) VALUES (?, 'raw', 'stf_carl', 'audit.record', '{}', '{}', ?, 'raw')", [`raw-${id}-${Math.random()}`, new Date().toISOString()]);
    await rawRun('INSERT INTO desk_customers (customer_id, last_opened_at) VALUES (?, ?) ON CONFLICT (customer_id) DO UPDATE SET last_opened_at = excluded.last_opened_at', [id, new Date().toISOString()]);
    await rawRun('COMMIT');
  });
  await rawRun("DELETE FROM outbox WHERE status = 'raw'");
  await rawRun("DELETE FROM audit_log WHERE id LIKE 'raw-%'");
  const c360Ratio = round(c360.p50 / Math.max(c360Raw.p50, 0.001), 2);
  results.customer360 = { service: c360, raw: c360Raw, ratio: c360Ratio };
  console.log(`customer360 service p50 ${c360.p50} ms p95 ${c360.p95} ms | raw reads p50 ${c360Raw.p50} ms | ratio ${c360Ratio}`);

  await Promise.all([...prepared.values()].map((st) => new Promise<void>((r) => st.finalize(() => r()))));
  raw.close();
  rawWrite.close();
  await reader.close();
  await db.close();
  return { customers, shipments, kinds: results };
}

const measured: SizeResult[] = [];
for (const customers of sizes) measured.push(await measure(customers, customers * perCustomer));
rss.stop();

const first = measured[0]!;
const last = measured[measured.length - 1]!;
const figures: Record<string, unknown> = { sizes: measured.map((m) => ({ customers: m.customers, shipments: m.shipments })), titles, samples };
// The first size keeps the figures' old names (README history); every size also under its own label.
for (const [k, r] of Object.entries(first.kinds)) Object.assign(figures, { [`${k}_p50_ms`]: r.service.p50, [`${k}_p95_ms`]: r.service.p95, [`${k}_ratio`]: r.ratio });
for (const m of measured) for (const [k, r] of Object.entries(m.kinds)) figures[`${k}_p95_ms_${sizeLabel(m.customers)}`] = r.service.p95;
const growth: Record<string, number> = {};
if (measured.length > 1) {
  console.log(`--- p95 growth from ${first.customers} to ${last.customers} customers (${round(last.customers / first.customers, 1)}x the data)`);
  for (const k of Object.keys(first.kinds)) {
    growth[k] = round(last.kinds[k]!.service.p95 / Math.max(first.kinds[k]!.service.p95, 0.001), 2);
    // p50 beside it: on a shared machine a p95 of tenths of a millisecond moves with the neighbours' load.
    const p50Growth = round(last.kinds[k]!.service.p50 / Math.max(first.kinds[k]!.service.p50, 0.001), 2);
    console.log(`${k.padEnd(11)} p95 ${first.kinds[k]!.service.p95} ms -> ${last.kinds[k]!.service.p95} ms: growth ${growth[k]} (p50 ${first.kinds[k]!.service.p50} -> ${last.kinds[k]!.service.p50} ms: ${p50Growth})`);
    figures[`${k}_growth`] = growth[k];
    figures[`${k}_p50_growth`] = p50Growth;
  }
}
figures.peak_rss_mb = rss.peakMb();
const exact = ['order', 'barcode', 'email', 'phone'];
report('lookup', figures, [
  ...exact.map((k) => ({ name: `${k} p95 ms`, value: first.kinds[k]!.service.p95, limit: 5 })),
  ...['name_fts', 'title_fts'].map((k) => ({ name: `${k} p95 ms`, value: first.kinds[k]!.service.p95, limit: 20 })),
  { name: 'customer360 p95 ms', value: first.kinds.customer360!.service.p95, limit: 15 },
  ...Object.entries(first.kinds).map(([k, r]) => ({ name: `${k} service/raw`, value: r.ratio, limit: 1.5 })),
  // Indexes, not scans: four times the data should cost about the same per lookup.
  ...Object.entries(growth).map(([k, g]) => ({ name: `${k} p95 growth ${sizeLabel(first.customers)} -> ${sizeLabel(last.customers)}`, value: g, limit: 1.5 })),
]);
