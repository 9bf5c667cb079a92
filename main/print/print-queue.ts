/**
 * One FIFO queue per printer (DESIGN §5), persisted through a `JobStore`.
 *
 * - A job is saved before `enqueue` resolves and removed only after the
 *   printer took it: a station restart or a printer that is off loses nothing.
 * - Each job gets a round of tries: one now, then one after each delay in
 *   `retryDelaysMs` (default 0.5 s, 2 s, 5 s: four tries in about 7.5 s,
 *   enough to ride out a printer waking up or a label being torn off).
 * - When the round fails the job stays at the head of the queue and the
 *   printer is `offline`; nothing behind it prints out of order. A new round
 *   starts on `retryNow()`, on the next tick (`tickIntervalMs`, default 30 s)
 *   or when a new job is queued.
 * - State per printer: `printing` while a job is being tried (including the
 *   pauses between tries), `offline` after a failed round, `online` otherwise.
 * - A printer that can be probed without printing (ZPL over TCP) is probed
 *   every `probeIntervalMs` (default 0.5 s) while nothing prints: one that
 *   stops answering is `offline` within a second, before the next label, and
 *   one that answers again prints what waited at once.
 *   Read it with `status()`, follow it with `subscribe()` or `onStatus`.
 * - Within a process each job prints exactly once: one drain loop per queue,
 *   ids are unique (enqueueing a pending id again is a no-op).
 */
import type { Logger } from '../../platform/logger';
import { wallClock, type Clock } from '../../core/clock';
import type { JobStore, StoredPrintJob } from './job-store';
import type { LabelPage } from './label-svg';
import { PrintError, assertJobId, type LabelPrinter, type PayloadKind, type PrintErrorCode, type PrintJob } from './printers';

export type PrinterState = 'online' | 'offline' | 'printing';

export interface PrinterStatus {
  printer: string;
  state: PrinterState;
  /** Jobs not yet printed, the current one included. */
  pending: number;
  /** The job being tried, or waiting at the head of the queue while offline. */
  currentJobId: string | null;
  lastError: string | null;
  lastErrorCode: PrintErrorCode | null;
}

export type StatusListener = (status: PrinterStatus) => void;

export interface PrintQueueOptions {
  printer: LabelPrinter;
  store: JobStore;
  /** Pause before each retry within a round; its length is the number of retries. */
  retryDelaysMs?: readonly number[];
  /** While offline, start a new round this often; 0 turns the tick off. */
  tickIntervalMs?: number;
  /** While idle, ask a printer that has `probe()` whether it answers this often; 0 turns probing off. */
  probeIntervalMs?: number;
  /** Injected so tests need not wait for real backoff. */
  sleep?: (ms: number) => Promise<void>;
  clock?: Clock;
  logger?: Logger;
  onStatus?: StatusListener;
}

export const DEFAULT_RETRY_DELAYS_MS: readonly number[] = [500, 2000, 5000];
export const DEFAULT_TICK_INTERVAL_MS = 30_000;
export const DEFAULT_PROBE_INTERVAL_MS = 500;

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

interface QueuedJob {
  stored: StoredPrintJob;
  /** The save that `enqueue` started; the job is not sent before it is durable. */
  saved: Promise<void>;
}

function payloadOf(job: PrintJob): { kind: PayloadKind; payload: string } | null {
  if (typeof job.zpl === 'string' && job.zpl !== '') return { kind: 'zpl', payload: job.zpl };
  if (Buffer.isBuffer(job.pdf) && job.pdf.length > 0) return { kind: 'pdf', payload: job.pdf.toString('base64') };
  if (job.page && job.page.html !== '') return { kind: 'page', payload: JSON.stringify(job.page) };
  return null;
}

function toPrintJob(job: StoredPrintJob): PrintJob {
  switch (job.kind) {
    case 'zpl':
      return { id: job.id, zpl: job.payload };
    case 'pdf':
      return { id: job.id, pdf: Buffer.from(job.payload, 'base64') };
    case 'page':
      return { id: job.id, page: JSON.parse(job.payload) as LabelPage };
  }
}

function asPrintError(error: unknown): PrintError {
  if (error instanceof PrintError) return error;
  return new PrintError('PRINTER_CONNECTION_LOST', error instanceof Error ? error.message : String(error), { cause: error });
}

export class PrintQueue {
  readonly printer: LabelPrinter;
  private readonly store: JobStore;
  private readonly retryDelaysMs: readonly number[];
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly clock: Clock;
  private readonly logger: Logger | undefined;
  private readonly listeners = new Set<StatusListener>();
  private readonly jobs: QueuedJob[] = [];
  private state: PrinterState = 'online';
  private currentJobId: string | null = null;
  private lastError: PrintError | null = null;
  private lastCreatedAtMs = 0;
  private running: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private ticker: NodeJS.Timeout | null = null;
  private prober: NodeJS.Timeout | null = null;
  private probing = false;
  private closed = false;

  private constructor(opts: PrintQueueOptions) {
    this.printer = opts.printer;
    this.store = opts.store;
    this.retryDelaysMs = opts.retryDelaysMs ?? DEFAULT_RETRY_DELAYS_MS;
    this.sleep = opts.sleep ?? realSleep;
    this.clock = opts.clock ?? wallClock;
    this.logger = opts.logger;
    if (opts.onStatus) this.listeners.add(opts.onStatus);
    const tick = opts.tickIntervalMs ?? DEFAULT_TICK_INTERVAL_MS;
    if (tick > 0) {
      this.ticker = setInterval(() => {
        if (this.state === 'offline' && !this.running) void this.kick();
      }, tick);
      this.ticker.unref();
    }
    const probeEvery = opts.probeIntervalMs ?? DEFAULT_PROBE_INTERVAL_MS;
    if (probeEvery > 0 && this.printer.probe) {
      this.prober = setInterval(() => void this.probeOnce(), probeEvery);
      this.prober.unref();
    }
  }

  /** One probe while nothing prints (a print connection says more than a probe, and a Zebra serves one connection at a time). */
  private async probeOnce(): Promise<void> {
    if (this.closed || this.running || this.probing || !this.printer.probe) return;
    this.probing = true;
    try {
      const answers = await this.printer.probe();
      if (this.closed || this.running) return;
      if (!answers && this.state !== 'offline') {
        this.lastError = new PrintError('PRINTER_OFFLINE', `Printer "${this.printer.name}" does not answer: check that it is switched on and on the network`);
        this.logger?.warn({ printer: this.printer.name }, 'printer stopped answering');
        this.state = 'offline';
        this.currentJobId = this.jobs[0]?.stored.id ?? null;
        this.emit();
      } else if (answers && this.state === 'offline') {
        this.logger?.info({ printer: this.printer.name }, 'printer answers again');
        if (this.jobs.length > 0) void this.kick();
        else {
          this.lastError = null;
          this.setState('online', null);
        }
      }
    } finally {
      this.probing = false;
    }
  }

  /** Open the queue: reload this printer's pending jobs from the store and start printing them. */
  static async open(opts: PrintQueueOptions): Promise<PrintQueue> {
    const queue = new PrintQueue(opts);
    const pending = await opts.store.loadPending(opts.printer.name);
    for (const stored of pending) {
      if (stored.kind !== queue.printer.accepts) {
        // Same printer name, different kind of printer now (settings changed): keep the job, do not block the queue with it.
        queue.logger?.warn({ printer: stored.printer, jobId: stored.id, kind: stored.kind }, 'print job left in the store: this printer no longer takes its kind');
        continue;
      }
      queue.jobs.push({ stored, saved: Promise.resolve() });
      queue.lastCreatedAtMs = Math.max(queue.lastCreatedAtMs, Date.parse(stored.createdAt) || 0);
    }
    if (queue.jobs.length > 0) void queue.kick();
    return queue;
  }

  status(): PrinterStatus {
    return {
      printer: this.printer.name,
      state: this.state,
      pending: this.jobs.length,
      currentJobId: this.currentJobId,
      lastError: this.lastError?.message ?? null,
      lastErrorCode: this.lastError?.code ?? null,
    };
  }

  /** Call `listener` on every change of state, queue length, current job or error. Returns the unsubscribe. */
  subscribe(listener: StatusListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Queue a job. Resolves once it is saved (not printed); throws BAD_JOB for a
   * job this printer can never print. A pending id queued again is ignored.
   */
  async enqueue(job: PrintJob): Promise<{ id: string; position: number }> {
    const existing = this.jobs.findIndex((j) => j.stored.id === job.id);
    if (existing >= 0) return { id: job.id, position: existing };
    const stored = this.prepare(job);
    // Take the place in line now (so concurrent enqueues keep their order); print only after the save.
    const queued: QueuedJob = { stored, saved: this.store.save(stored) };
    this.jobs.push(queued);
    try {
      await queued.saved;
    } catch (error) {
      const at = this.jobs.indexOf(queued);
      if (at >= 0) this.jobs.splice(at, 1);
      this.emit();
      throw error;
    }
    const position = this.jobs.indexOf(queued);
    this.emit();
    void this.kick();
    return { id: job.id, position };
  }

  /**
   * The row a job is stored as, for a caller that saves it in its own
   * transaction (a label and its job commit together) and then `admit`s it.
   * Throws BAD_JOB for a job this printer can never print.
   */
  prepare(job: PrintJob): StoredPrintJob {
    if (this.closed) throw new PrintError('BAD_JOB', `The print queue of "${this.printer.name}" is closed`);
    assertJobId(job.id);
    const body = payloadOf(job);
    if (body === null) throw new PrintError('BAD_JOB', `Print job ${job.id} has nothing to print`);
    if (body.kind !== this.printer.accepts) {
      throw new PrintError('BAD_JOB', `Printer "${this.printer.name}" prints ${this.printer.accepts.toUpperCase()}, but job ${job.id} is ${body.kind.toUpperCase()}`);
    }
    // Strictly increasing per queue, so two jobs in the same millisecond reload in the order they were queued.
    const createdAtMs = Math.max(this.clock.now().getTime(), this.lastCreatedAtMs + 1);
    this.lastCreatedAtMs = createdAtMs;
    return { id: job.id, printer: this.printer.name, kind: body.kind, payload: body.payload, createdAt: new Date(createdAtMs).toISOString(), attempts: 0, lastError: null };
  }

  /** A `prepare`d job whose save has committed: it joins the line and prints. A pending id admitted again is ignored. */
  admit(stored: StoredPrintJob): void {
    if (this.closed || this.jobs.some((j) => j.stored.id === stored.id)) return;
    this.jobs.push({ stored, saved: Promise.resolve() });
    this.emit();
    // The job is in line; the printer is driven on the next turn of the event loop, so the scan that queued it answers first.
    setImmediate(() => void this.kick());
  }

  /** Try again now: skips a pause between tries, or starts a new round when offline. Resolves when that pass ends. */
  retryNow(): Promise<void> {
    if (this.running) {
      this.wake?.();
      return this.running;
    }
    return this.kick();
  }

  /** Resolves when nothing is being tried (everything printed, or the printer went offline). */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Stop the tick and let the current try finish; pending jobs stay in the store. */
  async close(): Promise<void> {
    this.closed = true;
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
    if (this.prober) clearInterval(this.prober);
    this.prober = null;
    this.wake?.();
    await this.idle();
  }

  private emit(): void {
    const status = this.status();
    for (const listener of this.listeners) {
      try {
        listener(status);
      } catch (error) {
        this.logger?.error({ err: error, printer: this.printer.name }, 'print status listener failed');
      }
    }
  }

  private setState(state: PrinterState, currentJobId: string | null): void {
    if (state === this.state && currentJobId === this.currentJobId) return;
    this.state = state;
    this.currentJobId = currentJobId;
    this.emit();
  }

  private kick(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (!this.running) {
      this.running = this.drain()
        .catch((error: unknown) => {
          // Only a bug gets here (printer and store errors are handled in the loop); keep the jobs, say offline.
          this.lastError = asPrintError(error);
          this.logger?.error({ err: error, printer: this.printer.name }, 'print queue stopped unexpectedly');
          this.setState('offline', this.jobs[0]?.stored.id ?? null);
        })
        .finally(() => {
          this.running = null;
        });
    }
    return this.running;
  }

  /** A pause that `retryNow` or `close` can cut short. */
  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => {
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        if (this.wake === finish) this.wake = null;
        resolve();
      };
      this.wake = finish;
      this.sleep(ms).then(finish, finish);
    });
  }

  private async drain(): Promise<void> {
    while (!this.closed) {
      const head = this.jobs[0];
      if (!head) {
        this.setState('online', null);
        return;
      }
      try {
        await head.saved;
      } catch {
        // Its save failed, so `enqueue` rejected and the caller knows it was not queued.
        const at = this.jobs.indexOf(head);
        if (at >= 0) this.jobs.splice(at, 1);
        continue;
      }
      const printed = await this.tryRound(head);
      if (this.closed) return;
      if (!printed) {
        this.setState('offline', head.stored.id);
        return;
      }
      this.jobs.shift();
      try {
        await this.store.remove(head.stored.id);
      } catch (error) {
        // Printed but still stored: it would print again after a restart. Say so; do not stop the queue for it.
        this.logger?.error({ err: error, printer: this.printer.name, jobId: head.stored.id }, 'printed job could not be removed from the store');
      }
      this.lastError = null;
      this.emit();
    }
  }

  /** One round of tries for the head job; true once the printer took it. */
  private async tryRound(job: QueuedJob): Promise<boolean> {
    for (let retry = 0; ; retry++) {
      if (this.closed) return false;
      this.setState('printing', job.stored.id);
      job.stored.attempts += 1;
      try {
        await this.printer.print(toPrintJob(job.stored));
        this.logger?.info({ printer: this.printer.name, jobId: job.stored.id, attempts: job.stored.attempts }, 'label printed');
        return true;
      } catch (thrown) {
        const error = asPrintError(thrown);
        this.lastError = error;
        job.stored.lastError = `${error.code}: ${error.message}`;
        this.logger?.warn({ printer: this.printer.name, jobId: job.stored.id, attempts: job.stored.attempts, code: error.code }, 'print attempt failed');
        await this.store.save(job.stored).catch((saveError: unknown) => {
          this.logger?.error({ err: saveError, jobId: job.stored.id }, 'could not record the failed print attempt');
        });
        this.emit();
        const delay = this.retryDelaysMs[retry];
        if (!error.retryable || delay === undefined) return false;
        await this.pause(delay);
      }
    }
  }
}

/** One queue per printer, all on the same store. */
export async function openPrintQueues(
  printers: readonly LabelPrinter[],
  common: Omit<PrintQueueOptions, 'printer'>,
): Promise<Map<string, PrintQueue>> {
  const queues = new Map<string, PrintQueue>();
  for (const printer of printers) {
    if (queues.has(printer.name)) throw new Error(`Two printers are named "${printer.name}"; printer names must be unique`);
    queues.set(printer.name, await PrintQueue.open({ ...common, printer }));
  }
  return queues;
}
