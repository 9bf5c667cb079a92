/**
 * The station's end of live changes (issue 18): one long-poll to the central
 * office at a time (`POST /v1/sync/wait` with the stored cursor). When it
 * answers that the scope changed, the engine runs a cycle now (push, then
 * pull), at most one every LIVE_CYCLE_GAP_MS; when it runs out, the station
 * asks again. The engine's 10 s poll
 * stays as the fallback. A wait answered after the station pulled anyway (its
 * own change pushed and pulled back, which is usually what answered it) is
 * asked again with the new cursor instead of pulling again.
 *
 * The same channel says whether the central office is reachable: an answer
 * (either kind) is "online", a failed wait is "offline" at once, and the
 * first answer after a failure runs a cycle (the outbox leaves as soon as the
 * central office is back). Failures back off with jitter, so a central office
 * coming back is not hit by every station in the same instant.
 */
import type { Knex } from 'knex';
import { AppError } from '../../core/errors';
import type { Clock } from '../../core/clock';
import { LIVE_CYCLE_GAP_MS, WAIT_MS_DEFAULT } from '../../core/sync/protocol';
import type { Logger } from '../../platform/logger';
import type { SyncTransport } from './sync-client';
import { readState, SYNC_KEYS } from './sync-state';
import type { Timers } from '../../platform/timers';


export interface LiveChannelOptions {
  knex: Knex;
  wait: NonNullable<SyncTransport['wait']>;
  /** The pull session's central token (null while nobody is signed in online). */
  token(): string | null;
  /** Runs a sync cycle (push + pull); resolves with whether it succeeded. */
  sync(): Promise<{ ok: boolean }>;
  reachable(online: boolean): void;
  /** The central office says this token's session has ended. */
  sessionEnded(token: string): void;
  timers: Timers;
  clock: Clock;
  random: () => number;
  logger?: Logger;
  waitMs?: number;
  backoff?: { baseMs: number; maxMs: number };
}

/** How long the loop rests without a session before looking again (a sign-in also wakes it). */
const IDLE_MS = 1_000;

export class LiveChannel {
  private running = false;
  private loop: Promise<void> | null = null;
  private hangUp: AbortController | null = null;
  private rest: { handle: unknown; done(): void } | null = null;
  private failures = 0;

  constructor(private readonly opts: LiveChannelOptions) {}

  start(): void {
    if (this.running) return;
    this.running = true;
    this.loop = this.run().catch((err: unknown) => this.opts.logger?.error({ err }, 'live changes: the channel stopped unexpectedly'));
  }

  async stop(): Promise<void> {
    this.running = false;
    this.hangUp?.abort();
    this.wake();
    await this.loop;
    this.loop = null;
  }

  /** A session appeared (or changed): stop resting and wait with it. */
  wake(): void {
    const rest = this.rest;
    if (!rest) return;
    this.opts.timers.clearTimeout(rest.handle);
    rest.done();
  }

  private async run(): Promise<void> {
    let wasOffline = false;
    let askedAgain = false;
    while (this.running) {
      const token = this.opts.token();
      if (!token) {
        await this.sleep(IDLE_MS);
        continue;
      }
      let changed: boolean;
      let pulledMeanwhile: boolean;
      try {
        const cursor = await readState(this.opts.knex, SYNC_KEYS.cursor);
        this.hangUp = new AbortController();
        const answer = await this.opts.wait({ cursor, waitMs: this.opts.waitMs ?? WAIT_MS_DEFAULT }, token, this.hangUp.signal);
        changed = answer.changed;
        pulledMeanwhile = changed && (await readState(this.opts.knex, SYNC_KEYS.cursor)) !== cursor;
      } catch (err) {
        if (!this.running) return;
        this.hangUp = null;
        if (err instanceof AppError && err.code === 'NOT_SIGNED_IN') {
          this.opts.sessionEnded(token);
          continue;
        }
        if (!(err instanceof AppError)) this.opts.logger?.warn({ err }, 'live changes: the wait failed');
        if (!(err instanceof AppError) || err.code === 'OFFLINE') {
          this.opts.reachable(false);
          wasOffline = true;
        }
        this.failures++;
        await this.sleep(this.backoffMs());
        continue;
      }
      this.hangUp = null;
      this.failures = 0;
      this.opts.reachable(true);
      if (pulledMeanwhile && !wasOffline && !askedAgain) {
        // The station pulled while the wait was out, most often right after pushing its own change, which is
        // what answered the wait. Asked again with the new cursor, the central office answers at once if
        // anything is newer, and is spared a pull of what the station already has. Once in a row: a cursor
        // that keeps moving (an initial sync's pages) must not turn this into a loop of waits.
        askedAgain = true;
        continue;
      }
      askedAgain = false;
      if (changed || wasOffline) {
        wasOffline = false;
        const wokeAt = this.opts.clock.now().getTime();
        const outcome = await this.opts.sync();
        // A cycle that failed (the central office refused or broke) must not turn the channel into a busy loop.
        if (!outcome.ok && this.running) await this.sleep(this.backoffMs(1));
        // A busy scope answers every wait at once: pace the cycles it starts (see LIVE_CYCLE_GAP_MS).
        else await this.sleep(LIVE_CYCLE_GAP_MS - (this.opts.clock.now().getTime() - wokeAt));
      }
    }
  }

  /** Exponential with "equal jitter": half the delay fixed, half random, capped. */
  private backoffMs(failures = this.failures): number {
    const { baseMs, maxMs } = this.opts.backoff ?? { baseMs: 1000, maxMs: 30_000 };
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
    return Math.round(ceiling / 2 + this.opts.random() * (ceiling / 2));
  }

  private sleep(ms: number): Promise<void> {
    if (!this.running || ms <= 0) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = () => {
        this.rest = null;
        resolve();
      };
      this.rest = { handle: this.opts.timers.setTimeout(done, ms), done };
    });
  }
}
