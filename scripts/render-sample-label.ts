/**
 * Renders the README's sample mailpieces: a demo shipment of San Jose as the
 * letter mailer (outbound label and Business Reply label) and as a parcel,
 * its ZPL drawn by an independent ZPL interpreter (zpl-renderer-js), saved
 * under docs/labels/ as PNG with the ZPL beside it.
 *   npx tsx scripts/render-sample-label.ts
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { generateDemo } from '../core/demo/generate';
import { smallScenario } from '../core/demo/scenarios';
import { buildLabelData, labelPostalRecord, layoutLabel, renderPanelZpl, type PieceType } from '../core/labels';

const demo = generateDemo(smallScenario());
const dc = [...demo.rows('distribution_centers')].find((d) => d.code === 'SJC')!;
const shipment = [...demo.rows('shipments')].find((s) => s.dc === 'SJC' && /^[A-Za-z .'-]+$/.test(s.ship_name))!;

type Api = { zplToBase64Async(zpl: string, w: number, h: number, dpmm: number): Promise<string> };
const mod = (await import('zpl-renderer-js')) as unknown as { ready?: Promise<{ api: Api }>; default?: { ready: Promise<{ api: Api }> } };
const { api } = await (mod.ready ?? mod.default!.ready);

mkdirSync('docs/labels', { recursive: true });
for (const piece of ['letter', 'parcel'] as PieceType[]) {
  const built = buildLabelData({ dc, shipment, serial: '000000123', piece });
  if (!built.ok) throw new Error(JSON.stringify(built.errors));
  for (const panel of layoutLabel(built.label).panels) {
    const zpl = renderPanelZpl(panel);
    const inches = { w: panel.sheet.widthDots / 203, h: panel.sheet.heightDots / 203 };
    const png = Buffer.from(await api.zplToBase64Async(zpl, inches.w * 25.4, inches.h * 25.4, 8), 'base64');
    writeFileSync(`docs/labels/${panel.panel}.png`, png);
    writeFileSync(`docs/labels/${panel.panel}.zpl`, zpl);
  }
  const record = labelPostalRecord(built.label);
  console.log(`${piece}: order ${built.label.orderNumber}, STID ${record.stid ?? '-'}, tracking ${record.tracking}, return serial ${record.returnSerial ?? '-'}`);
}
