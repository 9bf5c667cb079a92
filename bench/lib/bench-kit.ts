/**
 * The benchmark convention (README § Benchmarks): every `npm run bench:*`
 * prints human-readable lines as it goes, then ends with exactly one JSON line
 * `{"bench":"<name>", ...figures, "machine": {...}}` that scripts can parse.
 * Targets are checked here and reported, never asserted in unit tests: these
 * machines are noisy.
 */
import { cpus, loadavg, totalmem } from 'node:os';

export interface Sample {
  p50: number;
  p95: number;
  mean: number;
  n: number;
}

export function summarize(ms: number[]): Sample {
  const sorted = [...ms].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  const mean = sorted.reduce((s, x) => s + x, 0) / Math.max(1, sorted.length);
  return { p50: round(at(0.5)), p95: round(at(0.95)), mean: round(mean), n: sorted.length };
}

export function round(x: number, digits = 3): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

/** Times `fn` over each input after a warm-up, one call at a time (latency, not throughput). */
export async function timeEach<T>(inputs: readonly T[], fn: (input: T) => Promise<unknown> | unknown, warmup = Math.min(50, inputs.length)): Promise<Sample> {
  for (let i = 0; i < warmup; i++) await fn(inputs[i % inputs.length]!);
  const ms: number[] = [];
  for (const input of inputs) {
    const t0 = performance.now();
    await fn(input);
    ms.push(performance.now() - t0);
  }
  return summarize(ms);
}

/**
 * Times two implementations of the same thing (a service and its raw-driver
 * equivalent) fairly: both first see every input once (so neither pays for
 * the other's cold pages), then each input is run by both back to back, the
 * order alternating. Timing one side over all inputs and then the other lets
 * whichever runs second ride the first one's caches: at a tenth of a
 * millisecond per call, that alone moved ratios by half.
 */
export async function timePaired<T>(
  inputs: readonly T[],
  a: (input: T) => Promise<unknown> | unknown,
  b: (input: T) => Promise<unknown> | unknown,
): Promise<{ a: Sample; b: Sample }> {
  for (const input of inputs) {
    await a(input);
    await b(input);
  }
  const msA: number[] = [];
  const msB: number[] = [];
  const time = async (fn: (input: T) => Promise<unknown> | unknown, input: T, into: number[]) => {
    const t0 = performance.now();
    await fn(input);
    into.push(performance.now() - t0);
  };
  for (const [i, input] of inputs.entries()) {
    if (i % 2 === 0) {
      await time(a, input, msA);
      await time(b, input, msB);
    } else {
      await time(b, input, msB);
      await time(a, input, msA);
    }
  }
  return { a: summarize(msA), b: summarize(msB) };
}

/** Samples RSS every 50 ms so the peak of a whole run is known, not just its end. */
export function trackPeakRss(): { peakMb(): number; stop(): void } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage.rss());
  }, 50);
  timer.unref();
  return {
    peakMb: () => round(Math.max(peak, process.memoryUsage.rss()) / 2 ** 20, 1),
    stop: () => clearInterval(timer),
  };
}

export function machine() {
  const cpu = cpus();
  // The machine is shared: a figure means little without how busy it was when measured.
  const [l1, l5, l15] = loadavg().map((l) => round(l, 2));
  return { cpus: cpu.length, cpu: cpu[0]?.model ?? 'unknown', memGb: round(totalmem() / 2 ** 30, 1), node: process.version, platform: process.platform, load: { '1m': l1, '5m': l5, '15m': l15 } };
}

export interface Target {
  name: string;
  value: number;
  limit: number;
}

/** Prints the target table and the final JSON line. Exit code stays 0: a missed target is a finding to report, not a crash. */
export function report(bench: string, figures: Record<string, unknown>, targets: Target[]): void {
  for (const t of targets) {
    // A ratio to a zero target (none lost, no shortfall) means nothing: say the count instead.
    const ratio = t.limit > 0 ? `, ${round(t.value / t.limit, 2)}x of it` : '';
    console.log(`${t.value <= t.limit ? 'MET   ' : 'MISSED'} ${t.name}: ${t.value} (target <= ${t.limit}${ratio})`);
  }
  const met = targets.filter((t) => t.value <= t.limit).length;
  const m = machine();
  console.log(`load average while measured: ${m.load['1m']} / ${m.load['5m']} / ${m.load['15m']} (1, 5, 15 min) on ${m.cpus} cores`);
  const ratios = Object.fromEntries(targets.filter((t) => t.limit > 0).map((t) => [t.name, round(t.value / t.limit, 2)]));
  console.log(JSON.stringify({ bench, ...figures, targets_met: `${met}/${targets.length}`, ratios, machine: m }));
}
