/**
 * Live changes (issue 18, DESIGN §7): stations hold a long-poll
 * (`POST /v1/sync/wait`) that answers as soon as something in their scope
 * committed after their cursor; they pull then, and the 10 s poll stays as
 * the fallback.
 *
 * Long-poll, not server-sent events: it is one more request/answer route
 * like every other (the same station client, the same JSON schemas and
 * error envelope, Fastify's inject in tests), it needs nothing from proxies
 * but an idle timeout above 30 s, and a station pulls after a change anyway,
 * so a stream would only save the re-request, which a coalesced wake pays
 * once per pull.
 *
 * One hub per API instance. It learns that something committed from a
 * `CommitFeed` (PostgreSQL LISTEN on one dedicated connection, fanned out to
 * every instance; on the embedded SQLite a watch on its own version counter),
 * then reads the committed version window once (`changedKeys`) and wakes the
 * waiting stations whose scope keys it touched. It keeps, per key, the
 * highest version seen, so a station that comes back with an older cursor
 * is answered at once; versions below the hub's `baseline` (before it
 * started watching) are unknown, and a station behind it is answered at once
 * too. A notification that is lost only delays: the next window read covers
 * every version since the last one.
 */
import type { Knex } from 'knex';
import type { Logger } from '../../platform/logger';
import { changedKeys } from './live-scan';
import { committedVersion } from './versioning';

/**
 * Window reads at most this far apart per instance. A read costs PostgreSQL a
 * few milliseconds (most of it planning the one statement of live-scan.ts),
 * and under a steady stream of commits a shorter gap reads back to back: at
 * 25 ms the two instances of bench:central read ~50 windows a second. A change
 * waits at most this much longer to be seen, well inside the one second.
 */
const READ_GAP_MS = 100;

export interface CommitFeed {
  /** Starts calling `onCommit` when something may have committed; resolves once watching. */
  start(onCommit: () => void): Promise<void>;
  /** Whether commits are pushed to the hub; false means the hub must look on its own, often. */
  pushes(): boolean;
  close(): Promise<void>;
}

export interface WaitAnswer {
  changed: boolean;
  /** The highest committed version this instance has read its changes up to. */
  version: number;
}

interface Waiter {
  keys: readonly string[];
  since: number;
  resolve(answer: WaitAnswer): void;
}

export interface LiveHubOptions {
  knex: Knex;
  feed: CommitFeed;
  logger?: Logger;
  /** Smallest gap between two window reads: commits arriving meanwhile share one read. */
  readGapMs?: number;
  /** How often the hub looks by itself while stations wait: a safety net when commits are pushed, the mechanism when they are not. */
  safetyPollMs?: number;
  pollMs?: number;
}

export class LiveHub {
  private readonly latest = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();
  private baseline = 0;
  private readTo = 0;
  private started: Promise<void> | null = null;
  private closed = false;
  private reading: Promise<void> | null = null;
  private readAgain = false;
  /** A commit was seen while nobody waited (and not read then): the next waiter has it read. */
  private unread = false;
  private lastReadAt = 0;
  private poller: NodeJS.Timeout | null = null;
  private gapTimer: NodeJS.Timeout | null = null;

  constructor(private readonly opts: LiveHubOptions) {}

  /** Starts watching (idempotent); versions committed before this are not tracked (`baseline`). */
  start(): Promise<void> {
    this.started ??= (async () => {
      await this.opts.feed.start(() => this.commitSeen());
      const { top } = await committedVersion(this.opts.knex);
      this.baseline = top;
      this.readTo = top;
      this.startPolling();
    })().catch((err: unknown) => {
      // Tried again by the next station that waits.
      this.started = null;
      throw err;
    });
    return this.started;
  }

  async close(): Promise<void> {
    await this.started?.catch(() => undefined);
    this.closed = true;
    if (this.poller) clearInterval(this.poller);
    if (this.gapTimer) clearTimeout(this.gapTimer);
    this.poller = this.gapTimer = null;
    for (const w of this.waiters) w.resolve({ changed: false, version: this.readTo });
    this.waiters.clear();
    await this.reading?.catch(() => undefined);
    await this.opts.feed.close();
  }

  /** Stations waiting on this instance now (for logs and the benchmark). */
  waiting(): number {
    return this.waiters.size;
  }

  /**
   * Resolves when one of `keys` changed after version `since`, or after
   * `waitMs` with `changed: false`; `abort` ends the wait early (the station
   * hung up). A station behind what this hub knows is answered at once.
   */
  async wait(keys: readonly string[], since: number, waitMs: number, abort?: AbortSignal): Promise<WaitAnswer> {
    await this.start();
    if (this.closed) return { changed: false, version: this.readTo };
    if (this.isNewerFor(keys, since)) return { changed: true, version: this.readTo };
    return new Promise<WaitAnswer>((resolve) => {
      const waiter: Waiter = {
        keys,
        since,
        resolve: (answer) => {
          clearTimeout(timer);
          abort?.removeEventListener('abort', onAbort);
          this.waiters.delete(waiter);
          resolve(answer);
        },
      };
      const onAbort = () => waiter.resolve({ changed: false, version: this.readTo });
      const timer = setTimeout(() => waiter.resolve({ changed: false, version: this.readTo }), waitMs);
      abort?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
      if (this.unread) this.commitSeen();
    });
  }

  private isNewerFor(keys: readonly string[], since: number): boolean {
    if (since < this.baseline) return true;
    for (const key of keys) if ((this.latest.get(key) ?? 0) > since) return true;
    return false;
  }

  /** A write of this process committed (the embedded SQLite API's routes say so after answering). */
  poke(): void {
    this.commitSeen();
  }

  version(): number {
    return this.readTo;
  }

  /** `listen`: commits are pushed to this hub (or it is the only writer); `poll`: it looks every 200 ms instead. */
  mode(): 'listen' | 'poll' {
    return this.opts.feed.pushes() ? 'listen' : 'poll';
  }

  /** Something may have committed: read the window soon (at most one read per `readGapMs`, none while nobody waits). */
  private commitSeen(): void {
    if (this.closed) return;
    if (this.waiters.size === 0) {
      this.unread = true;
      return;
    }
    this.unread = false;
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    if (this.gapTimer) return;
    const gap = this.opts.readGapMs ?? READ_GAP_MS;
    const due = this.lastReadAt + gap - performance.now();
    if (due > 0) {
      this.gapTimer = setTimeout(() => {
        this.gapTimer = null;
        this.readWindow();
      }, due);
      this.gapTimer.unref?.();
      return;
    }
    this.readWindow();
  }

  private readWindow(): void {
    this.readAgain = false;
    this.lastReadAt = performance.now();
    this.reading = this.read()
      .catch((err: unknown) => this.opts.logger?.warn({ err }, 'live changes: reading the version window failed; the next commit or poll retries'))
      .finally(() => {
        this.reading = null;
        if (this.readAgain) this.commitSeen();
      });
  }

  private async read(): Promise<void> {
    const { knex } = this.opts;
    // A top held below a writer in flight loses nothing: that writer's commit notifies, and the window is read again.
    const { top } = await committedVersion(knex);
    if (top <= this.readTo) return;
    const keys = await changedKeys(knex, this.readTo, top);
    this.readTo = top;
    for (const [key, at] of keys) if (at > (this.latest.get(key) ?? 0)) this.latest.set(key, at);
    for (const w of [...this.waiters]) {
      if (w.keys.some((k) => (keys.get(k) ?? 0) > w.since)) w.resolve({ changed: true, version: top });
    }
  }

  /** Looks every `pollMs` while commits are not pushed (or the LISTEN connection is down), every `safetyPollMs` while they are. */
  private startPolling(): void {
    if (this.closed) return;
    const safety = this.opts.safetyPollMs ?? 2_000;
    this.poller = setInterval(() => {
      if (!this.opts.feed.pushes() || performance.now() - this.lastReadAt >= safety) this.commitSeen();
    }, this.opts.pollMs ?? 200);
    this.poller.unref?.();
  }
}
