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
