/**
 * The testers' kit's app process: a central API with a named demo scenario, a
 * network proxy in front of it that tests can cut, and (unless --no-station)
 * the station's web host with test hooks. Prints one `READY {json}` line.
 * Run by the fixtures; testers do not start it by hand.
 */
import { createServer } from 'node:http';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { createLogger } from '../../../platform/logger';
import { systemClock } from '../../../main/host/clock';
import { createStationHost } from '../../../main/host/station-host';
import { openStationSettings } from '../../../main/settings/open-settings';
import { CupsPrinting } from '../../../main/print/cups';
import { startWebHost } from '../../../main/web/web-host';
import { isScenarioName, SCENARIOS } from '../../../core/demo/scenarios';
import { startEmbeddedCentral } from '../../../scripts/launch/embedded-central';
import { RENDERER_DIR } from '../../../scripts/launch/stale-build';
import { NetworkProxy } from './network-proxy';

const { values } = parseArgs({
  options: {
    'data-dir': { type: 'string' },
    scenario: { type: 'string', default: 'small' },
    dc: { type: 'string', default: 'SJC' },
    'printer-port': { type: 'string' },
    'no-station': { type: 'boolean' },
    // A station that was never set up: no central address, CA or key (the first-run setup screen).
    unregistered: { type: 'boolean' },
  },
});
const dataDir = values['data-dir']!;
if (!isScenarioName(values.scenario!)) throw new Error(`Unknown scenario "${values.scenario}". Known: ${Object.keys(SCENARIOS).join(', ')}`);
const scenario = SCENARIOS[values.scenario]();

const logger = createLogger('kit', { destination: join(dataDir, 'logs', 'station.log') });
const central = await startEmbeddedCentral({ dataDir, logger: createLogger('api', { destination: join(dataDir, 'logs', 'api.log') }), demo: scenario });
const proxy = await new NetworkProxy().listen();
proxy.setTarget(central.url);

const control = createServer((req, res) => {
  if (req.method === 'POST' && req.url === '/network/cut') proxy.cut();
  else if (req.method === 'POST' && req.url === '/network/restore') proxy.restore();
  else {
    res.writeHead(404).end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ up: proxy.isUp() }));
});
await new Promise<void>((resolve) => control.listen(0, '127.0.0.1', resolve));
const controlPort = (control.address() as { port: number }).port;

const ready: Record<string, unknown> = {
  apiUrl: proxy.url,
  directApiUrl: central.url,
  enrollmentKey: central.enrollmentKey,
  caFile: central.caFile,
  controlUrl: `http://127.0.0.1:${controlPort}`,
};

let closeStation = async () => {};
if (!values['no-station']) {
  const opened = openStationSettings(join(dataDir, 'station'), logger);
  const { settings } = opened;
  const printer = values['printer-port'] ? { printer: { kind: 'zpl-tcp' as const, name: 'Test printer', host: '127.0.0.1', port: Number(values['printer-port']) } } : {};
  if (values.unregistered) settings.update(printer);
  else settings.update({ apiUrl: proxy.url, apiCa: central.ca, distributionCenter: values.dc!, ...printer });
  const host = await createStationHost({
    dataDir: join(dataDir, 'station'),
    settings,
    clock: systemClock(),
    logger,
    notice: opened.notice,
    // The computer's print system, as the web host has it (tests put a stand-in lp on PATH).
    ...(process.platform !== 'win32' ? { systemPrinting: new CupsPrinting() } : {}),
    ...(values.unregistered ? {} : { enrollmentKey: central.enrollmentKey }),
  });
  const web = await startWebHost({ host, logger, rendererDir: RENDERER_DIR, port: 0, testHooks: true });
  Object.assign(ready, { url: web.url, token: web.token, openUrl: web.openUrl });
  closeStation = async () => {
    await web.close();
    await host.close();
  };
}

console.log(`READY ${JSON.stringify(ready)}`);

const shutdown = async () => {
  await closeStation();
  await proxy.close();
  control.close();
  await central.close();
  process.exit(0);
};
process.once('SIGTERM', () => void shutdown());
process.once('SIGINT', () => void shutdown());
