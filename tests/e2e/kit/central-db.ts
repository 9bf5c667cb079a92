/**
 * The central database the kit seeded (`<dataDir>/central/central.sqlite`):
 * for a test's own knowledge of the data (which disc is right, what a
 * customer's phone is), never the app's answers, and for changes the central
 * office would make on its own (a customer cancelling on the website).
 */
import { join } from 'node:path';
import type { Knex } from 'knex';
import { openDatabase } from '../../../platform/database';

export async function withCentralDb<T>(dataDir: string, fn: (knex: Knex) => Promise<T>): Promise<T> {
  const db = openDatabase({ file: join(dataDir, 'central', 'central.sqlite') });
  try {
    return await fn(db.knex);
  } finally {
    await db.close();
  }
}

/**
 * The station's own cache (`<dataDir>/station/station.sqlite`), read while
 * the station runs (WAL lets a reader in beside it): for what the station
 * recorded itself, such as the audit rows of customers opened here.
 */
export async function withStationDb<T>(dataDir: string, fn: (knex: Knex) => Promise<T>): Promise<T> {
  const db = openDatabase({ file: join(dataDir, 'station', 'station.sqlite') });
  try {
    return await fn(db.knex);
  } finally {
    await db.close();
  }
}
