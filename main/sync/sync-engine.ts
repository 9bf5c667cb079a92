/**
 * The station's sync loop (DESIGN §4): push the outbox, then pull until caught
 * up, in the background and on demand. Failures back off exponentially with
 * jitter (so a central office coming back is not hit by every station at the
 * same instant); timers and randomness are injected so tests drive time.
 *
 * Live changes (issue 18): while started, a `LiveChannel` holds a long-poll to
 * the central office and runs a cycle as soon as the station's scope changed
 * there; the interval below is the fallback. Every pull page and local change
 * is announced as the station tables it changed (`onTablesChanged`), which is
 * how open screens learn to read again.
 *
 * Push needs only the station credential (mutations name their own staff
 * member, who may have acted offline and signed out since). Pull needs a staff
 * session: the signed-in role decides what the station may hold, so without
 * an online session the engine pushes and leaves the cache as it is.
 */
import type { Knex } from 'knex';
import { AppError, isReason } from '../../core/errors';
import { wallClock, type Clock } from '../../core/clock';
import { WAREHOUSE_AND_UP, isRoleAllowed, type Role } from '../../core/roles';
import type { AccessReason } from '../../core/lookup/schemas';
import type { SyncState, SyncStatus } from '../../core/sync/contract';
import type { MutatorArgs, MutatorName } from '../../core/sync/mutators/index';
import { isResync, type Change, PULL_LIMIT_MAX, PUSH_BATCH_MAX, RELEASE_BATCH_MAX, type PullResponse, type PushedMutation } from '../../core/sync/protocol';
import { DESK_CUSTOMER_RETENTION_DAYS } from '../../core/sync/scopes';
import { PULLED_TABLES } from '../../core/sync/tables';
import type { Logger } from '../../platform/logger';
import { applyPullPage, rebase, recordPushResults, resetForResync, type StationInfo } from './apply';
import { inWriteTransaction, type WriteTransaction } from '../db/prepared';
import { truncateWal } from '../db/station-db';
import { appendAudit } from './audit-outbox';
import { customersIdleSince, forgetDeskCustomers, noteCustomerOpened } from './desk-customers';
import { LiveChannel } from './live-channel';
import { runMutation, runMutationIn, type QueuedMutation } from './mutate';
import { holdBehindStuck, listStuck, notePushFailure, reissueStuck } from './stuck-changes';
import type { SyncTransport } from './sync-client';
import { ensureClientId, readState, readSyncFigures, SYNC_KEYS, writeState } from './sync-state';
import { unrefTimers, type Timers } from '../../platform/timers';


export interface SyncEngineOptions {
  knex: Knex;
  transport: SyncTransport;
  clock?: Clock;
  logger?: Logger;
  /** Who this station is (read on every cycle: registration can happen after start). */
  station: () => StationInfo;
  timers?: Timers;
  random?: () => number;
  /** Between successful cycles. */
  intervalMs?: number;
  /** After a local change, so it leaves soon without a cycle per keystroke. */
  soonMs?: number;
  backoff?: { baseMs: number; maxMs: number };
  pushBatch?: number;
  /** A desk releases customers not opened for this long (default DESK_CUSTOMER_RETENTION_DAYS). */
  customerRetentionDays?: number;
  /** Changes per pull page; the protocol's maximum unless a test wants small pages. */
  pullLimit?: number;
  onOnline?(): void;
  onOffline?(): void;
  /** Hold a long-poll for live changes while started (default: when the transport can wait). */
  live?: boolean;
  /** How long the central office may hold each wait (tests shorten it). */
  liveWaitMs?: number;
  /** Station tables changed here: pulled rows, a local change, the outbox's state. */
  onTablesChanged?(tables: readonly string[]): void;
}

/** A mutation queued inside `SyncEngine.together`'s transaction. */
export type TogetherMutate = <N extends MutatorName>(name: N, args: MutatorArgs<N>, opts?: { scanVerified?: boolean }) => Promise<QueuedMutation>;

export interface StaffActor {
  staffId: string;
  role: Role;
}

export interface CycleOutcome {
  ok: boolean;
  error?: { code: string; message: string };
  pushed: number;
  pulled: number;
}

interface PullSession {
  token: string;
  role: Role;
}

/** Guards a cycle against a server that keeps answering resync. */
const MAX_RESYNCS_PER_CYCLE = 2;
const MAX_PAGES_PER_CYCLE = 100_000;
/** How often a desk looks for customers to release (more often while a backlog remains). */
const RELEASE_CHECK_MS = 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

export class SyncEngine {
  private readonly timers: Timers;
  private readonly random: () => number;
  private readonly clock: Clock;
  private readonly sessions = new Map<string, PullSession>();
  private state: SyncState = 'idle';
  /** This cache's client id once read (it never changes): a scan need not read it again. */
  private clientId: string | null = null;
  /** Unknown until the first cycle answers. */
  private online: boolean | null = null;
  private failures = 0;
  private lastError: { code: string; message: string } | null = null;
  private timer: unknown = null;
  private started = false;
  private inFlight: Promise<CycleOutcome> | null = null;
  private again = false;
  private lastReleaseCheck = Number.NEGATIVE_INFINITY;
  /** After a failed batch, changes go one at a time until one goes through: which one fails is then known. */
  private isolate = false;
  private readonly live: LiveChannel | null;

  constructor(private readonly opts: SyncEngineOptions) {
    this.timers = opts.timers ?? unrefTimers;
    this.random = opts.random ?? Math.random;
    this.clock = opts.clock ?? wallClock;
    const wait = opts.transport.wait?.bind(opts.transport);
    this.live =
      wait && opts.live !== false
        ? new LiveChannel({
            knex: opts.knex,
            wait,
            token: () => this.pullSession()?.token ?? null,
            sync: () => this.catchUp(),
            reachable: (online) => this.setOnline(online),
            sessionEnded: (token) => this.forgetToken(token),
            timers: this.timers,
            clock: this.clock,
            random: this.random,
            ...(opts.logger ? { logger: opts.logger } : {}),
            ...(opts.liveWaitMs !== undefined ? { waitMs: opts.liveWaitMs } : {}),
          })
        : null;
  }

  /**
   * Remembers a signed-in caller's online session for pulls. The pull session
   * is the first caller still signed in (a new sign-in on the same caller
   * replaces it in place): a stable choice, so a second window signing in with
   * another role does not flip the station's scope, and with it its cache,
   * back and forth. An offline sign-in has no token and is not remembered.
   */
  useSession(clientKey: string, session: { apiToken: string | null; staff: { role: Role } } | null): void {
    if (!session?.apiToken) {
      this.forgetSession(clientKey);
      return;
    }
    const before = this.pullSession()?.token;
    this.sessions.set(clientKey, { token: session.apiToken, role: session.staff.role });
    if (this.pullSession()?.token !== before) {
      this.soon();
      this.live?.wake();
    }
  }

  forgetSession(clientKey: string): void {
    this.sessions.delete(clientKey);
  }

  /** The central office said this token's session ended: no pulls (or waits) with it any more. */
  private forgetToken(token: string): void {
    for (const [key, s] of this.sessions) if (s.token === token) this.sessions.delete(key);
  }

  private tablesChanged(tables: Iterable<string>): void {
    const list = [...new Set(tables)];
    if (list.length > 0) this.opts.onTablesChanged?.(list);
  }

  /**
   * Whether this station's pulls bring its distribution center's packing
   * orders: they follow the pull session's scope, and a customer-service
   * session's holds none (issue 16: a packer beside a desk window claimed 5
   * orders and saw none of them).
   */
  pullsPackingOrders(): boolean {
    const s = this.pullSession();
    return s !== null && isRoleAllowed(s.role, WAREHOUSE_AND_UP);
  }

  private pullSession(): PullSession | null {
    for (const s of this.sessions.values()) return s;
    return null;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(this.opts.soonMs ?? 500);
    this.live?.start();
  }

  /** Stops the loop and waits for a running cycle, so the database can close behind it. */
  async stop(): Promise<void> {
    this.started = false;
    this.clearTimer();
    await this.live?.stop();
    await this.inFlight?.catch(() => undefined);
  }

  /**
   * Runs a cycle now. Called while one runs, it runs one more after it (the
   * caller's change may have missed the running push) and resolves after that.
   */
  syncNow(): Promise<CycleOutcome> {
    if (this.inFlight) {
      this.again = true;
      return this.inFlight;
    }
    this.clearTimer();
    const run = (async () => {
      let outcome: CycleOutcome;
      do {
        this.again = false;
        outcome = await this.cycle();
      } while (this.again);
      return outcome;
    })();
    this.inFlight = run.finally(() => {
      this.inFlight = null;
      if (this.started) this.schedule(this.lastError && this.failures > 0 ? this.backoffMs() : (this.opts.intervalMs ?? 10_000));
    });
    return this.inFlight;
  }

  /**
   * For the live channel: a cycle that is running already is joined, not
   * followed by another (its pull may already cover the change that woke the
   * channel, typically this station's own push); the channel then waits with
   * the new cursor, and the central office answers at once if it does not.
   */
  catchUp(): Promise<CycleOutcome> {
    return this.inFlight ?? this.syncNow();
  }

  /** A change made at this station: applied locally and queued in one transaction, then sent soon. */
  async mutate<N extends MutatorName>(name: N, args: MutatorArgs<N>, actor: StaffActor): Promise<QueuedMutation> {
    const info = this.opts.station();
    const queued = await runMutation(this.opts.knex, {
      name,
      args,
      staffId: actor.staffId,
      role: actor.role,
      clientId: await ensureClientId(this.opts.knex),
      stationId: info.stationId,
      stationDc: info.stationDc,
      at: this.clock.now(),
    });
    this.tablesChanged(queued.tables);
    this.soon();
    return queued;
  }

  /**
   * Changes made at this station together with the caller's own writes (a
   * label and its print job): every mutation `work` queues through `mutate`
   * and every write it makes on `trx` commit in one transaction, or none does.
   */
  async together<T>(actor: StaffActor, work: (trx: WriteTransaction, mutate: TogetherMutate) => Promise<T>): Promise<T> {
    const info = this.opts.station();
    const tables = new Set<string>();
    let clientId = this.clientId;
    // The packing line's transaction (a scan, a reprint, a void): a write transaction, not knex's (see db/prepared.ts).
    const result = await inWriteTransaction(this.opts.knex, async (trx) => {
      const mutate: TogetherMutate = async (name, args, opts) => {
        clientId ??= await ensureClientId(trx);
        const queued = await runMutationIn(trx, {
          name,
          args,
          staffId: actor.staffId,
          role: actor.role,
          clientId,
          stationId: info.stationId,
          stationDc: info.stationDc,
          at: this.clock.now(),
          ...(opts?.scanVerified ? { scanVerified: true } : {}),
        });
        for (const t of queued.tables) tables.add(t);
        return queued;
      };
      return work(trx, mutate);
    });
    // Kept once committed (a client id made in a transaction that rolled back was never this station's).
    this.clientId = clientId;
    if (tables.size > 0) {
      this.tablesChanged(tables);
      this.soon();
    }
    return result;
  }

  /**
   * Opens a customer at this desk: the central office adds it to the desk's
   * scope (recording who, which customer and why), the next pull brings the rows.
   */
  async subscribe(customerId: number, staffToken: string | null, reason: AccessReason): Promise<{ customerId: number; subscribed: true }> {
    if (!staffToken) throw new AppError('OFFLINE', 'Opening a customer needs the central office; you signed in while it was unreachable.');
    const answer = await this.opts.transport.subscribe(customerId, reason, staffToken);
    await noteCustomerOpened(this.opts.knex, customerId, this.clock.now());
    this.soon();
    return answer;
  }

  /**
   * Clears a refused change from the station's list once someone has read why.
   * The server already holds the rejection; what is recorded here (and sent
   * on) is who cleared it, in the same transaction.
   */
  async dismissRejection(mutationId: string, actor: StaffActor): Promise<void> {
    const { knex } = this.opts;
    await knex.transaction(async (trx) => {
      const row = (await trx('outbox').where({ mutation_id: mutationId, status: 'rejected' }).first('name', 'error_code')) as { name: string; error_code: string | null } | undefined;
      if (!row) throw new AppError('NOT_FOUND', 'That refused change is not on this station’s list (already cleared?).');
      await trx('outbox').where({ mutation_id: mutationId, status: 'rejected' }).del();
      await appendAudit(trx, {
        staffId: actor.staffId,
        role: actor.role,
        stationId: this.opts.station().stationId,
        at: this.clock.now(),
        action: 'sync.rejection_dismissed',
        reason: `${row.name} ${mutationId}${row.error_code ? ` (${row.error_code})` : ''}`,
      });
    });
    this.tablesChanged(['outbox', 'audit_log']);
    this.soon();
  }

  /** A supervisor sends a stuck change again, with the changes held behind it (audited). */
  async retryStuck(mutationId: string, actor: StaffActor): Promise<void> {
    await this.settleStuck(mutationId, actor, false);
  }

  /** A supervisor gives a stuck change up: undone here, never sent; the changes held behind it go on (audited). */
  async dismissStuck(mutationId: string, actor: StaffActor): Promise<void> {
    await this.settleStuck(mutationId, actor, true);
  }

  private async settleStuck(mutationId: string, actor: StaffActor, dismiss: boolean): Promise<void> {
    const { knex } = this.opts;
    await knex.transaction(async (trx) => {
      const done = await reissueStuck(trx, mutationId, this.clock.now(), { dropFirst: dismiss });
      if (!done) throw new AppError('NOT_FOUND', 'That change is no longer waiting (already retried or dismissed?).');
      if (dismiss) await rebase(trx, this.opts.station());
      await appendAudit(trx, {
        staffId: actor.staffId,
        role: actor.role,
        stationId: this.opts.station().stationId,
        at: this.clock.now(),
        action: dismiss ? 'sync.stuck_dismissed' : 'sync.stuck_retried',
        reason: `${done.name} ${mutationId}${done.reissued > (dismiss ? 0 : 1) ? ` (+${done.reissued - (dismiss ? 0 : 1)} held behind it)` : ''}`,
      });
    });
    this.tablesChanged(dismiss ? ['outbox', 'audit_log', ...PULLED_TABLES] : ['outbox', 'audit_log']);
    this.isolate = false;
    this.failures = 0;
    this.soon();
  }

  currentState(): SyncState {
    return this.state;
  }

  isOnline(): boolean {
    return this.online === true;
  }

  /** Changes made here not yet accepted by the central office, counted by kind. */
  async waitingChanges(): Promise<{ name: string; count: number }[]> {
    const rows = (await this.opts.knex('outbox').where({ status: 'pending' }).groupBy('name').select('name').count({ n: '*' })) as { name: string; n: number | string }[];
    return rows.map((r) => ({ name: r.name, count: Number(r.n) }));
  }

  async status(): Promise<SyncStatus> {
    const { knex } = this.opts;
    const [figures, recent, stuck] = await Promise.all([
      readSyncFigures(knex),
      knex('outbox').where({ status: 'rejected' }).orderBy('mutation_id', 'desc').limit(20).select('mutation_id', 'name', 'error', 'error_code', 'created_at'),
      listStuck(knex),
    ]);
    return {
      ...figures,
      state: this.state,
      online: this.online === true,
      lastError: this.lastError,
      recentRejections: (recent as { mutation_id: string; name: string; error: string | null; error_code: string | null; created_at: string }[]).map((r) => ({
        mutationId: r.mutation_id,
        name: r.name,
        reason: isReason(r.error_code) ? r.error_code : null,
        message: r.error ?? 'Refused by the central office.',
        at: r.created_at,
      })),
      stuck,
    };
  }

  private async cycle(): Promise<CycleOutcome> {
    this.state = 'syncing';
    let pushed = 0;
    let pulled = 0;
    try {
      const clientId = await ensureClientId(this.opts.knex);
      // A push the server fails (a program error there) must not also freeze the cache: pull anyway, report after.
      let pushError: AppError | null = null;
      try {
        pushed = await this.pushAll(clientId);
      } catch (err) {
        if (!(err instanceof AppError) || err.code === 'OFFLINE' || err.code === 'BAD_STATION_CREDENTIAL') throw err;
        pushError = err;
      }
      const session = this.pullSession();
      if (session) {
        try {
          pulled = await this.pullAll(clientId, session);
          // Customers released now leave with a second pull, not an hour later.
          if ((await this.releaseIdleCustomers(session)) > 0) {
            pulled += await this.pullAll(clientId, session);
            await truncateWal(this.opts.knex);
          }
          await writeState(this.opts.knex, SYNC_KEYS.lastSyncAt, this.clock.now().toISOString());
        } catch (err) {
          // An expired central session is not a sync failure: the outbox went out; pulls wait for the next sign-in.
          if (!(err instanceof AppError && err.code === 'NOT_SIGNED_IN')) throw err;
          this.forgetToken(session.token);
        }
      }
      if (pushError) throw pushError;
      this.state = 'idle';
      this.failures = 0;
      this.lastError = null;
      this.setOnline(true);
      return { ok: true, pushed, pulled };
    } catch (err) {
      const error = err instanceof AppError ? { code: err.code, message: err.message } : { code: 'INTERNAL', message: 'Sync failed unexpectedly.' };
      if (!(err instanceof AppError)) this.opts.logger?.error({ err }, 'sync cycle failed');
      this.failures++;
      this.lastError = error;
      this.state = error.code === 'OFFLINE' ? 'offline' : 'error';
      if (error.code === 'OFFLINE') this.setOnline(false);
      // Any other AppError but a missing registration is an answer from the central office: it is reachable.
      else if (err instanceof AppError && error.code !== 'STATION_NOT_REGISTERED') this.setOnline(true);
      return { ok: false, error, pushed, pulled };
    }
  }

  /**
   * Asks the central office to take back customers this desk has not opened
   * for the retention period; the rows go at the next pull. Waits while the
   * outbox holds changes still on their way, which may concern one of them.
   */
  private async releaseIdleCustomers(session: PullSession): Promise<number> {
    const now = this.clock.now().getTime();
    if (now - this.lastReleaseCheck < RELEASE_CHECK_MS) return 0;
    const { knex } = this.opts;
    if (await knex('outbox').whereIn('status', ['pending', 'applied']).first('mutation_id')) return 0;
    const ids = await customersIdleSince(knex, new Date(now - (this.opts.customerRetentionDays ?? DESK_CUSTOMER_RETENTION_DAYS) * DAY_MS), RELEASE_BATCH_MAX);
    if (ids.length === 0) {
      this.lastReleaseCheck = now;
      return 0;
    }
    let released: number;
    try {
      ({ released } = await this.opts.transport.release(ids, session.token));
    } catch (err) {
      if (err instanceof AppError && (err.code === 'OFFLINE' || err.code === 'NOT_SIGNED_IN')) throw err;
      // A central office that cannot release (an older version mid-upgrade) must not stop this desk syncing: try again in an hour.
      this.lastReleaseCheck = now;
      this.opts.logger?.warn({ err }, 'the central office did not release idle customers');
      return 0;
    }
    await forgetDeskCustomers(knex, ids);
    // A full batch may leave more behind: look again next cycle instead of in an hour (unless nothing was let go).
    if (ids.length < RELEASE_BATCH_MAX || released === 0) this.lastReleaseCheck = now;
    this.opts.logger?.info({ asked: ids.length, released }, 'released customers this desk has not opened for the retention period');
    return released;
  }

  private async pushAll(clientId: string): Promise<number> {
    const { knex, transport } = this.opts;
    let pushed = 0;
    // Changes made after a change got stuck, to what it touches, wait behind it.
    if ((await holdBehindStuck(knex)) > 0) this.tablesChanged(['outbox']);
    for (;;) {
      const batch = this.isolate ? 1 : (this.opts.pushBatch ?? PUSH_BATCH_MAX);
      const rows = (await knex('outbox').where({ status: 'pending' }).orderBy('mutation_id').limit(batch)) as {
        mutation_id: string;
        staff_id: string;
        name: string;
        args: string;
        base_versions: string | null;
        created_at: string;
      }[];
      if (rows.length === 0) return pushed;
      const mutations: PushedMutation[] = rows.map((r) => ({
        id: r.mutation_id,
        name: r.name,
        args: JSON.parse(r.args) as unknown,
        staffId: r.staff_id,
        at: r.created_at,
        baseVersions: r.base_versions ? (JSON.parse(r.base_versions) as Record<string, number>) : {},
      }));
      let answer: Awaited<ReturnType<SyncTransport['push']>>;
      try {
        answer = await transport.push({ clientId, mutations });
      } catch (err) {
        // Not the change's doing: the central office is out of reach, or this station is not known there.
        if (err instanceof AppError && ['OFFLINE', 'BAD_STATION_CREDENTIAL', 'STATION_NOT_REGISTERED', 'NOT_SIGNED_IN'].includes(err.code)) throw err;
        if (rows.length > 1) {
          this.isolate = true;
          throw err;
        }
        const message = err instanceof AppError ? err.message : 'The central office did not take this change.';
        const { stuck } = await notePushFailure(knex, rows[0]!.mutation_id, message);
        this.tablesChanged(['outbox']);
        // Set aside: the rest of the outbox goes on in this same push.
        if (stuck) continue;
        throw err;
      }
      this.isolate = false;
      await recordPushResults(knex, answer.results, this.opts.station());
      // A refusal undoes its optimistic change, which may be in any table; conflicts show in the 360.
      const refused = answer.results.some((r) => r.status === 'rejected');
      this.tablesChanged(['outbox', ...(answer.results.some((r) => r.conflicts.length > 0) ? ['conflicts'] : []), ...(refused ? PULLED_TABLES : [])]);
      pushed += rows.length;
      // A server that answered for none of them would have us loop forever.
      if (!answer.results.some((r) => rows.some((row) => row.mutation_id === r.id))) {
        throw new AppError('INTERNAL', 'The central office answered a push without results.');
      }
    }
  }

  private async pullAll(clientId: string, session: PullSession): Promise<number> {
    const { knex, transport } = this.opts;
    const limit = this.opts.pullLimit ?? PULL_LIMIT_MAX;
    const fetchPage = (cursor: string | null) => transport.pull({ clientId, cursor, limit }, session.token);
    let resyncs = 0;
    let rows = 0;
    let next: Promise<PullResponse> | null = null;
    for (let page = 0; page < MAX_PAGES_PER_CYCLE; page++) {
      const answer = await (next ?? fetchPage(await readState(knex, SYNC_KEYS.cursor)));
      next = null;
      if (isResync(answer)) {
        if (++resyncs > MAX_RESYNCS_PER_CYCLE) throw new AppError('INTERNAL', 'The central office keeps asking for a full resync.');
        this.opts.logger?.info({ reason: answer.reason }, 'central asked for a full resync; the outbox is kept');
        await resetForResync(knex);
        await truncateWal(knex);
        this.tablesChanged(PULLED_TABLES);
        continue;
      }
      // The next page travels while this one is applied (its cursor is the one this page stores).
      // If applying fails, the page fetched ahead is dropped and the next cycle starts from the stored cursor.
      if (answer.hasMore) {
        next = fetchPage(answer.cursor);
        next.catch(() => undefined);
      }
      const outcome = await applyPullPage(knex, answer, this.opts.station());
      rows += outcome.rows;
      this.tablesChanged(tablesOf(answer.changes, outcome.acknowledged > 0));
      await this.trackInitialSync(answer.initial, answer.hasMore, outcome.rows, answer.remaining);
      if (!answer.hasMore) return rows;
    }
    return rows;
  }

  /** Progress of a full sync for the status bar: rows so far, and so far + what the server estimates remains. */
  private async trackInitialSync(initial: boolean, hasMore: boolean, rows: number, remaining: number | undefined): Promise<void> {
    const { knex } = this.opts;
    if (!initial || !hasMore) {
      await writeState(knex, SYNC_KEYS.initialPulled, null);
      await writeState(knex, SYNC_KEYS.initialTotal, null);
      return;
    }
    const pulled = Number((await readState(knex, SYNC_KEYS.initialPulled)) ?? 0) + rows;
    await writeState(knex, SYNC_KEYS.initialPulled, String(pulled));
    await writeState(knex, SYNC_KEYS.initialTotal, remaining === undefined ? null : String(pulled + remaining));
  }

  private setOnline(online: boolean): void {
    if (this.online === online) return;
    this.online = online;
    if (online) this.opts.onOnline?.();
    else this.opts.onOffline?.();
  }

  /** Exponential with "equal jitter": half the delay fixed, half random, capped. */
  backoffMs(failures = this.failures): number {
    const { baseMs, maxMs } = this.opts.backoff ?? { baseMs: 1000, maxMs: 60_000 };
    const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, failures - 1));
    return Math.round(ceiling / 2 + this.random() * (ceiling / 2));
  }

  private soon(): void {
    // While failing, the backoff timer decides when to try again: changes made offline must not hammer the network.
    if (this.failures > 0) return;
    if (this.inFlight) {
      this.again = true;
      return;
    }
    if (this.started) this.schedule(this.opts.soonMs ?? 500);
  }

  private schedule(ms: number): void {
    this.clearTimer();
    if (!this.started) return;
    this.timer = this.timers.setTimeout(() => {
      this.timer = null;
      void this.syncNow();
    }, ms);
  }

  private clearTimer(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
  }
}

/** The station tables a pull page changed: its rows' tables, conflicts, and the outbox when it refused or acknowledged changes. */
function tablesOf(changes: readonly Change[], acknowledged: boolean): string[] {
  const tables = new Set<string>();
  for (const c of changes) tables.add(c.table === 'sync_conflicts' ? 'conflicts' : c.table === 'sync_rejections' ? 'outbox' : c.table);
  if (acknowledged) tables.add('outbox');
  return [...tables];
}
