/**
 * `npm run bench:ui-thread`: the desktop app's UI thread (Electron's main
 * process event loop) while the station prints a 500-label batch (issue #14,
 * target p99 event-loop delay <= 10 ms). The station host runs in its utility
 * process; the shell here is the built bundle with the stand-in `electron`
 * module, its utility process a Node child with the same channel. While the
 * batch prints, the "renderer" keeps calling as the screens do (the status
 * bar and the pack screen's printer status), so the shell relays the whole
 * time it is measured.
 *
 *   npm run bench:ui-thread -- [--data-dir .bench/ui-thread] [--labels 500]
 */
import { join, resolve } from 'node:path';
import { intOption, parseCli } from '../platform/cli-args';
import { ensureBundlesBuilt, ensureRendererBuilt } from '../scripts/launch/stale-build';
import { TcpPrinter } from '../tests/e2e/kit/tcp-printer';
import { launchShell } from '../tests/electron/harness';
import { report, round } from './lib/bench-kit';
import { SHIFT_CENTRAL, benchCentral, stationCopy, stationTemplate } from './lib/station-fixture';

const { values } = parseCli(process.argv.slice(2), { labels: { type: 'string' } });
// Its own central office: bench:startup's shift takes most of SJC's open orders.
const dir = resolve(values['data-dir'] ?? join('.bench', 'ui-thread'));
const labels = intOption(values.labels, 'labels', 500);
const log = (line: string) => console.log(`[bench:ui-thread] ${line}`);

await ensureRendererBuilt();
await ensureBundlesBuilt();
const central = await benchCentral(dir, SHIFT_CENTRAL, log);
const template = await stationTemplate(dir, central, log);
const printer = await new TcpPrinter().listen();
const runDir = stationCopy(template, join(dir, 'run-ui-thread'));
const shell = launchShell({ args: ['--data-dir', runDir, '--api-url', central.url, '--api-ca-file', central.caFile], env: { BACKLOT_LOG_LEVEL: 'warn' } });
await shell.waitFor('window.loaded', undefined, 60_000);

const call = async (method: string, input: unknown = {}) => {
  const r = await shell.invoke(method, input);
  if (!r.ok) throw new Error(`${method}: ${r.error?.message}`);
  return r.data;
};
await call('auth.signIn', { username: 'adam', secret: '4444' });
await call('station.settings.update', { printer: { kind: 'zpl-tcp', name: 'Bench Zebra', host: '127.0.0.1', port: printer.port } });

log(`packing ${labels} orders so the batch has ${labels} labels to print again…`);
let labeled = 0;
// An order the station refuses (an address USPS cannot take; one a run before left claimed at the central office) is set aside, as in bench:startup's shift.
const refused = new Set<number>();
while (labeled < labels) {
  const queue = await call('packing.claim', { count: 50 });
  const open = (queue.items as Array<{ shipmentId: number; status: string; expectedDiscBarcode: string | null; ageCertified: boolean }>).filter(
    (i) => i.status === 'allocated' && i.expectedDiscBarcode && i.ageCertified && !refused.has(i.shipmentId),
  );
  if (open.length === 0) throw new Error(`no more orders to pack after ${labeled} (${refused.size} set aside)`);
  for (const item of open) {
    if (labeled >= labels) break;
    const scan = await shell.invoke('packing.scan', { shipmentId: item.shipmentId, barcode: item.expectedDiscBarcode });
    if (scan.ok && scan.data.ok) labeled++;
    else refused.add(item.shipmentId);
  }
}
await new Promise((r) => setTimeout(r, 2000));
const jobsBefore = printer.jobs.length;

// The screens' own calls go on while the batch prints: the status bar, the pack screen's printer status.
let polling = true;
let polls = 0;
const poller = (async () => {
  while (polling) {
    await Promise.all([shell.invoke('station.status'), shell.invoke('labels.printerStatus')]);
    polls++;
    await new Promise((r) => setTimeout(r, 100));
  }
})();
await shell.command('eld-start');
const started = performance.now();
const batch = await call('packing.printBatch', { reason: 'bench: new label roll' });
while (printer.jobs.length < jobsBefore + batch.printed) await new Promise((r) => setTimeout(r, 20));
const seconds = (performance.now() - started) / 1000;
const eld = await shell.command('eld-stop');
polling = false;
await poller;
log(`batch: ${batch.printed} labels queued and printed in ${round(seconds, 1)} s; ${polls} polls answered meanwhile`);
log(`UI thread event-loop delay: p50 ${round(eld.p50, 2)} ms, p99 ${round(eld.p99, 2)} ms, max ${round(eld.max, 2)} ms (${eld.count} samples)`);

await shell.command('quit');
await shell.exited;
await printer.close();
await central.close();

report(
  'ui-thread',
  { labels: batch.printed, batch_seconds: round(seconds, 1), eld_ms: { p50: round(eld.p50, 2), p99: round(eld.p99, 2), max: round(eld.max, 2) }, polls },
  [{ name: `UI thread event-loop delay p99 during a ${batch.printed}-label batch (ms)`, value: round(eld.p99, 2), limit: 10 }],
);
process.exit(0);
