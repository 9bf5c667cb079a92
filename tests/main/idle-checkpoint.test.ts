/**
 * The station cache's WAL checkpoints run when the station is idle, not in a
 * scan's COMMIT (main/db/idle-checkpoint.ts, issue 13 item 4). What is
 * checked is what the files on disk show: rows reach the database file
 * itself (read from a copy of that file alone, without its log) only when a
 * checkpoint copied them there, and the log file's size is what the disk
 * holds. The pause is the test's to give: the checkpointer's timers are
 * handed in and fired by hand.
 */
import { copyFileSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sqlite3 from 'sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { Timers } from '../../platform/timers';
import { inWriteTransaction, preparedRun } from '../../main/db/prepared';
import { openStationDb, type StationDb, type StationDbOptions } from '../../main/db/station-db';

const WRITE = 'INSERT INTO sync_state (key, value) VALUES (?, ?)';
const PAGE = 4096;

/** Timers that fire only when the test says the station paused. */
class PausedTimers implements Timers {
  readonly pending = new Map<number, () => void>();
  #next = 1;
  #armed: Array<() => void> = [];

  setTimeout(fn: () => void, _ms: number): unknown {
    const id = this.#next++;
    this.pending.set(id, fn);
    for (const w of this.#armed.splice(0)) w();
    return id;
  }

  clearTimeout(handle: unknown): void {
    this.pending.delete(handle as number);
  }

  fireAll(): void {
    const due = [...this.pending.values()];
    this.pending.clear();
    for (const fn of due) fn();
  }

  nextArmed(): Promise<void> {
    return new Promise((resolve) => this.#armed.push(resolve));
  }
}

interface Cache {
  db: StationDb;
  dir: string;
  file: string;
  timers: PausedTimers;
  /** The station sits idle: its pending timers fire, and whatever they start finishes (or they wait again). */
  idlePause(): Promise<void>;
}

const opened: Array<{ dir: string; db: StationDb }> = [];
afterEach(async () => {
  for (const o of opened.splice(0)) {
    await o.db.close().catch(() => undefined);
    rmSync(o.dir, { recursive: true, force: true });
  }
});

async function openCache(opts: StationDbOptions = {}): Promise<Cache> {
  const dir = mkdtempSync(join(tmpdir(), 'backlot-checkpoint-'));
  const timers = new PausedTimers();
  const db = await openStationDb(dir, { timers, ...opts });
  opened.push({ dir, db });
  const idlePause = async () => {
    // A few rounds: a timer that found the connection in use sets itself again.
    for (let round = 0; round < 3 && timers.pending.size > 0; round++) {
      const armedAgain = timers.nextArmed();
      timers.fireAll();
      await Promise.race([db.checkpoints.settled(), armedAgain]);
    }
  };
  const cache = { db, dir, file: join(dir, 'station.sqlite'), timers, idlePause };
  // The migrations' own writes go to the database file first, so a copy of it has the tables.
  await idlePause();
  expect(timers.pending.size, 'an idle station has no checkpoint waiting').toBe(0);
  return cache;
}

/** Rows under `prefix` in the database file alone (a copy of it without its log): what checkpoints have put there. */
async function rowsInDatabaseFile(cache: Cache, prefix: string): Promise<number> {
  const copyDir = mkdtempSync(join(tmpdir(), 'backlot-checkpoint-copy-'));
  try {
    const copy = join(copyDir, 'station.sqlite');
    copyFileSync(cache.file, copy);
    const conn = new sqlite3.Database(copy);
    try {
      const row = await new Promise<{ n: number }>((resolve, reject) =>
        conn.get('SELECT count(*) AS n FROM sync_state WHERE key LIKE ?', [`${prefix}%`], (err: Error | null, r: { n: number }) => (err ? reject(err) : resolve(r))),
      );
      return row.n;
    } finally {
      await new Promise<void>((resolve) => conn.close(() => resolve()));
    }
  } finally {
    rmSync(copyDir, { recursive: true, force: true });
  }
}

const walBytes = (cache: Cache) => {
  try {
    return statSync(`${cache.file}-wal`).size;
  } catch {
    return 0;
  }
};

/** One write transaction as a scan runs it (by hand, on the write connection): `rows` rows of about a page each. */
const writePages = (cache: Cache, prefix: string, n: number, rows = 1) =>
  inWriteTransaction(cache.db.knex, async (tx) => {
    for (let r = 0; r < rows; r++) await preparedRun(tx, WRITE, [`${prefix}${String(n).padStart(6, '0')}-${r}`, 'x'.repeat(PAGE - 200)]);
  });

describe('the station cache checkpoints when idle, not in a COMMIT', () => {
  it('rows written reach the database file once the station pauses, and not before', async () => {
    const cache = await openCache();
    for (let i = 0; i < 20; i++) await writePages(cache, 'idle-', i);
    expect(await rowsInDatabaseFile(cache, 'idle-'), 'committed, but still only in the log').toBe(0);
    await cache.idlePause();
    expect(await rowsInDatabaseFile(cache, 'idle-'), 'the idle checkpoint copied every committed row into the database file').toBe(20);
  });

  it("a commit never checkpoints, even past SQLite's own 1,000-page mark", async () => {
    const cache = await openCache();
    // 1,200 pages in transactions of 4, as scans come one after another, no pause between them.
    for (let i = 0; i < 300; i++) await writePages(cache, 'busy-', i, 4);
    expect(walBytes(cache), 'the log holds more than 1,000 pages').toBeGreaterThan(1000 * PAGE);
    expect(await rowsInDatabaseFile(cache, 'busy-'), 'no COMMIT copied anything into the database file').toBe(0);
    await cache.idlePause();
    expect(await rowsInDatabaseFile(cache, 'busy-')).toBe(1200);
  });

  it('a station that writes without ever pausing keeps its log under the bound', async () => {
    const maxWalBytes = 64 * PAGE;
    const cache = await openCache({ maxWalBytes });
    let largest = 0;
    // 400 pages written, six times the bound, never a pause (the idle timers never fire).
    for (let i = 0; i < 100; i++) {
      await writePages(cache, 'endless-', i, 4);
      largest = Math.max(largest, walBytes(cache));
    }
    // One transaction (4 rows, their index pages, 24-byte frame headers) may take it past the bound before the checkpoint after it.
    expect(largest, `the log file peaked at ${largest} bytes`).toBeLessThanOrEqual(maxWalBytes + 12 * (PAGE + 24));
    // A checkpoint the last transaction started is done once the connection answers the next query.
    await cache.db.knex.raw('SELECT 1');
    expect(await rowsInDatabaseFile(cache, 'endless-'), 'checkpoints ran without a pause (the idle timers never fired)').toBeGreaterThan(0);
  });

  it('no checkpoint starts while a write transaction is open', async () => {
    const cache = await openCache();
    for (let i = 0; i < 5; i++) await writePages(cache, 'before-', i);
    let finish!: () => void;
    const held = new Promise<void>((resolve) => (finish = resolve));
    let wrote!: () => void;
    const written = new Promise<void>((resolve) => (wrote = resolve));
    const open = inWriteTransaction(cache.db.knex, async (tx) => {
      await preparedRun(tx, WRITE, ['during-1', 'x']);
      wrote();
      await held;
    });
    await written;
    try {
      // The station pauses while the transaction is open: the idle timer fires, more than once.
      await cache.idlePause();
      expect(await rowsInDatabaseFile(cache, 'before-'), 'nothing was checkpointed while the transaction was open').toBe(0);
    } finally {
      finish();
      await open;
    }
    await cache.idlePause();
    expect(await rowsInDatabaseFile(cache, 'before-')).toBe(5);
    expect(await rowsInDatabaseFile(cache, 'during-')).toBe(1);
  });

  it('closing the cache checkpoints and empties the log, even while another connection is reading', async () => {
    const cache = await openCache();
    for (let i = 0; i < 10; i++) await writePages(cache, 'closing-', i);
    // A reader in the middle of a read as the station closes (a lookup on the read-only connection, a backup):
    // SQLite's own checkpoint on close needs the file to itself and leaves the log as it is.
    const reader = new sqlite3.Database(cache.file, sqlite3.OPEN_READONLY);
    const run = (sql: string) => new Promise<void>((resolve, reject) => reader.all(sql, (err: Error | null) => (err ? reject(err) : resolve())));
    try {
      await run('BEGIN');
      await run("SELECT count(*) FROM sync_state WHERE key LIKE 'closing-%'");
      const closed = cache.db.close();
      await new Promise((resolve) => setTimeout(resolve, 100));
      await run('COMMIT');
      await closed;
    } finally {
      await new Promise<void>((resolve) => reader.close(() => resolve()));
    }
    expect(walBytes(cache), 'the log file is empty').toBe(0);
    expect(await rowsInDatabaseFile(cache, 'closing-')).toBe(10);
  });
});
