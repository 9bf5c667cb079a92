/**
 * A private PgBouncer in transaction mode in front of a local PostgreSQL, for
 * the tests and `npm run bench:central -- --pooler` (Debian's `pgbouncer`
 * package; the README's deployment notes say how to run it for real).
 *
 * Transaction mode hands a server connection to a client for one transaction
 * only: between transactions a client's next statement may run on another
 * server connection. Whatever works here keeps no session state outside a
 * transaction (no SET, no session advisory lock, no LISTEN, no temp table).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

export const PGBOUNCER_BINARY = process.env.BACKLOT_PGBOUNCER ?? '/usr/sbin/pgbouncer';

export interface RunningPgBouncer {
  port: number;
  /** `upstreamUrl` with the pooler's host and port (same user and database). */
  urlFor(upstreamUrl: string): string;
  close(): Promise<void>;
  /** Synchronous, for an exiting parent. */
  kill(): void;
}

export interface PgBouncerOptions {
  /** The PostgreSQL it pools (host, port, user taken from it). */
  upstreamUrl: string;
  /** Server connections per database and user: small, so clients really share them. */
  poolSize?: number;
  maxClients?: number;
}

/** Why PgBouncer cannot be used here, or null when it can. */
export function pgbouncerMissing(): string | null {
  return existsSync(PGBOUNCER_BINARY) ? null : `${PGBOUNCER_BINARY} is not installed (Debian: apt-get install pgbouncer)`;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

export async function startPgBouncer(opts: PgBouncerOptions): Promise<RunningPgBouncer> {
  const missing = pgbouncerMissing();
  if (missing) throw new Error(missing);
  const upstream = new URL(opts.upstreamUrl);
  const user = decodeURIComponent(upstream.username || 'postgres');
  const port = await freePort();
  // Readable by the unprivileged user PgBouncer switches to when started as root; it holds nothing secret (trust auth, loopback).
  const dir = mkdtempSync(join(tmpdir(), 'backlot-pgbouncer-'));
  chmodSync(dir, 0o755);
  const users = join(dir, 'users.txt');
  writeFileSync(users, `"${user}" ""\n`, { mode: 0o644 });
  const config = join(dir, 'pgbouncer.ini');
  writeFileSync(
    config,
    [
      '[databases]',
      `* = host=${upstream.hostname} port=${upstream.port || 5432}`,
      '[pgbouncer]',
      'listen_addr = 127.0.0.1',
      `listen_port = ${port}`,
      'unix_socket_dir =',
      'auth_type = trust',
      `auth_file = ${users}`,
      'pool_mode = transaction',
      `default_pool_size = ${opts.poolSize ?? 4}`,
      `max_client_conn = ${opts.maxClients ?? 2000}`,
      'ignore_startup_parameters = extra_float_digits,options',
      'server_reset_query =',
      '',
    ].join('\n'),
    { mode: 0o644 },
  );
  const args = process.getuid?.() === 0 ? ['-u', 'postgres', config] : [config];
  const child: ChildProcess = spawn(PGBOUNCER_BINARY, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const urlFor = (upstreamUrl: string) => {
    const u = new URL(upstreamUrl);
    u.hostname = '127.0.0.1';
    u.port = String(port);
    return u.toString();
  };
  const close = async () => {
    if (child.exitCode === null) {
      await new Promise<void>((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      });
    }
    rmSync(dir, { recursive: true, force: true });
  };
  // Ready once a query goes through it.
  const deadline = Date.now() + 10_000;
  for (;;) {
    if (child.exitCode !== null) {
      rmSync(dir, { recursive: true, force: true });
      throw new Error(`pgbouncer exited with ${child.exitCode}: ${stderr.trim()}`);
    }
    const c = new pg.Client({ connectionString: urlFor(opts.upstreamUrl), connectionTimeoutMillis: 1000 });
    try {
      await c.connect();
      await c.query('select 1');
      await c.end();
      break;
    } catch (err) {
      await c.end().catch(() => undefined);
      if (Date.now() > deadline) {
        await close();
        throw new Error(`pgbouncer did not answer on port ${port}: ${(err as Error).message}\n${stderr.trim()}`);
      }
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return {
    port,
    urlFor,
    close,
    kill: () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
