/**
 * `npm run seed -- --customers N --shipments M --seed S [--data-dir DIR] [--database-url URL] [--replace]`
 * Fills the central database with demo data: `<data-dir>/central.sqlite` by
 * default (the file `npm run api` uses), PostgreSQL with DATABASE_URL or
 * --database-url. Progress on stderr, one summary line on stdout.
 */
import { join } from 'node:path';
import cliProgress from 'cli-progress';
import { z } from 'zod';
import { intOption, parseCli } from '../../platform/cli-args';
import { resolveDataDir } from '../../platform/data-dir';
import { isPostgresUrl, openDatabase } from '../../platform/database';
import { migrateLatest } from '../../api/db/migrate';
import { CENTRAL_SQLITE_FILE } from '../../api/start';
import { generateDemo, type DemoData } from '../../core/demo/generate';
import { formatDemoCounts } from '../../core/demo/summary';
import { SCENARIOS, isScenarioName } from '../../core/demo/scenarios';
import type { DemoTable } from '../../core/demo/rows';
import { SeedTargetNotEmptyError, writeDemo } from './write-demo';

const HELP = `Usage: npm run seed -- [options]
  --customers N         customers to create (default 2000)
  --shipments M         shipments to create (default 20000)
  --seed S              random seed: the same seed and --now give identical data (default 1)
  --titles T            catalogue size (default min(20000, max(500, customers / 10)))
  --now ISO-DATE        the demo's "today" (default: start of the current UTC day)
  --scenario NAME       empty | small | packing-day | large (sizes and seed; other flags override)
  --data-dir DIR        seed <DIR>/${CENTRAL_SQLITE_FILE}
  --database-url URL    seed PostgreSQL instead (default: DATABASE_URL)
  --replace             delete existing customer and catalogue data first
Demo sign-ins: wanda/1111 (warehouse, SJC), carl/2222 (customer service), sue/3333 (supervisor), adam/4444 (admin).`;

class UsageError extends Error {}

async function main(argv: string[]): Promise<number> {
  const { values } = parseCli(argv, {
    customers: { type: 'string' },
    shipments: { type: 'string' },
    seed: { type: 'string' },
    titles: { type: 'string' },
    now: { type: 'string' },
    scenario: { type: 'string' },
    'database-url': { type: 'string' },
    replace: { type: 'boolean' },
  });
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  const scenarioName = values.scenario;
  if (scenarioName !== undefined && !isScenarioName(scenarioName)) {
    throw new UsageError(`--scenario must be one of ${Object.keys(SCENARIOS).join(', ')}, got "${scenarioName}"`);
  }
  const now = values.now === undefined ? undefined : new Date(values.now);
  if (now && Number.isNaN(now.getTime())) throw new UsageError(`--now must be an ISO date, got "${values.now}"`);
  const databaseUrl = values['database-url'] ?? process.env.DATABASE_URL;
  if (databaseUrl && !isPostgresUrl(databaseUrl)) {
    throw new UsageError('--database-url / DATABASE_URL must be a postgres:// URL; leave it unset to seed SQLite in the data directory.');
  }

  const base = scenarioName ? SCENARIOS[scenarioName]() : DEFAULTS;
  let demo: DemoData;
  try {
    demo = generateDemo({
      ...base,
      customers: intOption(values.customers, 'customers', base.customers),
      shipments: intOption(values.shipments, 'shipments', base.shipments),
      seed: intOption(values.seed, 'seed', base.seed),
      ...(values.titles !== undefined ? { titles: intOption(values.titles, 'titles', 0) } : {}),
      ...(now ? { now } : {}),
    });
  } catch (err) {
    throw new UsageError(err instanceof z.ZodError ? z.prettifyError(err) : String((err as Error).message));
  }

  const target = databaseUrl ? databaseUrl.replace(/\/\/[^@/]*@/, '//***@') : join(resolveDataDir(values['data-dir']), CENTRAL_SQLITE_FILE);
  const db = databaseUrl ? openDatabase({ url: databaseUrl }) : openDatabase({ file: target });
  const started = performance.now();
  const progress = progressReporter();
  try {
    await migrateLatest(db.knex);
    const result = await writeDemo(db.knex, demo, { replace: values.replace === true, onProgress: progress.update });
    progress.stop();
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(
      `Seeded ${target} (seed ${demo.options.seed}, now ${demo.options.now.toISOString()}): ${formatDemoCounts(result.counts)}, staff credentials ${result.credentials}; ${seconds} s`,
    );
    return 0;
  } finally {
    progress.stop();
    await db.close();
  }
}

const DEFAULTS = { customers: 2000, shipments: 20_000, seed: 1 };

try {
  process.exitCode = await main(process.argv.slice(2));
} catch (err) {
  // Usage mistakes and a refused target are expected: a message, not a stack trace.
  const usage = err instanceof UsageError || (err as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') === true;
  const expected = usage || err instanceof SeedTargetNotEmptyError;
  console.error(expected && err instanceof Error ? err.message : err);
  process.exitCode = usage ? 2 : 1;
}

/** Bars on a terminal; one line per finished table otherwise (CI logs, pipes), where redrawn bars would be noise. */
function progressReporter(): { update(table: DemoTable, done: number, total: number): void; stop(): void } {
  if (!process.stderr.isTTY) {
    return {
      update(table, done, total) {
        if (done === total) console.error(`  ${table}: ${total} rows`);
      },
      stop() {},
    };
  }
  const bars = new cliProgress.MultiBar(
    { stream: process.stderr, format: ' {table} [{bar}] {value}/{total}', hideCursor: true, clearOnComplete: false, etaBuffer: 50 },
    cliProgress.Presets.shades_classic,
  );
  const barFor = new Map<DemoTable, cliProgress.SingleBar>();
  return {
    update(table, done, total) {
      let bar = barFor.get(table);
      if (!bar) {
        bar = bars.create(Math.max(total, 1), 0, { table: table.padEnd(20) });
        barFor.set(table, bar);
      }
      bar.update(done);
    },
    stop() {
      if (barFor.size > 0) bars.stop();
      barFor.clear();
    },
  };
}
