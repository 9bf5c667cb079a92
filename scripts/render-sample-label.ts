/**
 * Renders the README's sample label: a demo shipment's 4x6 ZPL, drawn by an
 * independent ZPL interpreter (zpl-renderer-js), saved as docs/sample-label.png.
 *   npx tsx scripts/render-sample-label.ts
 */
import { writeFileSync } from 'node:fs';
import { generateDemo } from '../core/demo/generate';
import { smallScenario } from '../core/demo/scenarios';
import { buildLabelData, renderZpl } from '../core/labels';
import { SERVICE_TYPE_ID } from '../main/services/packing/pack-service';

const demo = generateDemo(smallScenario());
const dc = [...demo.rows('distribution_centers')].find((d) => d.code === 'SJC')!;
const titles = new Map([...demo.rows('titles')].map((t) => [t.id, t.name]));
const discs = new Map([...demo.rows('discs')].map((d) => [d.id, d.barcode]));
const shipment = [...demo.rows('shipments')].find((s) => s.dc === 'SJC' && /^[A-Za-z .'-]+$/.test(s.ship_name))!;
const built = buildLabelData({
  dc,
  shipment: { ...shipment, disc_barcode: shipment.disc_id ? discs.get(shipment.disc_id) : null, title_name: titles.get(shipment.title_id) },
  serial: '000000123',
  serviceType: SERVICE_TYPE_ID,
  mailClass: 'First-Class Mail',
  layout: '4x6',
});
if (!built.ok) throw new Error(JSON.stringify(built.errors));
const zpl = renderZpl(built.label);
type Api = { zplToBase64Async(zpl: string, w: number, h: number, dpmm: number): Promise<string> };
const mod = (await import('zpl-renderer-js')) as unknown as { ready?: Promise<{ api: Api }>; default?: { ready: Promise<{ api: Api }> } };
const { api } = await (mod.ready ?? mod.default!.ready);
writeFileSync('docs/sample-label.png', Buffer.from(await api.zplToBase64Async(zpl, 101.6, 152.4, 8), 'base64'));
writeFileSync('docs/sample-label.zpl', zpl);
console.log(`docs/sample-label.png: order ${built.label.orderNumber}, IMb ${built.label.imb.tracking} ${built.label.imb.routing}`);
