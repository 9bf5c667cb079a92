/**
 * The central version counter behind every pull cursor (DESIGN §4: paged by a
 * server version counter, not clocks).
 *
 * Every write to a synced table takes the next value of one global counter
 * into the row's `server_version`, and every delete leaves a tombstone with
 * its own version. Triggers do it, not the application, so rows written by any
 * code (seeding, central jobs, another engineer's route) are seen by stations.
 *
 * A pull may only serve versions below which every writer has finished, or it
 * could pass version 11 while version 10 is still uncommitted and miss it:
 * - SQLite: a row in `sync_version`, bumped inside the writing transaction.
 *   SQLite has one writer at a time, so every version read is committed.
 * - PostgreSQL: a sequence, taken by writers while they hold a *shared*
 *   transaction-scoped advisory lock (held until commit, so writers never wait
 *   for each other). A reader briefly takes the same lock *exclusively*, and
 *   only with a non-blocking try: when it gets it, no writer is in flight, and
 *   the sequence's value is a safe top. If writers keep it busy, the reader
 *   falls back to the last safe top it saw (older is always safe for the rows,
 *   just less fresh; but it predates anything read just before, so a pull does
 *   not acknowledge mutations with it). The reader never queues for the lock, so it can never sit in a
 *   deadlock cycle with writers and their row locks.
 *   (A counter row would serialize every writer on one row, and turns bulk
 *   loads quadratic: one row updated 100k times in one transaction.)
 */
import type { Knex } from 'knex';

export type SqlDialect = 'sqlite' | 'postgres';

export function dialectOf(knex: Knex | Knex.Transaction): SqlDialect {
  const client = (knex.client as { config?: { client?: unknown } }).config?.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql' ? 'postgres' : 'sqlite';
}

// The lock the writers' triggers take shared (installed by migration 002, api/db/migrations/frozen/sync-triggers.ts).
const LOCK_KEY_SQL = `hashtext('backlot.sync.' || current_schema())`;

/** The last safe top each database handed out, for when writers keep the barrier busy. */
const lastSafeTop = new WeakMap<Knex, number>();

const BARRIER_TRIES = 100;
/** An impatient reader (the live hub, which looks again soon anyway) gives up after this many tries. */
const IMPATIENT_TRIES = 3;
const BARRIER_WAIT_MS = 3;
/** With no earlier top to fall back on, a first pull waits this long for a quiet instant. */
const FIRST_BARRIER_LIMIT_MS = 30_000;

/**
 * The highest version below which every write has committed: a pull may serve
 * rows up to here and be sure it skipped nothing. `fresh` is false when busy
 * writers made it fall back to an earlier top: still a safe window, but one
 * read before anything the caller read just now (a client's ledger), so the
 * caller must not claim the window holds what that read saw. A caller that is
 * not `patient` falls back after a few tries instead of a hundred.
 */
export async function committedVersion(knex: Knex, opts: { patient?: boolean } = {}): Promise<SafeTop> {
  if (dialectOf(knex) !== 'postgres') {
    const row = await knex('sync_version').where({ id: 1 }).first('value');
    return { top: Number(row?.value ?? 0), fresh: true };
  }
  return opts.patient === false ? readBarrier(knex, IMPATIENT_TRIES) : sharedBarrierRead(knex);
}

interface SafeTop {
  top: number;
  fresh: boolean;
}

interface BarrierFlights {
  running: Promise<SafeTop> | null;
  queued: Promise<SafeTop> | null;
}
const flights = new WeakMap<Knex, BarrierFlights>();
const ignore = () => undefined;

/**
 * Patient readers (every pull) share one barrier read per API instance, one
 * that starts after they asked: joining a read already under way could hand
 * out a top from before the caller's own ledger read. Each pull used to try
 * the barrier on its own pool connection until a quiet instant came; with 500
 * stations the pulls held every connection while they waited, and the pushes
 * whose commits would have made the instant waited behind them (bench:central:
 * no change pushed in a minute of steady load). Now one connection waits and
 * the pulls queue for its answer without holding one.
 */
function sharedBarrierRead(knex: Knex): Promise<SafeTop> {
  const f = flights.get(knex) ?? { running: null, queued: null };
  flights.set(knex, f);
  const start = (): Promise<SafeTop> => {
    const read = readBarrier(knex, BARRIER_TRIES);
    f.running = read;
    const done = () => {
      if (f.running === read) f.running = null;
    };
    read.then(done, done);
    return read;
  };
  if (!f.running) return start();
  if (!f.queued) {
    const queued = f.running.then(ignore, ignore).then(() => {
      if (f.queued === queued) f.queued = null;
      return start();
    });
    f.queued = queued;
  }
  return f.queued;
}

async function readBarrier(knex: Knex, tries: number): Promise<SafeTop> {
  // Elapsed time of this wait, not a time anything is stamped with: a monotonic timer, not the clock.
  const started = performance.now();
  for (let attempt = 0; ; attempt++) {
    const top = await tryCommittedTop(knex);
    if (top !== null) {
      lastSafeTop.set(knex, Math.max(top, lastSafeTop.get(knex) ?? 0));
      return { top, fresh: true };
    }
    const fallback = lastSafeTop.get(knex);
    if (fallback !== undefined && attempt >= tries) return { top: fallback, fresh: false };
    if (fallback === undefined && performance.now() - started > FIRST_BARRIER_LIMIT_MS) {
      throw new Error('writers to synced tables never paused long enough to read the version counter');
    }
    await new Promise((r) => setTimeout(r, BARRIER_WAIT_MS));
  }
}

/**
 * One try at the barrier in one statement (`sync_committed_top()`, migration
 * 030): the exclusive lock without waiting, then the sequence; null while a
 * writer is in flight. One round trip per try, also through a pooler.
 */
async function tryCommittedTop(knex: Knex): Promise<number | null> {
  const res = await knex.raw<{ rows: { top: string | number | null }[] }>('SELECT sync_committed_top() AS top');
  const top = res.rows[0]?.top;
  return top === null || top === undefined ? null : Number(top);
}
