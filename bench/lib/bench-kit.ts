/**
 * The benchmark convention (README § Benchmarks): every `npm run bench:*`
 * prints human-readable lines as it goes, then ends with exactly one JSON line
 * `{"bench":"<name>", ...figures, "machine": {...}}` that scripts can parse.
 * Targets are checked here and reported, never asserted in unit tests: these
 * machines are noisy.
 */
import { cpus, totalmem } from 'node:os';

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
  return { cpus: cpu.length, cpu: cpu[0]?.model ?? 'unknown', memGb: round(totalmem() / 2 ** 30, 1), node: process.version, platform: process.platform };
}

export interface Target {
  name: string;
  value: number;
  limit: number;
}

/** Prints the target table and the final JSON line. Exit code stays 0: a missed target is a finding to report, not a crash. */
export function report(bench: string, figures: Record<string, unknown>, targets: Target[]): void {
  for (const t of targets) {
    console.log(`${t.value <= t.limit ? 'MET   ' : 'MISSED'} ${t.name}: ${t.value} (target <= ${t.limit})`);
  }
  const met = targets.filter((t) => t.value <= t.limit).length;
  console.log(JSON.stringify({ bench, ...figures, targets_met: `${met}/${targets.length}`, machine: machine() }));
}
