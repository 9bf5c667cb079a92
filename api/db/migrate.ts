import type { Knex } from 'knex';
import { migrationSource } from './migrations/index';

/** Brings the central database up to date; safe to call on every start. */
export async function migrateLatest(knex: Knex): Promise<void> {
  await knex.migrate.latest({ migrationSource });
}
