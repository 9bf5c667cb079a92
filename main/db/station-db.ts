import { ensurePrivateDir } from '../../platform/private-files';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { openDatabase, type Database } from '../../platform/database';
import { fileNewNameWords } from './name-words';
import { finalizePrepared } from './prepared';
import { IdleCheckpoint, manualCheckpointPragmas, MAX_WAL_BYTES, type IdleCheckpointOptions } from './idle-checkpoint';
import * as m001 from './migrations/001_initial';
import * as m002 from './migrations/002_sync';
import * as m003 from './migrations/003_lookup_index';
import * as m004 from './migrations/004_packing';
import * as m005 from './migrations/005_conflict_entity_index';
import * as m006 from './migrations/006_desk_customers';
import * as m007 from './migrations/007_staff_offline_disabled';
import * as m008 from './migrations/008_fts_secure_delete';
import * as m025 from './migrations/025_postal_mailpieces';
import * as m045 from './migrations/045_outbox_push_attempts';
import * as m050 from './migrations/050_name_vocab';
import * as m052 from './migrations/052_customer_notes';
import * as m055 from './migrations/055_floor';
import * as m060 from './migrations/060_order_problems';
import * as m062 from './migrations/062_problem_mail';
import * as m063 from './migrations/063_name_words';

interface MigrationModule {
  name: string;
  up(knex: Knex): Promise<void>;
  down(knex: Knex): Promise<void>;
}

/** Migrations listed explicitly: works the same under tsx, in tests and in the Electron bundle. */
const MIGRATIONS: MigrationModule[] = [m001, m002, m003, m004, m005, m006, m007, m008, m025, m045, m050, m052, m055, m060, m062, m063];

const migrationSource: Knex.MigrationSource<MigrationModule> = {
  getMigrations: async () => MIGRATIONS,
  getMigrationName: (m) => m.name,
  getMigration: async (m) => m,
};

export async function migrateStation(knex: Knex): Promise<void> {
  await knex.migrate.latest({ migrationSource, tableName: 'knex_migrations' });
}

export interface StationDb extends Database {
  /** The cache's WAL checkpoints, run when the station is idle rather than inside a scan's COMMIT. */
  checkpoints: IdleCheckpoint;
}

export type StationDbOptions = Partial<Pick<IdleCheckpointOptions, 'idleMs' | 'maxWalBytes' | 'timers' | 'logger' | 'onCheckpoint'>>;

/**
 * The station cache: `<dataDir>/station.sqlite`, WAL, foreign keys on, busy
 * timeout, migrated; its checkpoints taken off the write path
 * (`idle-checkpoint.ts`): run when the station is idle, when the log passes
 * its bound, and on close.
 */
export async function openStationDb(dataDir: string, opts: StationDbOptions = {}): Promise<StationDb> {
  ensurePrivateDir(dataDir);
  const file = join(dataDir, 'station.sqlite');
  // secure_delete: a customer released by this desk (or a cache reset for another role) leaves no readable trace in free pages.
  const db = openDatabase({ file, secureDelete: true, pragmas: manualCheckpointPragmas(opts.maxWalBytes ?? MAX_WAL_BYTES) });
  const checkpoints = new IdleCheckpoint({ knex: db.knex, file, ...opts });
  await migrateStation(db.knex);
  // Name words a migration or an interrupted write left unfiled (one indexed read when there are none).
  await fileNewNameWords(db.knex);
  return {
    ...db,
    checkpoints,
    async close() {
      await checkpoints.close();
      await finalizePrepared(db.knex);
      await db.close();
    },
  };
}

/**
 * Copies the write-ahead log into the database and empties it. The log keeps
 * old page images until it is reset, so after rows leave the cache for
 * privacy (a released customer, a reset for another role's scope) this makes
 * the zeroed pages (secure_delete) the only copy left.
 */
export async function truncateWal(knex: Knex): Promise<void> {
  await knex.raw('PRAGMA wal_checkpoint(TRUNCATE)');
}
