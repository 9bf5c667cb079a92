/**
 * A packing station in its own process, for `packing-crash.test.ts` to kill
 * with SIGKILL at any instant: it opens its data dir (settings file, cache,
 * print queue) as a restarted station does, signs the packer in, claims
 * orders when it has none left to pack and scans the next one, until
 * `--labels` orders hold a label. Then it waits for the printer to take every
 * job and says so. One line per step on stdout: READY, SCANNED <id> <ok>,
 * CLAIMED <n>, DONE, DRAINED.
 *
 *   node --import tsx tests/main/packing-crash-station.ts --data-dir D --api-url U --printer-port P --labels 50
 */
import { parseArgs } from 'node:util';
import { createLogger } from '../../platform/logger';
import { systemClock } from '../../main/host/clock';
import { createStationHost } from '../../main/host/station-host';
import { confBackend } from '../../main/settings/conf-backend';
import { SettingsStore } from '../../main/settings/settings-store';
import { ENROLLMENT_KEY, PINS, USERS } from '../station/world';

const { values } = parseArgs({
  options: { 'data-dir': { type: 'string' }, 'api-url': { type: 'string' }, 'printer-port': { type: 'string' }, labels: { type: 'string', default: '50' } },
});
const dataDir = values['data-dir']!;
const wanted = Number(values.labels);
const settings = new SettingsStore(confBackend(dataDir));
if (!settings.get().printer) {
  settings.update({
    apiUrl: values['api-url']!,
    distributionCenter: 'SJC',
    stationName: 'Crash station',
    printer: { kind: 'zpl-tcp', name: 'Zebra 1', host: '127.0.0.1', port: Number(values['printer-port']) },
  });
}
const logger = createLogger('crash-station', { level: 'silent' });
const host = await createStationHost({ dataDir, settings, clock: systemClock(), logger, enrollmentKey: ENROLLMENT_KEY });
const say = (line: string) => process.stdout.write(`${line}\n`);

async function call(method: string, input: unknown): Promise<any> {
  const result = await host.dispatch({ method, input, clientKey: 'packer' });
  if (!result.ok) throw new Error(`${method} failed: ${result.error.code} ${result.error.message}`);
  return result.data;
}

await call('auth.signIn', { username: USERS.warehouse, secret: PINS.warehouse });
say('READY');
// Orders whose label this station refuses (an address USPS cannot take): left in the queue, not scanned again.
const refused = new Set<number>();
for (;;) {
  const labeled = await host.db.knex('shipments as s').join('pack_claims as c', 'c.shipment_id', 's.id').whereNotNull('s.label_serial').count({ n: '*' }).first();
  if (Number(labeled?.n ?? 0) >= wanted) break;
  const queue = await call('packing.queue', {});
  const next = queue.items.find((i: { status: string; shipmentId: number }) => i.status === 'allocated' && !refused.has(i.shipmentId));
  if (!next) {
    const claimed = await call('packing.claim', { count: 10 });
    say(`CLAIMED ${claimed.items.length}`);
    continue;
  }
  const outcome = await call('packing.scan', { shipmentId: next.shipmentId, barcode: next.expectedDiscBarcode });
  if (!outcome.ok) refused.add(next.shipmentId);
  say(`SCANNED ${next.shipmentId} ${outcome.ok ? 'ok' : outcome.reason}`);
}
say('DONE');
for (;;) {
  const status = await call('labels.printerStatus', {});
  if (status && status.pending === 0 && status.state === 'online') break;
  await new Promise((r) => setTimeout(r, 50));
}
say('DRAINED');
await host.close();
process.exit(0);
