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
 * - PostgreSQL: a sequence. Each writing transaction, before its first
 *   version, announces the lowest version it can receive in a shared advisory
 *   lock held until it ends; the safe top is the sequence's value, or just
 *   below the oldest announced version still in flight
 *   (`sync_safe_top()`, central migration 061). Readers never wait and
 *   writers never wait for readers. (The first design needed an instant with
 *   no writer at all; with 500 stations pushing it never came, and pulls
 *   served stale tops that acknowledged nothing. A counter row would
 *   serialize every writer on one row, and turns bulk loads quadratic.)
 *
 * A top stops below a writer still in flight, so it may not cover a push that
 * committed after that writer began: a pull acknowledges a client's ledger
 * only when the ledger's own last version (`sync_clients.ledger_version`,
 * recorded by the push) is at or below the top (`coversLedger`).
 */
import type { Knex } from 'knex';

export type SqlDialect = 'sqlite' | 'postgres';

export function dialectOf(knex: Knex | Knex.Transaction): SqlDialect {
  const client = (knex.client as { config?: { client?: unknown } }).config?.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql' ? 'postgres' : 'sqlite';
}

/**
 * `top`: every version at or below it has committed. `counter`: the highest
 * version handed out so far, read after `top` (a cursor above it was not
 * made by this database).
 */
export interface SafeTop {
  top: number;
  counter: number;
}

interface TopReads {
  running: Promise<SafeTop> | null;
  queued: Promise<SafeTop> | null;
}
const flights = new WeakMap<Knex, TopReads>();
const ignore = () => undefined;

/** The highest version below which every write has committed: a pull may serve rows up to here and be sure it skipped nothing. */
export async function committedVersion(knex: Knex): Promise<SafeTop> {
  if (dialectOf(knex) !== 'postgres') {
    const row = await knex('sync_version').where({ id: 1 }).first('value');
    const top = Number(row?.value ?? 0);
    return { top, counter: top };
  }
  return sharedTopRead(knex);
}

/** Whether a pull whose top is `top` may acknowledge a ledger whose transaction took versions up to `ledgerVersion`. */
export function coversLedger(top: number, ledgerVersion: number | string | null | undefined): boolean {
  return ledgerVersion === null || ledgerVersion === undefined || Number(ledgerVersion) <= top;
}

/**
 * Readers share one read per API instance, one that starts after they
 * asked: joining a read already under way could hand out a top from before
 * the caller's own ledger read. With 500 stations pulling, one statement
 * answers a crowd of pulls instead of each taking a pool connection.
 */
function sharedTopRead(knex: Knex): Promise<SafeTop> {
  const f = flights.get(knex) ?? { running: null, queued: null };
  flights.set(knex, f);
  const start = (): Promise<SafeTop> => {
    const read = readTop(knex);
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

async function readTop(knex: Knex): Promise<SafeTop> {
  const res = await knex.raw<{ rows: { top: string | number; counter: string | number }[] }>('SELECT top, counter FROM sync_safe_top()');
  const row = res.rows[0];
  return { top: Number(row?.top ?? 0), counter: Number(row?.counter ?? 0) };
}

/**
 * The ledger row's new `ledger_version` (PostgreSQL): the last version the
 * current transaction took, kept at least the one recorded before. The ledger
 * is a high-water mark, so a run that took no version (its changes write no
 * synced row) still acknowledges the earlier runs, whose rows must be covered.
 * `backlot.sync_writer` is set by the writer's announcement (migration 061),
 * so `currval` is this transaction's.
 */
export function ledgerVersionSql(trx: Knex.Transaction): Knex.Raw {
  return trx.raw(`GREATEST(ledger_version, CASE WHEN current_setting('backlot.sync_writer', true) = '1' THEN currval('sync_version_seq') END)`);
}
