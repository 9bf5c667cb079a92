/**
 * What one label costs at a packing station: build the label data (Pub 28,
 * STID, IMb and Business Reply IMb, or IMpb) and render it as ZPL, or as a
 * PDF, for the letter mailer (two panels) and the parcel. 1,000 labels each
 * from the seed generator's small scenario, after a warm-up; prints median
 * and p95.
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
  const out: BuildLabelInput[] = [];
  let serial = 0;
  for (const row of demo.rows('shipments')) out.push({ dc: dcs.get(row.dc)!, shipment: row, serial: String(++serial), piece: 'letter' });
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
  await measure('buildLabelData (letter)', count, (i) => buildLabelData(pick(i)));
  await measure('renderZpl (letter, 2 panels)', count, (i) => renderZpl(labels[i % labels.length]!));
  await measure('build + renderZpl (letter)', count, (i) => {
    const result = buildLabelData(pick(i));
    return result.ok ? renderZpl(result.label) : null;
  });
  await measure('build + renderZpl (parcel)', count, (i) => {
    const result = buildLabelData({ ...pick(i), piece: 'parcel' });
    return result.ok ? renderZpl(result.label) : null;
  });
  await measure('renderLabelPdf (letter)', count, (i) => renderLabelPdf(labels[i % labels.length]!));
  await measure('build + renderLabelPdf (parcel)', count, async (i) => {
    const result = buildLabelData({ ...pick(i), piece: 'parcel' });
    return result.ok ? renderLabelPdf(result.label) : null;
  });
}

void main();
