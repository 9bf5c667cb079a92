/**
 * Demo data for the demo suites: generated with a pinned "today" so runs
 * compare, and written into a fresh central database built by the API's own
 * migration (the schema production seeds into).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateLatest } from '../../api/db/migrate';
import { generateDemo, type DemoData } from '../../core/demo/generate';
import type { DemoRowMap, DemoTable } from '../../core/demo/rows';
import { scenario, type ScenarioName } from '../../core/demo/scenarios';
import type { DemoOptions } from '../../core/demo/options';
import { openDatabase, type Database } from '../../platform/database';
import { writeDemo } from '../../scripts/seed/write-demo';

export const DEMO_NOW = new Date('2025-06-15T00:00:00.000Z');

export function demoFor(name: ScenarioName, overrides: Partial<DemoOptions> = {}): DemoData {
  return generateDemo(scenario(name, { now: DEMO_NOW, ...overrides }));
}

export function rowsOf<T extends DemoTable>(demo: DemoData, table: T): DemoRowMap[T][] {
  return [...demo.rows(table)];
}

export interface TempCentral {
  db: Database;
  dispose(): Promise<void>;
}

export async function tempCentral(): Promise<TempCentral> {
  const dir = mkdtempSync(join(tmpdir(), 'backlot-demo-test-'));
  const db = openDatabase({ file: join(dir, 'central.sqlite') });
  await migrateLatest(db.knex);
  return {
    db,
    async dispose() {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export async function seededCentral(demo: DemoData): Promise<TempCentral> {
  const central = await tempCentral();
  await writeDemo(central.db.knex, demo);
  return central;
}
