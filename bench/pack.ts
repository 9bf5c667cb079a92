/**
 * `npm run bench:pack`: the packing line through the service layer on the
 * 1,000,000-shipment station cache (shared with bench:lookup):
 *   - scan -> verified -> packed -> ZPL bytes queued for the printer, p50/p95 (target p95 <= 20 ms)
 *   - PDF label rendered, p50/p95 (target p95 <= 100 ms)
 *   - a simulated shift: N pack + label + ship cycles, throughput.
 * Claims and serial ranges normally come from the central office; here they
 * are written straight into the cache, so the figures are the station's own.
 *
 *   npm run bench:pack -- [--data-dir .bench/lookup-250000-1000000] [--samples 300] [--cycles 5000]
 */
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { buildLabelData, storedPieceType } from '../core/labels';
import { intOption, parseCli } from '../platform/cli-args';
import { createLogger } from '../platform/logger';
import { CentralClient } from '../main/central/central-client';
import { openStationDb } from '../main/db/station-db';
import { systemClock } from '../main/host/clock';
import { renderLabelPdf } from '../main/print/label-pdf';
import type { StationSession } from '../main/services/auth/auth-service';
import { PackingService } from '../main/services/packing/packing-service';
import { PrintService } from '../main/print/print-service';
import { memoryBackend, SettingsStore } from '../main/settings/settings-store';
import { SyncEngine } from '../main/sync/sync-engine';
import { syncTransport } from '../main/sync/sync-client';
import { TcpPrinter } from '../tests/e2e/kit/tcp-printer';
import { report, round, summarize, timeEach, trackPeakRss } from './lib/bench-kit';

const { values } = parseCli(process.argv.slice(2), { samples: { type: 'string' }, cycles: { type: 'string' } });
const dataDir = resolve(values['data-dir'] ?? join('.bench', 'lookup-250000-1000000'));
const samples = intOption(values.samples, 'samples', 300);
const cycles = intOption(values.cycles, 'cycles', 5000);
if (!existsSync(join(dataDir, 'station.sqlite'))) {
  console.error(`No station cache in ${dataDir}: run \`npm run bench:lookup\` first (it builds the 1,000,000-shipment cache).`);
  process.exit(1);
}
const rss = trackPeakRss();
const db = await openStationDb(dataDir);
const knex = db.knex;
const printer = await new TcpPrinter().listen();
const logger = createLogger('bench', { level: 'silent' });
const clock = systemClock();
const settings = new SettingsStore(memoryBackend({ settings: { apiUrl: 'http://127.0.0.1:9', distributionCenter: 'SJC', stationName: 'Bench', printer: { kind: 'zpl-tcp', name: 'Bench Zebra', host: '127.0.0.1', port: printer.port } } }));
const central = new CentralClient({ baseUrl: () => 'http://127.0.0.1:9', credential: () => null });
const sync = new SyncEngine({ knex, transport: syncTransport(central), clock, logger, station: () => ({ stationId: 'bench', stationDc: settings.get().distributionCenter }) });
const print = new PrintService({ knex, settings, clock, logger });
const pack = new PackingService({ knex, central, sync, settings, clock, print });
const session: StationSession = { staff: { id: 'stf_wanda', username: 'wanda', displayName: 'Wanda', role: 'warehouse' }, signedInAt: clock.now(), lastActivityAt: clock.now(), locked: false, online: false, apiToken: null };

// Every allocated order of every DC, with its allocated disc: the bench packs them in order.
const allocated: Array<{ id: number; dc: string; barcode: string }> = await knex('shipments as s')
  .join('discs as d', 'd.id', 's.disc_id')
  .where('s.status', 'allocated')
  .orderBy('s.id')
  .select('s.id', 's.dc', 'd.barcode');
console.log(`${allocated.length} allocated orders in the cache`);
await knex('pack_claims').delete();
for (let i = 0; i < allocated.length; i += 400) {
  await knex('pack_claims').insert(allocated.slice(i, i + 400).map((a) => ({ shipment_id: a.id, order_number: `x${a.id}`, age_certified: true, claimed_at: clock.now().toISOString() })));
}
const mailers: Array<{ mailer_id: string }> = await knex('distribution_centers').select('mailer_id');
await knex('serial_ranges').delete();
for (const m of mailers) await knex('serial_ranges').insert({ mailer_id: m.mailer_id, next_serial: 500_000_000, last_serial: 599_999_999 });

// Packing an order changes the cache: run against a copy of the state, then put the orders back.
const restore = async () => {
  await knex('outbox').delete();
  await knex('label_events').whereIn('shipment_id', allocated.map((a) => a.id)).delete().catch(() => undefined);
  for (let i = 0; i < allocated.length; i += 400) {
    await knex('shipments').whereIn('id', allocated.slice(i, i + 400).map((a) => a.id)).update({ status: 'allocated', label_serial: null, packed_at: null, shipped_at: null });
    await knex('discs').whereIn('barcode', allocated.slice(i, i + 400).map((a) => a.barcode)).update({ status: 'in_stock' });
  }
};
// A run that was stopped half-way leaves orders packed and discs out: start from the seeded state.
await restore();

const byDc = new Map<string, typeof allocated>();
for (const a of allocated) byDc.set(a.dc, [...(byDc.get(a.dc) ?? []), a]);
const sjc = byDc.get('SJC') ?? [];
const scanInputs = sjc.slice(0, Math.min(samples, sjc.length));
settings.update({ distributionCenter: 'SJC' });
let refused = 0;
const scan = await timeEach(scanInputs, async (a) => {
  const r = await pack.scan(session, a.id, a.barcode);
  // Demo names in scripts USPS cannot print are refused before anything changes: counted, not fatal.
  if (!r.ok && refused++ === 0) console.log(`first refusal: ${r.message}`);
}, 0);
if (refused > scanInputs.length / 10) throw new Error(`${refused} of ${scanInputs.length} scans refused: the figures would not measure packing`);
console.log(`${refused} of ${scanInputs.length} orders refused (label not printable)`);
console.log(`scan -> ZPL queued: p50 ${scan.p50} ms p95 ${scan.p95} ms (n=${scan.n})`);

const dc = await knex('distribution_centers').where('code', 'SJC').first();
const pdfRows = await knex('shipments as s').whereIn('s.id', scanInputs.map((a) => a.id)).select('s.*');
const labels = pdfRows
  .map((s) => buildLabelData({ dc, shipment: s, serial: '500000001', piece: storedPieceType(s.piece_type) }))
  .flatMap((b) => (b.ok ? [b.label] : []));
const pdf = await timeEach(labels, (label) => renderLabelPdf(label));
console.log(`PDF label: p50 ${pdf.p50} ms p95 ${pdf.p95} ms`);
await restore();

// The shift: pack + label + ship, DC by DC, until `cycles` orders are done.
const t0 = performance.now();
let done = 0;
const cycleMs: number[] = [];
for (const [code, orders] of byDc) {
  settings.update({ distributionCenter: code });
  for (const a of orders) {
    if (done >= cycles) break;
    const c0 = performance.now();
    const r = await pack.scan(session, a.id, a.barcode);
    if (!r.ok) continue;
    await pack.ship(session, [a.id]);
    cycleMs.push(performance.now() - c0);
    done++;
  }
}
const shiftSeconds = (performance.now() - t0) / 1000;
const cyclesSample = summarize(cycleMs);
console.log(`shift: ${done} pack+label+ship cycles in ${round(shiftSeconds, 1)} s = ${round(done / shiftSeconds, 1)} orders/s (cycle p95 ${cyclesSample.p95} ms)`);
await restore();
await print.close();
await db.close();
await printer.close();
rss.stop();
report(
  'pack',
  {
    scan_to_zpl_p50_ms: scan.p50,
    scan_to_zpl_p95_ms: scan.p95,
    pdf_label_p50_ms: pdf.p50,
    pdf_label_p95_ms: pdf.p95,
    shift_cycles: done,
    shift_seconds: round(shiftSeconds, 1),
    shift_orders_per_second: round(done / shiftSeconds, 1),
    shift_cycle_p95_ms: cyclesSample.p95,
    peak_rss_mb: rss.peakMb(),
  },
  [
    { name: 'scan-to-ZPL p95 ms', value: scan.p95, limit: 20 },
    { name: 'PDF label p95 ms', value: pdf.p95, limit: 100 },
  ],
);
