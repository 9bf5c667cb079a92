/**
 * Starts the central API in this process: `npm run api` (cli.ts), `npm start`
 * when the desktop app embeds the central office, and tests that need a real
 * port all come through here.
 */
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import type { Clock } from '../core/clock';
import { isPostgresUrl, openDatabase, type Database } from '../platform/database';
import { createLogger, type Logger } from '../platform/logger';
import { resolveDataDir } from '../platform/data-dir';
import { intOption } from '../platform/cli-args';
import { prepareStatements } from '../platform/prepared-statements';
import { API_DEFAULTS, isLoopbackHost, loadEnrollmentKey, type ApiConfig } from './config';
import { migrateLatest } from './db/migrate';
import { mailConfigFrom, type MailConfig } from './mail/mail-config';
import { buildApi } from './server';

export const CENTRAL_SQLITE_FILE = 'central.sqlite';

export interface StartApiOptions {
  dataDir?: string;
  host?: string;
  /** 0 picks a free port (tests). */
  port?: number;
  /** Listen beyond loopback (requires `tls`): serving other machines is a deliberate choice. */
  allowRemote?: boolean;
  /** A postgres:// URL; falls back to DATABASE_URL, then to SQLite in the data directory. */
  databaseUrl?: string;
  enrollmentKey?: string;
  sessionHours?: number;
  signInRateLimit?: ApiConfig['signInRateLimit'];
  /** Minutes a station's claims may sit idle before other stations may take them (BACKLOT_CLAIM_IDLE_MINUTES, default 120). */
  claimIdleMinutes?: number;
  env?: NodeJS.ProcessEnv;
  logger?: Logger;
  clock?: Clock;
  /** Certificate and key for HTTPS (PEM). */
  tls?: { key: string; cert: string };
  /** PostgreSQL: a direct URL for the live hub's LISTEN connection; falls back to BACKLOT_LISTEN_URL, then to the database URL. */
  listenUrl?: string;
  /** PostgreSQL: connections in this instance's query pool (BACKLOT_DB_POOL_MAX, default 10). */
  poolMax?: number;
  /**
   * PostgreSQL: prepare every parameterised statement (parsed and planned once
   * per connection). Undefined: BACKLOT_DB_PREPARED_STATEMENTS (on / off), else on
   * unless a LISTEN URL other than DATABASE_URL says that is a transaction pooler.
   */
  preparedStatements?: boolean;
  /**
   * Customers' order-problem emails: the SMTP relay and sender. Undefined:
   * from BACKLOT_SMTP_URL and BACKLOT_MAIL_FROM; null: none (the emails stay queued).
   */
  mail?: MailConfig | null;
}

export interface RunningApi {
  url: string;
  close(): Promise<void>;
  app: FastifyInstance;
  db: Database;
  enrollmentKey: string;
}

export async function startApi(opts: StartApiOptions = {}): Promise<RunningApi> {
  const env = opts.env ?? process.env;
  const host = opts.host ?? API_DEFAULTS.host;
  // Beyond this machine only over HTTPS: plain HTTP would carry staff secrets and personal information in clear.
  if (!isLoopbackHost(host) && !opts.tls) {
    throw new Error(`Refusing to listen on ${host} without TLS: give --tls-cert and --tls-key (or --local-tls), or listen on 127.0.0.1.`);
  }
  if (!isLoopbackHost(host) && !opts.allowRemote) {
    throw new Error(`Refusing to listen on ${host}: pass --allow-remote to serve other machines.`);
  }
  const databaseUrl = opts.databaseUrl ?? env.DATABASE_URL;
  if (databaseUrl && !isPostgresUrl(databaseUrl)) {
    throw new Error('DATABASE_URL must be a postgres:// URL; leave it unset to use SQLite in the data directory.');
  }
  const listenUrl = opts.listenUrl ?? env.BACKLOT_LISTEN_URL;
  if (listenUrl && !isPostgresUrl(listenUrl)) throw new Error('BACKLOT_LISTEN_URL must be a postgres:// URL (a direct connection to the database DATABASE_URL names).');
  const dataDir = resolveDataDir(opts.dataDir);
  const enrollmentKey = opts.enrollmentKey ?? loadEnrollmentKey(dataDir, env);
  const logger = opts.logger ?? createLogger('api');
  const mail = opts.mail === undefined ? mailConfigFrom({}, env) : opts.mail;

  const poolMax = opts.poolMax ?? intOption(env.BACKLOT_DB_POOL_MAX, 'BACKLOT_DB_POOL_MAX', 10);
  const db = databaseUrl ? openDatabase({ url: databaseUrl, poolMax }) : openDatabase({ file: join(dataDir, CENTRAL_SQLITE_FILE) });
  if (db.kind === 'postgres' && (opts.preparedStatements ?? preparedStatementsFrom(env, databaseUrl, listenUrl))) {
    prepareStatements(db.knex, {
      onPoolerFound: () => logger.warn('A statement prepared on one database connection was missing on the next: DATABASE_URL looks like a transaction pooler. Statements are no longer prepared; set BACKLOT_LISTEN_URL (or BACKLOT_DB_PREPARED_STATEMENTS=off) with a pooler.'),
    });
  }
  let app: FastifyInstance | undefined;
  try {
    await migrateLatest(db.knex);
    app = buildApi({
      db,
      logger,
      clock: opts.clock,
      ...(opts.tls ? { tls: opts.tls } : {}),
      ...(listenUrl ? { listenUrl } : {}),
      mail: mail ? { config: mail } : null,
      config: {
        host,
        port: opts.port ?? API_DEFAULTS.port,
        enrollmentKey,
        sessionHours: opts.sessionHours ?? API_DEFAULTS.sessionHours,
        signInRateLimit: opts.signInRateLimit ?? API_DEFAULTS.signInRateLimit,
        claimIdleMinutes: opts.claimIdleMinutes ?? intOption(env.BACKLOT_CLAIM_IDLE_MINUTES, 'BACKLOT_CLAIM_IDLE_MINUTES', API_DEFAULTS.claimIdleMinutes),
      },
    });
    await app.listen({ host, port: opts.port ?? API_DEFAULTS.port });
  } catch (err) {
    await app?.close();
    await db.close();
    throw err;
  }

  const { port } = app.server.address() as AddressInfo;
  const urlHost = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  const running = app;
  return {
    url: `${opts.tls ? 'https' : 'http'}://${urlHost}:${port}`,
    app: running,
    db,
    enrollmentKey,
    async close() {
      await running.close();
      await db.close();
    },
  };
}

/**
 * Prepared statements need every transaction of a client on its own server
 * connection: not through a transaction pooler, which a LISTEN URL other than
 * the database URL announces.
 */
export function preparedStatementsFrom(env: NodeJS.ProcessEnv, databaseUrl: string | undefined, listenUrl: string | undefined): boolean {
  const setting = env.BACKLOT_DB_PREPARED_STATEMENTS;
  if (setting === undefined || setting === '') return !listenUrl || listenUrl === databaseUrl;
  if (setting === 'on') return true;
  if (setting === 'off') return false;
  throw new Error(`BACKLOT_DB_PREPARED_STATEMENTS must be "on" or "off", got "${setting}".`);
}
