/**
 * What the station benchmarks start from: a central API with demo data (kept
 * under the bench data dir and reused), and a station cache that has synced
 * its distribution center's scope (a populated cache, as a station has after
 * its first day), kept as a template each run copies.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { startApi, type RunningApi } from '../../api/start';
import { generateDemo } from '../../core/demo/generate';
import type { DemoOptions } from '../../core/demo/options';
import { ensureLocalTls } from '../../platform/local-ca';
import { createLogger } from '../../platform/logger';
import { systemClock } from '../../main/host/clock';
import { createStationHost } from '../../main/host/station-host';
import { openStationSettings } from '../../main/settings/open-settings';
import { writeDemo } from '../../scripts/seed/write-demo';

export const BENCH_KEY = 'bench-station-enrollment-key-0123456789';

/**
 * The central office of bench:startup and bench:ui-thread: enough open orders at SJC for a 1,000-order shift. The
 * demo allocates at most one open order per customer and SJC has about a tenth of them: 3,000 customers left SJC
 * about 300, and the shift stopped there.
 */
export const SHIFT_CENTRAL: DemoOptions = { customers: 12_000, shipments: 80_000, seed: 14, allocatedShare: 0.5 };

export interface BenchCentral {
  api: RunningApi;
  url: string;
  caFile: string;
  close(): Promise<void>;
}

export async function benchCentral(dir: string, demo: DemoOptions, log: (line: string) => void): Promise<BenchCentral> {
  const centralDir = join(dir, 'central');
  const fresh = !existsSync(join(centralDir, 'central.sqlite'));
  mkdirSync(centralDir, { recursive: true });
  const tls = ensureLocalTls(centralDir);
  const api = await startApi({ dataDir: centralDir, port: 0, enrollmentKey: BENCH_KEY, tls: { key: tls.key, cert: tls.cert }, logger: createLogger('bench', { level: 'silent' }) });
  if (fresh) {
    log(`seeding the central office (${demo.customers} customers, ${demo.shipments} shipments)…`);
    await writeDemo(api.db.knex, generateDemo(demo));
  }
  return { api, url: api.url, caFile: join(centralDir, 'tls', 'ca.crt'), close: () => api.close() };
}

/** A registered SJC station that has synced its scope once, made on first use. */
export async function stationTemplate(dir: string, central: BenchCentral, log: (line: string) => void): Promise<string> {
  const template = join(dir, 'station-template');
  if (existsSync(join(template, 'station.sqlite'))) return template;
  log('syncing a station’s scope once (the populated cache every run starts from)…');
  rmSync(template, { recursive: true, force: true });
  const { settings } = openStationSettings(template);
  settings.update({ apiUrl: central.url, apiCa: readFileSync(central.caFile, 'utf8'), distributionCenter: 'SJC', stationName: 'Bench station' });
  const host = await createStationHost({ dataDir: template, settings, clock: systemClock(), logger: createLogger('bench', { level: 'silent' }), enrollmentKey: BENCH_KEY });
  const signIn = await host.dispatch({ method: 'auth.signIn', input: { username: 'wanda', secret: '1111' }, clientKey: 'bench' });
  if (!signIn.ok) throw new Error(`bench sign-in failed: ${signIn.error.message}`);
  for (let i = 0; i < 200; i++) {
    const r = await host.dispatch({ method: 'sync.now', input: {}, clientKey: 'bench' });
    if (!r.ok) throw new Error(`bench sync failed: ${r.error.message}`);
    if ((r.data as { initialSync: unknown }).initialSync === null) break;
  }
  await host.dispatch({ method: 'auth.signOut', input: {}, clientKey: 'bench' });
  await host.close();
  return template;
}

/** A fresh copy of the template for one run (the station's data dir). */
export function stationCopy(template: string, to: string): string {
  rmSync(to, { recursive: true, force: true });
  cpSync(template, to, { recursive: true });
  return to;
}

/** Resident memory of a process, in MB (Linux /proc). */
export function rssMb(pid: number): number {
  const kb = Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}
