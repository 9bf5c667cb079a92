/**
 * The central API as its own process for benchmarks (`npm run api` in a
 * child, as in production: another machine, here another core), and small
 * PostgreSQL helpers for the databases benchmarks create.
 */
import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import pg from 'pg';

export interface ApiProcess {
  url: string;
  pid: number;
  close(): Promise<void>;
  /** Synchronous, for an exiting parent. */
  kill(): void;
}

export interface SpawnApiOptions {
  dataDir: string;
  enrollmentKey: string;
  databaseUrl?: string;
  /** A direct URL for the live hub's LISTEN when `databaseUrl` is a pooler. */
  listenUrl?: string;
  logFile: string;
  /** Extra environment (BACKLOT_LOG_LEVEL...). */
  env?: Record<string, string>;
}

/** `npm run api` in a child process on a free loopback port; resolves once it listens. */
export async function spawnApi(options: SpawnApiOptions): Promise<ApiProcess> {
  const log = createWriteStream(options.logFile);
  const child = spawn(process.execPath, ['--import', 'tsx', resolve('api', 'cli.ts'), '--data-dir', options.dataDir, '--port', '0'], {
    env: {
      ...process.env,
      BACKLOT_ENROLLMENT_KEY: options.enrollmentKey,
      ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
      ...(options.listenUrl ? { BACKLOT_LISTEN_URL: options.listenUrl } : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.pipe(log);
  child.stderr!.pipe(log);
  const url = await new Promise<string>((resolveUrl, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on('line', (line) => {
      const m = /central API listening on (\S+)/.exec(line);
      if (m) resolveUrl(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`the central API exited with ${code}; see ${options.logFile}`)));
  });
  return {
    url,
    pid: child.pid!,
    kill: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
    },
    close: () =>
      new Promise<void>((done) => {
        if (child.exitCode !== null) return done();
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

export async function pgAnswers(url: string): Promise<boolean> {
  const c = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    await c.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

/** `url` with another database name. */
export function pgUrl(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

/** Runs `fn` on a client of `url` (one connection, closed after). */
export async function onPg<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}
