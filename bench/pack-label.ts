/**
 * What one label costs at a packing station: build the label data (Pub 28 +
 * IMb) and render it as ZPL, or as a PDF. 1,000 labels each from the seed
 * generator's small scenario, after a warm-up; prints median and p95.
 *
 *   npx tsx bench/pack-label.ts [count]
 */
import { cpus } from 'node:os';
import { performance } from 'node:perf_hooks';
import { generateDemo } from '../core/demo/generate';
import { smallScenario } from '../core/demo/scenarios';
import { buildLabelData, renderZpl, type BuildLabelInput } from '../core/labels';
import { renderLabelPdf } from '../main/print/label-pdf';

function inputs(): BuildLabelInput[] {
  const demo = generateDemo(smallScenario());
  const dcs = new Map([...demo.rows('distribution_centers')].map((dc) => [dc.code, dc]));
  const titles = new Map([...demo.rows('titles')].map((t) => [t.id, t.name]));
  const discs = new Map([...demo.rows('discs')].map((d) => [d.id, d.barcode]));
  const out: BuildLabelInput[] = [];
  let serial = 0;
  for (const row of demo.rows('shipments')) {
    out.push({
      dc: dcs.get(row.dc)!,
      shipment: { ...row, disc_barcode: row.disc_id === null ? null : (discs.get(row.disc_id) ?? null), title_name: titles.get(row.title_id) ?? null },
      serial: String(++serial),
      serviceType: '300',
      mailClass: 'First-Class Mail',
    });
  }
  return out;
}

function quantile(sorted: readonly number[], q: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN;
}

async function measure(name: string, count: number, run: (i: number) => unknown): Promise<void> {
  for (let i = 0; i < Math.min(100, count); i++) await run(i); // warm-up: JIT, fonts, zlib
  const times: number[] = [];
  const started = performance.now();
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await run(i);
    times.push(performance.now() - t0);
  }
  const total = performance.now() - started;
  times.sort((a, b) => a - b);
  console.log(
    `${name.padEnd(28)} n=${count}  median ${quantile(times, 0.5).toFixed(3)} ms  p95 ${quantile(times, 0.95).toFixed(3)} ms  max ${quantile(times, 1).toFixed(3)} ms  (${(count / (total / 1000)).toFixed(0)} labels/s)`,
  );
}

async function main(): Promise<void> {
  const count = Number(process.argv[2] ?? 1000);
  const all = inputs();
  const pick = (i: number): BuildLabelInput => all[i % all.length]!;
  const labels = all.map((input) => {
    const result = buildLabelData(input);
    if (!result.ok) throw new Error(result.errors[0]?.message);
    return result.label;
  });
  console.log(`node ${process.version}, ${cpus().length} cores (${cpus()[0]?.model ?? 'unknown CPU'})`);
  await measure('buildLabelData', count, (i) => buildLabelData(pick(i)));
  await measure('renderZpl (4x6)', count, (i) => renderZpl(labels[i % labels.length]!));
  await measure('build + renderZpl (4x6)', count, (i) => {
    const result = buildLabelData(pick(i));
    return result.ok ? renderZpl(result.label) : null;
  });
  await measure('renderLabelPdf (4x6)', count, (i) => renderLabelPdf(labels[i % labels.length]!));
  await measure('build + renderLabelPdf (4x6)', count, async (i) => {
    const result = buildLabelData(pick(i));
    return result.ok ? renderLabelPdf(result.label) : null;
  });
  await measure('build + renderLabelPdf (letter)', count, async (i) => {
    const result = buildLabelData({ ...pick(i), layout: 'letter-mailer' });
    return result.ok ? renderLabelPdf(result.label) : null;
  });
}

void main();
