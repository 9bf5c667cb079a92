/**
 * Test databases for the API suites: a fresh SQLite file always, and a fresh
 * PostgreSQL schema when the local server answers. Suites run against every
 * target with `describe.each(databaseTargets)`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';
import pg from 'pg';
import { prepareStatements } from '../../platform/prepared-statements';
import { openDatabase, type Database, type DatabaseKind } from '../../platform/database';

// The user is spelled out: node-postgres falls back to $USER, which CI shells and containers often leave unset.
export const TEST_POSTGRES_URL = process.env.BACKLOT_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

export interface DatabaseTarget {
  name: DatabaseKind;
  open(): Promise<TestDatabase>;
}

export interface TestDatabase {
  db: Database;
  /** Closes the connection and removes the file or schema. */
  dispose(): Promise<void>;
}

async function postgresAnswers(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500, query_timeout: 1500 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

const sqliteTarget: DatabaseTarget = {
  name: 'sqlite',
  async open() {
    const dir = mkdtempSync(join(tmpdir(), 'backlot-api-test-'));
    const db = openDatabase({ file: join(dir, 'central.sqlite') });
    return {
      db,
      async dispose() {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

const postgresTarget: DatabaseTarget = {
  name: 'postgres',
  async open() {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await admin.connect();
    try {
      await admin.query(`create schema ${schema}`);
    } finally {
      await admin.end();
    }
    const db = openDatabase({ url: TEST_POSTGRES_URL, searchPath: schema, poolMax: 4 });
    // As the API runs on a direct connection (api/start.ts): every parameterised statement named.
    prepareStatements(db.knex);
    return {
      db,
      async dispose() {
        await db.close();
        const cleanup = new pg.Client({ connectionString: TEST_POSTGRES_URL });
        await cleanup.connect();
        try {
          await cleanup.query(`drop schema ${schema} cascade`);
        } finally {
          await cleanup.end();
        }
      },
    };
  },
};

/**
 * Every test file imports this module in its own context, so "warn once" is
 * coordinated through a marker file named after the vitest run's process
 * (the parent of a forked worker, or the process itself for worker threads).
 */
const MARKER_PREFIX = 'backlot-api-tests-';
const MARKER_MAX_AGE_MS = 30 * 60_000;

function warnOncePerRun(message: string): void {
  const runPid = isMainThread ? process.ppid : process.pid;
  const marker = join(tmpdir(), `${MARKER_PREFIX}${runPid}.warned`);
  try {
    writeFileSync(marker, message, { flag: 'wx' });
  } catch {
    // A marker this old was left by an earlier run whose pid has been reused.
    if (Date.now() - statSync(marker).mtimeMs < MARKER_MAX_AGE_MS) return;
    writeFileSync(marker, message);
  }
  console.warn(message);
  for (const name of readdirSync(tmpdir())) {
    if (!name.startsWith(MARKER_PREFIX) || !name.endsWith('.warned')) continue;
    const path = join(tmpdir(), name);
    try {
      if (Date.now() - statSync(path).mtimeMs > MARKER_MAX_AGE_MS) rmSync(path, { force: true });
    } catch {
      // Another worker removed it first.
    }
  }
}

const postgresUp = await postgresAnswers(TEST_POSTGRES_URL);
if (!postgresUp) warnOncePerRun(`PostgreSQL not reachable at ${new URL(TEST_POSTGRES_URL).host}: API tests run on SQLite only`);

export const databaseTargets: DatabaseTarget[] = postgresUp ? [sqliteTarget, postgresTarget] : [sqliteTarget];
