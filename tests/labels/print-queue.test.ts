import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderZpl } from '../../core/labels';
import { openDatabase, type Database } from '../../platform/database';
import { PrintQueue, openPrintQueues, type PrinterState, type PrinterStatus } from '../../main/print/print-queue';
import { PRINT_JOBS_TABLE, createPrintJobsTable, knexJobStore, memoryJobStore, type JobStore, type StoredPrintJob } from '../../main/print/job-store';
import { PrintError, ZplTcpPrinter, type LabelPrinter, type PrintJob } from '../../main/print/printers';
import { celineLabel, demoLabelCases, mustBuild } from './fixtures';
import { freePort, startFakeZebra } from './fake-zebra';
import { readZplFormats } from './zpl-reader';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function sqliteStore(): Promise<{ store: JobStore; db: Database }> {
  const dir = mkdtempSync(join(tmpdir(), 'backlot-print-queue-'));
  const db = openDatabase({ file: join(dir, 'station.sqlite') });
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  cleanups.push(() => db.close());
  await createPrintJobsTable(db.knex);
  return { store: knexJobStore(db.knex), db };
}

/** A printer that fails while `down` is true and records what it printed. */
function scriptedPrinter(name = 'Fake'): LabelPrinter & { down: boolean; printed: string[]; attempts: number } {
  const printer = {
    name,
    accepts: 'zpl' as const,
    down: false,
    printed: [] as string[],
    attempts: 0,
    async print(job: PrintJob) {
      printer.attempts++;
      if (printer.down) throw new PrintError('PRINTER_OFFLINE', `Printer "${name}" is off`);
      printer.printed.push(job.id);
    },
  };
  return printer;
}

/** Sleep that returns at once and remembers what it was asked for. */
function recordingSleep(): { sleep: (ms: number) => Promise<void>; asked: number[] } {
  const asked: number[] = [];
  return { asked, sleep: async (ms) => void asked.push(ms) };
}

async function openQueue(opts: Partial<Parameters<typeof PrintQueue.open>[0]> & { printer: LabelPrinter; store: JobStore }): Promise<PrintQueue> {
  const queue = await PrintQueue.open({ tickIntervalMs: 0, sleep: async () => undefined, ...opts });
  cleanups.push(() => queue.close());
  return queue;
}

function zplJobs(count: number): PrintJob[] {
  return demoLabelCases(count).map(({ input }, i) => ({ id: `job-${String(i + 1).padStart(3, '0')}`, zpl: renderZpl(mustBuild(input)) }));
}

describe.each([
  ['memoryJobStore', async () => ({ store: memoryJobStore() as JobStore })],
  ['knexJobStore on SQLite', sqliteStore],
])('%s', (_name, makeStore) => {
  const job = (id: string, createdAt: string, printer = 'Zebra 1'): StoredPrintJob => ({
    id, printer, kind: 'zpl', payload: `^XA^FD${id}^FS^XZ`, createdAt, attempts: 0, lastError: null,
  });

  it('returns pending jobs oldest first, per printer, and forgets removed ones', async () => {
    const { store } = await makeStore();
    await store.save(job('b', '2026-01-01T00:00:00.002Z'));
    await store.save(job('a', '2026-01-01T00:00:00.001Z'));
    await store.save(job('c', '2026-01-01T00:00:00.001Z', 'Zebra 2'));
    expect((await store.loadPending('Zebra 1')).map((j) => j.id)).toEqual(['a', 'b']);
    expect((await store.loadPending()).map((j) => j.id)).toEqual(['a', 'c', 'b']);
    await store.remove('a');
    expect((await store.loadPending('Zebra 1')).map((j) => j.id)).toEqual(['b']);
  });

  it('updates attempts and the last error when a job is saved again', async () => {
    const { store } = await makeStore();
    await store.save(job('a', '2026-01-01T00:00:00.001Z'));
    await store.save({ ...job('a', '2026-01-01T00:00:00.001Z'), attempts: 4, lastError: 'PRINTER_OFFLINE: off' });
    expect(await store.loadPending('Zebra 1')).toEqual([{ ...job('a', '2026-01-01T00:00:00.001Z'), attempts: 4, lastError: 'PRINTER_OFFLINE: off' }]);
  });
});

describe('PrintQueue', () => {
  it('prints jobs in the order they were queued, each exactly once, over TCP', async () => {
    const fake = await startFakeZebra();
    cleanups.push(() => fake.close());
    const queue = await openQueue({ printer: new ZplTcpPrinter({ name: 'Zebra 1', host: '127.0.0.1', port: fake.port }), store: memoryJobStore() });
    const jobs = zplJobs(5);
    await Promise.all(jobs.map((j) => queue.enqueue(j)));
    await queue.idle();
    const received = await fake.waitForJobs(5);
    expect(received).toEqual(jobs.map((j) => j.zpl));
    // Each job is its shipment's label: the first format's IMb digits end with that shipment's ZIP.
    const recipients = received.map((zpl) => readZplFormats(zpl)[0]!.texts.find((t) => /^[0-9 ]{20,}$/.test(t.text))!.text);
    expect(recipients.map((digits) => digits.split(' ').pop()!.slice(0, 5))).toEqual(demoLabelCases(5).map((c) => c.shipment.ship_zip5));
    expect(queue.status()).toMatchObject({ state: 'online', pending: 0, currentJobId: null, lastError: null });
  });

  it('retries with the configured backoff, then keeps the job and says the printer is offline', async () => {
    const printer = scriptedPrinter();
    printer.down = true;
    const store = memoryJobStore();
    const { sleep, asked } = recordingSleep();
    const states: PrinterState[] = [];
    const queue = await openQueue({ printer, store, sleep, retryDelaysMs: [500, 2000, 5000], onStatus: (s) => states.push(s.state) });
    await queue.enqueue({ id: 'j1', zpl: '^XA^XZ' });
    await queue.idle();
    expect(printer.attempts).toBe(4);
    expect(asked).toEqual([500, 2000, 5000]);
    expect(queue.status()).toEqual<PrinterStatus>({
      printer: 'Fake', state: 'offline', pending: 1, currentJobId: 'j1', lastError: 'Printer "Fake" is off', lastErrorCode: 'PRINTER_OFFLINE',
    });
    expect(states[states.length - 1]).toBe('offline');
    expect(states).toContain('printing');
    const [stored] = await store.loadPending('Fake');
    expect(stored).toMatchObject({ id: 'j1', attempts: 4, lastError: 'PRINTER_OFFLINE: Printer "Fake" is off' });
  });

  it('keeps a job through an offline printer and delivers it exactly once when retryNow() finds the printer back', async () => {
    const port = await freePort();
    const { store } = await sqliteStore();
    const queue = await openQueue({ printer: new ZplTcpPrinter({ name: 'Zebra 1', host: '127.0.0.1', port, connectTimeoutMs: 1000 }), store, retryDelaysMs: [1, 1] });
    const zpl = renderZpl(celineLabel());
    await queue.enqueue({ id: 'SH000000337-1', zpl });
    await queue.idle();
    expect(queue.status()).toMatchObject({ state: 'offline', pending: 1, currentJobId: 'SH000000337-1', lastErrorCode: 'PRINTER_OFFLINE' });
    expect((await store.loadPending('Zebra 1')).map((j) => [j.id, j.attempts])).toEqual([['SH000000337-1', 3]]);

    const fake = await startFakeZebra({ port });
    cleanups.push(() => fake.close());
    await queue.retryNow();
    expect(await fake.waitForJobs(1)).toEqual([zpl]);
    expect(queue.status()).toMatchObject({ state: 'online', pending: 0, lastError: null });
    expect(await store.loadPending()).toEqual([]);

    // Nothing left to send: asking again sends nothing more.
    await queue.retryNow();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(fake.jobs).toHaveLength(1);
    expect(fake.connections).toBe(1);
  });

  it('retries an offline printer on its own at the next tick', async () => {
    const printer = scriptedPrinter();
    printer.down = true;
    const queue = await openQueue({ printer, store: memoryJobStore(), retryDelaysMs: [], tickIntervalMs: 20 });
    await queue.enqueue({ id: 'j1', zpl: '^XA^XZ' });
    await queue.idle();
    expect(queue.status().state).toBe('offline');
    printer.down = false;
    const online = new Promise<void>((resolve) => queue.subscribe((s) => s.state === 'online' && s.pending === 0 && resolve()));
    await online;
    expect(printer.printed).toEqual(['j1']);
  });

  it('holds the jobs behind a stuck one, in order, instead of printing around it', async () => {
    const printer = scriptedPrinter();
    const queue = await openQueue({ printer, store: memoryJobStore(), retryDelaysMs: [] });
    printer.down = true;
    await queue.enqueue({ id: 'first', zpl: '^XA^XZ' });
    await queue.enqueue({ id: 'second', zpl: '^XA^XZ' });
    await queue.idle();
    expect(queue.status()).toMatchObject({ state: 'offline', pending: 2, currentJobId: 'first' });
    printer.down = false;
    await queue.retryNow();
    await queue.idle();
    expect(printer.printed).toEqual(['first', 'second']);
  });

  it('loses nothing across a station restart: a new queue on the same database prints what was pending, in order', async () => {
    const { store, db } = await sqliteStore();
    const before = scriptedPrinter('Zebra 1');
    before.down = true;
    const first = await PrintQueue.open({ printer: before, store, retryDelaysMs: [], tickIntervalMs: 0 });
    for (const id of ['a', 'b', 'c']) await first.enqueue({ id, zpl: `^XA^FD${id}^FS^XZ` });
    await first.idle();
    await first.close();
    expect(await db.knex(PRINT_JOBS_TABLE).count({ n: '*' }).first()).toEqual({ n: 3 });

    const after = scriptedPrinter('Zebra 1');
    const second = await openQueue({ printer: after, store });
    await second.idle();
    expect(after.printed).toEqual(['a', 'b', 'c']);
    expect(await store.loadPending()).toEqual([]);
  });

  it('ignores a job id that is already waiting (a double click prints one label)', async () => {
    const printer = scriptedPrinter();
    printer.down = true;
    const queue = await openQueue({ printer, store: memoryJobStore(), retryDelaysMs: [] });
    await queue.enqueue({ id: 'j1', zpl: '^XA^XZ' });
    await queue.enqueue({ id: 'j1', zpl: '^XA^XZ' });
    await queue.idle();
    printer.down = false;
    await queue.retryNow();
    expect(printer.printed).toEqual(['j1']);
  });

  it('rejects enqueue when the job cannot be saved, and goes on printing the others', async () => {
    const printer = scriptedPrinter();
    const store = memoryJobStore();
    const flaky: JobStore = {
      ...store,
      save: async (job) => (job.id === 'unsaved' ? Promise.reject(new Error('disk full')) : store.save(job)),
    };
    const queue = await openQueue({ printer, store: flaky });
    const results = await Promise.allSettled([
      queue.enqueue({ id: 'unsaved', zpl: '^XA^XZ' }),
      queue.enqueue({ id: 'saved', zpl: '^XA^XZ' }),
    ]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'fulfilled']);
    await queue.idle();
    expect(printer.printed).toEqual(['saved']);
    expect(queue.status()).toMatchObject({ state: 'online', pending: 0 });
  });

  it('refuses up front a job the printer can never print, instead of retrying it forever', async () => {
    const queue = await openQueue({ printer: scriptedPrinter(), store: memoryJobStore() });
    await expect(queue.enqueue({ id: 'j1', pdf: Buffer.from('%PDF-1.3') })).rejects.toMatchObject({ code: 'BAD_JOB' });
    await expect(queue.enqueue({ id: 'j2' })).rejects.toMatchObject({ code: 'BAD_JOB' });
    await expect(queue.enqueue({ id: '../j3', zpl: '^XA^XZ' })).rejects.toMatchObject({ code: 'BAD_JOB' });
    expect(queue.status().pending).toBe(0);
  });

  it('runs one queue per printer: one printer offline does not hold up another', async () => {
    const down = scriptedPrinter('Zebra 1');
    down.down = true;
    const up = scriptedPrinter('Zebra 2');
    const queues = await openPrintQueues([down, up], { store: memoryJobStore(), retryDelaysMs: [], tickIntervalMs: 0, sleep: async () => undefined });
    cleanups.push(async () => {
      for (const q of queues.values()) await q.close();
    });
    await queues.get('Zebra 1')!.enqueue({ id: 'a', zpl: '^XA^XZ' });
    await queues.get('Zebra 2')!.enqueue({ id: 'b', zpl: '^XA^XZ' });
    await Promise.all([...queues.values()].map((q) => q.idle()));
    expect(queues.get('Zebra 1')!.status().state).toBe('offline');
    expect(queues.get('Zebra 2')!.status().state).toBe('online');
    expect(up.printed).toEqual(['b']);
  });
});
