/**
 * Opens a knex database: a SQLite file (station cache, embedded central API)
 * or PostgreSQL when a `postgres://` URL is given. Node-only; shared by main,
 * api and the scripts so every process gets the same pragmas.
 */
import knexFactory, { type Knex } from 'knex';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { ensurePrivateDir, ensurePrivateFile } from './private-files';

export type DatabaseKind = 'sqlite' | 'postgres';

export interface OpenDatabaseOptions {
  /** SQLite file path (ignored when `url` is a PostgreSQL URL). */
  file?: string;
  url?: string;
  /** PostgreSQL schema to use (tests isolate themselves in a fresh schema; needs a session, so never through a transaction pooler). */
  searchPath?: string;
  /** PostgreSQL: a direct URL for LISTEN when `url` is a transaction-mode pooler (PgBouncer). */
  listenUrl?: string;
  poolMax?: number;
  /**
   * SQLite: overwrite deleted content with zeros (`secure_delete`), so rows
   * that leave (a customer a desk released) do not linger in free pages.
   */
  secureDelete?: boolean;
  /**
   * SQLite: more pragmas for each new connection, after the common ones (the
   * station turns SQLite's automatic checkpoint off: `manualCheckpointPragmas`).
   */
  pragmas?: readonly string[];
}

export interface Database {
  knex: Knex;
  kind: DatabaseKind;
  /** PostgreSQL: the URL it was opened with (a LISTEN connection needs its own). */
  url?: string;
  /** PostgreSQL: where a LISTEN connection goes, when not to `url` (a pooler). */
  listenUrl?: string;
  close(): Promise<void>;
}

export function isPostgresUrl(url: string | undefined): boolean {
  return !!url && /^postgres(ql)?:\/\//.test(url);
}

export function openDatabase(opts: OpenDatabaseOptions): Database {
  if (isPostgresUrl(opts.url)) {
    const knex = knexFactory({
      client: 'pg',
      connection: opts.url!,
      searchPath: opts.searchPath ? [opts.searchPath] : undefined,
      pool: { min: 0, max: opts.poolMax ?? 10 },
    });
    return { knex, kind: 'postgres', url: opts.url!, ...(opts.listenUrl ? { listenUrl: opts.listenUrl } : {}), close: () => knex.destroy() };
  }
  const file = opts.file ?? opts.url?.replace(/^sqlite:(\/\/)?/, '');
  if (!file) throw new Error('openDatabase needs a SQLite file or a postgres:// URL');
  // Owner-only before SQLite opens it: SQLite gives its -wal and -shm files the database file's own mode.
  if (file !== ':memory:') {
    ensurePrivateDir(dirname(file));
    for (const f of [file, `${file}-wal`, `${file}-shm`]) if (f === file || existsSync(f)) ensurePrivateFile(f);
  }
  const knex = knexFactory({
    client: 'sqlite3',
    connection: { filename: file },
    useNullAsDefault: true,
    // One connection: SQLite serialises writers anyway, and a single connection
    // makes every knex transaction truly exclusive without SQLITE_BUSY retries.
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: { run(sql: string, cb: (err: Error | null) => void): void }, done: (err: Error | null, conn: unknown) => void) {
        const pragmas = [
          'PRAGMA journal_mode = WAL',
          'PRAGMA foreign_keys = ON',
          'PRAGMA busy_timeout = 5000',
          'PRAGMA synchronous = NORMAL',
          ...(opts.secureDelete ? ['PRAGMA secure_delete = ON'] : []),
          ...(opts.pragmas ?? []),
        ];
        const next = (i: number): void => {
          if (i === pragmas.length) return done(null, conn);
          conn.run(pragmas[i]!, (err) => (err ? done(err, conn) : next(i + 1)));
        };
        next(0);
      },
    },
  });
  return { knex, kind: 'sqlite', close: () => knex.destroy() };
}
