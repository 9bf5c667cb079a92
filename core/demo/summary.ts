import type { DemoData } from './generate';
import type { DemoTable } from './rows';

export interface DemoSummary {
  seed: number;
  now: string;
  counts: Record<DemoTable, number>;
  totalRows: number;
}

/** What a demo data set holds, per table, without generating it. */
export function summarizeDemo(demo: DemoData): DemoSummary {
  const counts = Object.fromEntries(demo.tables.map((t) => [t, demo.count(t)])) as Record<DemoTable, number>;
  return {
    seed: demo.options.seed,
    now: demo.options.now.toISOString(),
    counts,
    totalRows: Object.values(counts).reduce((a, b) => a + b, 0),
  };
}

/** One line: `customers 2000, shipments 20000, ...` (tables with rows only). */
export function formatDemoCounts(counts: Partial<Record<DemoTable, number>>): string {
  return Object.entries(counts)
    .filter(([, n]) => n! > 0)
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
}
