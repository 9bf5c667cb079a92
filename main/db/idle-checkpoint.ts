/**
 * The station cache's WAL checkpoints, moved off the write path (issue 13
 * item 4). SQLite's automatic checkpoint runs inside the COMMIT that takes
 * the log past 1,000 pages: on the packing line that was about every 30th
 * scan, a millisecond or more added to that scan's label. The station opens
 * its write connection with `wal_autocheckpoint = 0` (`openStationDb`) and
 * this module checkpoints instead:
 *
 *   - idle: a PASSIVE checkpoint once the write connection has been left
 *     alone for `idleMs` (a packer scans seconds apart; this runs in between);
 *   - bound: a station that never idles still checkpoints, right after the
 *     transaction that took the log past `maxWalBytes`, so the log cannot
 *     grow without end. `journal_size_limit` (set with the same figure) cuts
 *     the file back when SQLite starts the log over, so its size tells how
 *     much was written since;
 *   - close: a TRUNCATE checkpoint, leaving an empty log behind.
 *
 * "Left alone" is read from knex's pool, which holds the station's one write
 * connection: a transaction (ours by hand or knex's) holds that connection
 * from BEGIN to COMMIT, and a checkpoint takes it through the same pool, so
 * it never runs inside a write transaction, and the idle one only starts
 * when nothing holds or waits for the connection. PASSIVE never waits for a
 * reader (the lookup box's read-only connection): it copies what it can.
 *
 * Checkpoints change nothing about what survives a crash: a committed
 * transaction is in the log (synchronous as before), and a checkpoint only
 * copies pages the log already holds.
 *
 * SQL: constant PRAGMAs on the raw driver connection knex pools (no knex
 * query, which would take and give back the connection through knex's
 * runner and be counted as station work).
 */
import { statSync } from 'node:fs';
import type { Knex } from 'knex';
import type { Database as SqliteConnection } from 'sqlite3';
import type { Logger } from '../../platform/logger';
import { unrefTimers, type Timers } from '../../platform/timers';

/** The wait after the write connection was last used before the idle checkpoint: well under the seconds between two scans. */
export const IDLE_CHECKPOINT_MS = 100;
/** The log size that brings a checkpoint even without a pause: about 4,000 pages of 4 KiB (SQLite's own default is 1,000). */
export const MAX_WAL_BYTES = 16 * 1024 * 1024;


export type CheckpointTrigger = 'idle' | 'bound' | 'close';

/** What one checkpoint did, as `PRAGMA wal_checkpoint` answers it. */
export interface CheckpointDone {
  trigger: CheckpointTrigger;
  /** Frames in the log when it ran, and how many of them are now in the database file. */
  logFrames: number;
  checkpointedFrames: number;
  /** A reader (or another process) kept it from copying everything. */
  busy: boolean;
  ms: number;
}

export interface IdleCheckpointOptions {
  knex: Knex;
  /** The database file; its log is `<file>-wal`. */
  file: string;
  idleMs?: number;
  maxWalBytes?: number;
  timers?: Timers;
  logger?: Logger;
  /** Told of each checkpoint (the pack benchmark reports them). */
  onCheckpoint?: (done: CheckpointDone) => void;
}

interface PoolView {
  on(event: 'release', listener: (resource: unknown) => void): void;
  removeListener(event: 'release', listener: (resource: unknown) => void): void;
  numUsed(): number;
  numPendingAcquires(): number;
}

interface ConnectionClient {
  pool: PoolView;
  acquireConnection(): Promise<SqliteConnection>;
  releaseConnection(conn: SqliteConnection): Promise<unknown>;
}

/** The pragmas the write connection needs for this module to be the one that checkpoints (`openDatabase` runs them on each new connection). */
export function manualCheckpointPragmas(maxWalBytes = MAX_WAL_BYTES): string[] {
  return ['PRAGMA wal_autocheckpoint = 0', `PRAGMA journal_size_limit = ${maxWalBytes}`];
}

export class IdleCheckpoint {
  readonly #client: ConnectionClient;
  readonly #wal: string;
  readonly #idleMs: number;
  readonly #maxWalBytes: number;
  readonly #timers: Timers;
  readonly #logger: Logger | undefined;
  readonly #onCheckpoint: ((done: CheckpointDone) => void) | undefined;
  readonly #onRelease = () => this.#released();
  #timer: unknown = null;
  /** The connection was given back while the idle timer ran: not idle yet. */
  #usedSinceArmed = false;
  /** We hold the connection: our own release is no station work. */
  #holding = false;
  #running: Promise<void> | null = null;
  #closed = false;
  #settledWaiters: Array<() => void> = [];

  constructor(opts: IdleCheckpointOptions) {
    this.#client = (opts.knex as unknown as { client: ConnectionClient }).client;
    this.#wal = `${opts.file}-wal`;
    this.#idleMs = opts.idleMs ?? IDLE_CHECKPOINT_MS;
    this.#maxWalBytes = opts.maxWalBytes ?? MAX_WAL_BYTES;
    this.#timers = opts.timers ?? unrefTimers;
    this.#logger = opts.logger;
    this.#onCheckpoint = opts.onCheckpoint;
    this.#client.pool.on('release', this.#onRelease);
  }

  /**
   * Resolves once no checkpoint is waiting for a pause or running: what a
   * packer's pause between scans gives the station (the pack benchmark waits
   * for it before each timed scan, as the printer is waited for).
   */
  settled(): Promise<void> {
    if (this.#timer === null && this.#running === null) return Promise.resolve();
    return new Promise((resolve) => this.#settledWaiters.push(resolve));
  }

  /** Stops watching and checkpoints what is left (TRUNCATE: the log file is emptied). */
  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    this.#client.pool.removeListener('release', this.#onRelease);
    this.#disarm();
    await this.#running;
    await this.#checkpoint('close');
    this.#notifySettled();
  }

  /** The write connection was given back: a transaction or a statement ended. */
  #released(): void {
    if (this.#holding || this.#closed) return;
    if (this.#walBytes() > this.#maxWalBytes) {
      // Taken before anyone else asks for the connection: it runs between this transaction and the next.
      this.#disarm();
      queueMicrotask(() => this.#start('bound'));
      return;
    }
    if (this.#timer === null) this.#arm();
    else this.#usedSinceArmed = true;
  }

  #arm(): void {
    this.#usedSinceArmed = false;
    this.#timer = this.#timers.setTimeout(() => this.#idleTimerFired(), this.#idleMs);
  }

  #disarm(): void {
    if (this.#timer !== null) this.#timers.clearTimeout(this.#timer);
    this.#timer = null;
  }

  #idleTimerFired(): void {
    this.#timer = null;
    if (this.#closed) return;
    // Someone used the connection during the wait, or holds it (a transaction in flight) or waits for it: wait again.
    if (this.#usedSinceArmed || this.#running !== null || this.#client.pool.numUsed() > 0 || this.#client.pool.numPendingAcquires() > 0) {
      this.#arm();
      return;
    }
    this.#start('idle');
  }

  #start(trigger: 'idle' | 'bound'): void {
    if (this.#running !== null || this.#closed) return;
    this.#running = this.#checkpoint(trigger).finally(() => {
      this.#running = null;
      this.#notifySettled();
    });
  }

  #notifySettled(): void {
    if (this.#timer !== null || this.#running !== null) return;
    const waiters = this.#settledWaiters;
    this.#settledWaiters = [];
    for (const w of waiters) w();
  }

  async #checkpoint(trigger: CheckpointTrigger): Promise<void> {
    const t0 = performance.now();
    let conn: SqliteConnection | null = null;
    try {
      conn = await this.#client.acquireConnection();
      this.#holding = true;
      const mode = trigger === 'close' ? 'TRUNCATE' : 'PASSIVE';
      const row = await new Promise<{ busy: number; log: number; checkpointed: number } | undefined>((resolve, reject) =>
        conn!.get(`PRAGMA wal_checkpoint(${mode})`, (err: Error | null, r: { busy: number; log: number; checkpointed: number } | undefined) => (err ? reject(err) : resolve(r))),
      );
      this.#onCheckpoint?.({ trigger, logFrames: row?.log ?? 0, checkpointedFrames: row?.checkpointed ?? 0, busy: row?.busy === 1, ms: performance.now() - t0 });
    } catch (err) {
      // A checkpoint that failed loses nothing (the log still holds every commit); the next one tries again.
      this.#logger?.warn({ err, trigger }, 'WAL checkpoint failed');
    } finally {
      if (conn) await this.#client.releaseConnection(conn);
      this.#holding = false;
    }
  }

  #walBytes(): number {
    try {
      return statSync(this.#wal).size;
    } catch {
      // No log file (yet): nothing to bound.
      return 0;
    }
  }
}
