/**
 * Issue 12 item 4, done when: a label and its print job commit together. A
 * packing station in a child process is killed with SIGKILL at random
 * instants while it scans 50 orders, and restarted each time on the same data
 * dir. After every kill, every order with a label on record has its job,
 * pending or already taken by the printer; at the end every label printed,
 * no label printed twice, and every serial belongs to one order.
 *
 * One duplicate per kill is physically possible and allowed, for one job
 * only: the one the printer had just taken when the kill came, before the
 * station could strike it off (a raw-ZPL printer acknowledges nothing; the
 * queue prints at least once across a crash, see main/print/job-store.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import knexFactory, { type Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi, type RunningApi } from '../../api/start';
import { generateDemo } from '../../core/demo/generate';
import { packingDayScenario } from '../../core/demo/scenarios';
import { createLogger } from '../../platform/logger';
import { writeDemo } from '../../scripts/seed/write-demo';
import { TcpPrinter } from '../e2e/kit/tcp-printer';
import { seededRandom } from '../kit/seeded-random';
import { readZplFormats } from '../labels/zpl-reader';
import { ENROLLMENT_KEY } from '../station/world';

const LABELS = 50;
const STATION_SCRIPT = fileURLToPath(new URL('./packing-crash-station.ts', import.meta.url));

let dir: string;
let api: RunningApi;
let printer: TcpPrinter;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'backlot-crash-'));
  api = await startApi({ dataDir: join(dir, 'central'), enrollmentKey: ENROLLMENT_KEY, logger: createLogger('test', { level: 'silent' }), port: 0 });
  await writeDemo(api.db.knex, generateDemo(packingDayScenario()));
  printer = await new TcpPrinter().listen();
}, 120_000);
afterAll(async () => {
  await printer?.close();
  await api?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Run {
  child: ChildProcess;
  lines: string[];
  /** Resolves with the first line matching, or rejects when the process ends first. */
  waitFor(pattern: RegExp, ms: number): Promise<string>;
  exited: Promise<number | null>;
}

function startStation(): Run {
  const child = spawn(process.execPath, ['--import', 'tsx', STATION_SCRIPT, '--data-dir', join(dir, 'station'), '--api-url', api.url, '--printer-port', String(printer.port), '--labels', String(LABELS)], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const lines: string[] = [];
  const waiters: Array<{ pattern: RegExp; resolve: (l: string) => void }> = [];
  createInterface({ input: child.stdout! }).on('line', (line) => {
    lines.push(line);
    for (const w of [...waiters]) {
      if (w.pattern.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    child,
    lines,
    exited,
    waitFor(pattern, ms) {
      const seen = lines.find((l) => pattern.test(l));
      if (seen) return Promise.resolve(seen);
      return new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ${pattern} within ${ms} ms; station said:\n${lines.join('\n')}\n${stderr}`)), ms);
        waiters.push({ pattern, resolve: (l) => (clearTimeout(timer), resolve(l)) });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`station exited (${code}) before ${pattern}; it said:\n${lines.join('\n')}\n${stderr}`));
        });
      });
    },
  };
}

function openCache(): Knex {
  return knexFactory({ client: 'sqlite3', connection: { filename: join(dir, 'station', 'station.sqlite') }, useNullAsDefault: true });
}

interface PrintedLabel {
  orderNumber: string;
  /** Every panel of the piece arrived (a letter's two, a parcel's one): a Zebra prints nothing of a format cut short. */
  complete: boolean;
}

/**
 * What the printer received, job by job, read as a Zebra would: a parcel
 * label names its order, a letter's outbound IMb digits carry its serial.
 */
function printedLabels(labels: ReadonlyArray<{ order_number: string; label_serial: string }>): PrintedLabel[] {
  return printer.jobs.map((job) => {
    const formats = readZplFormats(job.toString('latin1'));
    const texts = formats.flatMap((f) => f.texts.map((t) => t.text));
    const tokens = new Set(texts.flatMap((t) => t.split(' ')));
    const label = labels.find((l) => texts.includes(l.order_number) || tokens.has(l.label_serial));
    const panels = formats.map((f) => f.panel).join(',');
    return { orderNumber: label?.order_number ?? '?', complete: panels === 'letter-outbound,letter-reply' || panels === 'parcel' };
  });
}

/** Resolves once the test printer has received `count` jobs. */
async function untilPrinterHas(count: number): Promise<void> {
  while (printer.jobs.length < count) await new Promise((r) => setTimeout(r, 2));
}

describe('a station killed at random instants while it scans', () => {
  it('leaves every labeled order with its print job: every label prints, none twice, every serial once', async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    console.log(`crash seed ${seed} (CRASH_SEED=${seed} repeats this run)`);
    const random = seededRandom(seed);
    /** Per kill: how many jobs the printer had received when the station died. */
    const killedAfterJobs: number[] = [];
    let kills = 0;
    const startMs: number[] = [];
    let done = false;
    while (!done) {
      const run = startStation();
      const started = performance.now();
      await run.waitFor(/^READY$/, 60_000);
      startMs.push(performance.now() - started);
      // Some runs die at once, some after several scans: anywhere in claim, scan, commit or print. The first
      // three die within a few labels of starting (counted at the printer, not by the clock: a fast station
      // packed all 50 orders inside a 300 ms life), so every run has at least three crashes to recover from.
      const killAt =
        kills < 3
          ? untilPrinterHas(printer.jobs.length + 1 + Math.floor(random() * 4)).then(() => new Promise<void>((r) => setTimeout(r, random() * 20)))
          : new Promise<void>((r) => setTimeout(r, 100 + random() * 1400));
      const outcome = await Promise.race([run.waitFor(/^DONE$/, 120_000).then(() => 'done' as const), killAt.then(() => 'kill' as const)]);
      if (outcome === 'done') {
        done = true;
        await run.waitFor(/^DRAINED$/, 60_000);
        await run.exited;
        break;
      }
      run.child.kill('SIGKILL');
      await run.exited;
      // The kernel closes a dead station's printer connection; let the printer finish reading it.
      await new Promise((r) => setTimeout(r, 100));
      killedAfterJobs.push(printer.jobs.length);
      kills++;

      const cache = openCache();
      try {
        const labeled = await cache('shipments').whereNotNull('label_serial').whereIn('status', ['packed', 'labeled']).select('id', 'order_number', 'label_serial');
        const pending: string[] = await cache('print_jobs').pluck('id');
        const received = printedLabels(labeled);
        const printed = new Set(received.filter((p) => p.complete).map((p) => p.orderNumber));
        for (const s of labeled) {
          const hasJob = pending.some((id) => id.startsWith(`${s.order_number}-${s.label_serial}-printed-`)) || printed.has(s.order_number);
          expect(hasJob, `order ${s.order_number} has label ${s.label_serial} but no print job after kill ${kills}; the printer has ${JSON.stringify(received.filter((p) => p.orderNumber === s.order_number))}; pending ${pending.join(' ')}`).toBe(true);
        }
        // Every job on record belongs to a label on record.
        for (const id of pending) expect(labeled.some((s) => id.startsWith(`${s.order_number}-${s.label_serial}-`)), `job ${id} has no label`).toBe(true);
      } finally {
        await cache.destroy();
      }
    }
    console.log(`${kills} kills before ${LABELS} orders held a label (a restart took ${Math.round(Math.max(...startMs))} ms at most)`);
    expect(kills).toBeGreaterThanOrEqual(3);

    const cache = openCache();
    try {
      const labeled = await cache('shipments').whereNotNull('label_serial').whereIn('status', ['packed', 'labeled']).select('id', 'order_number', 'label_serial');
      expect(labeled.length).toBeGreaterThanOrEqual(LABELS);
      expect(new Set(labeled.map((s) => s.label_serial)).size).toBe(labeled.length);
      expect(await cache('print_jobs').count({ n: '*' }).first()).toEqual({ n: 0 });
      // Every label on record went out with exactly one printed event: a crash never recorded a label twice.
      const events = await cache('label_events').where('kind', 'printed').select('shipment_id', 'serial');
      expect(events.map((e) => e.shipment_id).sort()).toEqual(labeled.map((s) => s.id).sort());

      const printedJobs = printedLabels(labeled);
      const complete = printedJobs.filter((p) => p.complete);
      expect(complete.filter((p) => p.orderNumber === '?')).toEqual([]);
      for (const s of labeled) {
        const times = complete.filter((p) => p.orderNumber === s.order_number).length;
        expect(times, `order ${s.order_number} printed ${times} times`).toBeGreaterThanOrEqual(1);
        if (times > 1) {
          // The only second print allowed: the job the printer had just taken when a kill came.
          const inFlightAtKills = killedAfterJobs.filter((n) => n > 0 && printedJobs[n - 1]!.orderNumber === s.order_number).length;
          expect(times - 1, `order ${s.order_number} printed ${times} times; it was in flight at ${inFlightAtKills} kills`).toBeLessThanOrEqual(inFlightAtKills);
        }
      }
      const duplicates = complete.length - new Set(complete.map((p) => p.orderNumber)).size;
      console.log(`${complete.length} labels printed for ${labeled.length} orders: ${duplicates} printed again after a kill caught them in flight; ${printedJobs.length - complete.length} cut short by a kill`);
    } finally {
      await cache.destroy();
    }
  }, 600_000);
});
