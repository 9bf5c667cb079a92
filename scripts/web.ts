/**
 * `npm run web`: the station's handlers and the built renderer over HTTP on
 * 127.0.0.1, behind a per-launch token. Without --api-url it starts the
 * embedded central API too (local SQLite, demo data on first run).
 */
import { join } from 'node:path';
import { readFileSync, writeFileSync } from 'node:fs';
import { intOption, parseCli } from '../platform/cli-args';
import { resolveDataDir } from '../platform/data-dir';
import { createLogger } from '../platform/logger';
import { systemClock } from '../main/host/clock';
import { createStationHost } from '../main/host/station-host';
import { CupsPrinting } from '../main/print/cups';
import { openStationSettings } from '../main/settings/open-settings';
import { startWebHost } from '../main/web/web-host';
import type { startEmbeddedCentral } from './launch/embedded-central';
import { ensureRendererBuilt } from './launch/stale-build';

const HELP = `Usage: npm run web -- [options]
  --data-dir DIR        where the station (and embedded central API) keep data
  --port N              web host port (default 7451; 0 = any free port)
  --api-url URL         use this central API instead of starting the embedded one
  --enrollment-key KEY  register this station with that central API
  --api-ca-file FILE    the certificate authority (PEM) this station trusts for an HTTPS central API
  --dc CODE             distribution center of this station (e.g. SJC)
  --customers N --shipments M --seed S   demo data size for a new embedded central API
  --ready-file FILE     write {url, token, openUrl, apiUrl} as JSON once listening (for test kits)
  --test-hooks          allow tests to move the station clock (never in production)`;

const { values } = parseCli(process.argv.slice(2), {
  port: { type: 'string' },
  'api-url': { type: 'string' },
  'enrollment-key': { type: 'string' },
  'api-ca-file': { type: 'string' },
  dc: { type: 'string' },
  customers: { type: 'string' },
  shipments: { type: 'string' },
  seed: { type: 'string' },
  'ready-file': { type: 'string' },
  'test-hooks': { type: 'boolean' },
});
if (values.help) {
  console.log(HELP);
  process.exit(0);
}

const dataDir = resolveDataDir(values['data-dir']);
const logger = createLogger('station', { destination: join(dataDir, 'logs', 'station.log') });

let apiUrl = values['api-url'];
let enrollmentKey = values['enrollment-key'] ?? process.env.BACKLOT_ENROLLMENT_KEY;
let central: Awaited<ReturnType<typeof startEmbeddedCentral>> | null = null;
if (!apiUrl) {
  // Loaded only when it runs: a station pointed at a central office never evaluates the API, its drivers or the demo generator.
  const { startEmbeddedCentral, DEFAULT_DEMO } = await import('./launch/embedded-central');
  central = await startEmbeddedCentral({
    dataDir,
    logger: createLogger('api', { destination: join(dataDir, 'logs', 'api.log') }),
    demo: {
      customers: intOption(values.customers, 'customers', DEFAULT_DEMO.customers),
      shipments: intOption(values.shipments, 'shipments', DEFAULT_DEMO.shipments),
      seed: intOption(values.seed, 'seed', DEFAULT_DEMO.seed),
    },
    onSeedProgress: (line) => console.log(line),
  });
  apiUrl = central.url;
  enrollmentKey = central.enrollmentKey;
}

const opened = openStationSettings(join(dataDir, 'station'), logger);
const { settings } = opened;
const apiCa = central?.ca ?? (values['api-ca-file'] ? readFileSync(values['api-ca-file'], 'utf8') : undefined);
// Without an address (and no embedded central office), the station starts unregistered and shows its setup screen.
if (apiUrl) settings.update({ apiUrl, ...(apiCa ? { apiCa } : {}) });
if (values.dc) settings.update({ distributionCenter: values.dc.toUpperCase() });
const rendererDir = await ensureRendererBuilt();
const host = await createStationHost({
  dataDir: join(dataDir, 'station'),
  settings,
  clock: systemClock(),
  logger,
  notice: opened.notice,
  // A USB label printer or an office printer on Linux and macOS: through CUPS.
  ...(process.platform !== 'win32' ? { systemPrinting: new CupsPrinting() } : {}),
  waitForNetwork: false,
  ...(enrollmentKey ? { enrollmentKey } : {}),
});
const web = await startWebHost({ host, logger, rendererDir, port: intOption(values.port, 'port', 7451), testHooks: values['test-hooks'] === true });

if (values['ready-file']) {
  writeFileSync(values['ready-file'], JSON.stringify({ url: web.url, token: web.token, openUrl: web.openUrl, apiUrl }));
}
console.log(`Backlot web host ready. Open: ${web.openUrl}`);
console.log(`Central API: ${apiUrl}${central ? ' (embedded, SQLite)' : ''} · data: ${dataDir}`);

const shutdown = async () => {
  await web.close();
  await host.close();
  await central?.close();
  process.exit(0);
};
process.once('SIGINT', () => void shutdown());
process.once('SIGTERM', () => void shutdown());
