import { join } from 'node:path';
import { generateDemo } from '../../core/demo/generate';
import type { DemoOptions } from '../../core/demo/options';
import { startApi, type RunningApi } from '../../api/start';
import type { Logger } from '../../platform/logger';
import { writeDemo } from '../seed/write-demo';
import { ensureLocalTls } from '../../platform/local-ca';

export const DEFAULT_DEMO = { customers: 2000, shipments: 20000, seed: 1 } as const satisfies DemoOptions;

/**
 * The embedded default behind `npm start` and `npm run web`: the central API
 * on a SQLite file under `<dataDir>/central`, seeded with demo data the first
 * time it starts (an empty `customers` table), so a new user signs in at once.
 */
export async function startEmbeddedCentral(opts: { dataDir: string; port?: number; demo?: DemoOptions; logger: Logger; onSeedProgress?: (line: string) => void }): Promise<RunningApi & { ca: string; caFile: string }> {
  const centralDir = join(opts.dataDir, 'central');
  // The embedded default speaks HTTPS with a local CA made on first start; the station trusts that CA only.
  const tls = ensureLocalTls(centralDir);
  const api = await startApi({ dataDir: centralDir, port: opts.port ?? 0, logger: opts.logger, tls: { key: tls.key, cert: tls.cert } });
  const existing = await api.db.knex('customers').count({ n: '*' }).first();
  if (Number(existing?.n ?? 0) === 0) {
    const demo = opts.demo ?? DEFAULT_DEMO;
    opts.onSeedProgress?.(`Seeding demo data (${demo.customers} customers, ${demo.shipments} shipments) on first start…`);
    await writeDemo(api.db.knex, generateDemo(demo));
  }
  return Object.assign(api, { ca: tls.ca, caFile: join(centralDir, 'tls', 'ca.crt') });
}
