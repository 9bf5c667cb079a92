import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SHARED_TABLES } from '../../core/data/tables';
import type { DemoData } from '../../core/demo/generate';
import { summarizeDemo } from '../../core/demo/summary';
import { demoFor, DEMO_NOW, rowsOf } from './helpers';

function tableHash(demo: DemoData, table: Parameters<DemoData['rows']>[0]): string {
  const hash = createHash('sha256');
  for (const row of demo.rows(table)) hash.update(JSON.stringify(row)).update('\n');
  return hash.digest('hex');
}

describe('demo data is reproducible', () => {
  it('gives byte-identical rows in every table for the same seed and day', () => {
    const a = demoFor('small');
    const b = demoFor('small');
    for (const table of a.tables) expect(tableHash(b, table), table).toBe(tableHash(a, table));
  });

  it('gives different customers, shipments and discs for another seed', () => {
    const a = demoFor('small');
    const b = demoFor('small', { seed: 8 });
    for (const table of ['customers', 'addresses', 'shipments', 'discs', 'consent_events'] as const) {
      expect(tableHash(b, table), table).not.toBe(tableHash(a, table));
    }
  });

  it('moves with the chosen "today": the packing queue is always due in the next days', () => {
    const later = new Date(DEMO_NOW.getTime() + 30 * 86_400_000);
    const allocated = rowsOf(demoFor('small', { now: later }), 'shipments').filter((s) => s.status === 'allocated');
    expect(allocated.length).toBeGreaterThan(0);
    for (const s of allocated) {
      expect(Date.parse(s.ship_by)).toBeGreaterThan(later.getTime());
      expect(Date.parse(s.ship_by)).toBeLessThanOrEqual(later.getTime() + 3 * 86_400_000);
    }
  });
});

describe('demo rows match the shared tables', () => {
  const demo = demoFor('small');

  it('carry exactly the columns of SHARED_TABLES', () => {
    for (const table of demo.tables) {
      const spec = SHARED_TABLES.find((t) => t.name === table)!;
      const expected = spec.columns.map((c) => c.name).sort();
      const first = demo.rows(table).next().value;
      expect(first, table).toBeDefined();
      expect(Object.keys(first!).sort(), table).toEqual(expected);
    }
  });

  it('announce their exact counts before generating (progress bars rely on it)', () => {
    const summary = summarizeDemo(demo);
    for (const table of demo.tables) expect(rowsOf(demo, table).length, table).toBe(summary.counts[table]);
    expect(summary.counts.customers).toBe(50);
    expect(summary.counts.shipments).toBe(400);
  });

  it('come in batches no larger than asked for', () => {
    const sizes = [...demo.batches('shipments', 64)].map((b) => b.length);
    expect(Math.max(...sizes)).toBe(64);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(400);
  });

  it('include only reference data in the empty scenario', () => {
    const empty = summarizeDemo(demoFor('empty')).counts;
    expect(empty.distribution_centers).toBeGreaterThanOrEqual(3);
    expect(empty.staff).toBeGreaterThanOrEqual(4);
    const rest = Object.entries(empty).filter(([t]) => t !== 'distribution_centers' && t !== 'staff');
    expect(rest.every(([, n]) => n === 0)).toBe(true);
  });

  it('rejects shipments without customers', () => {
    expect(() => demoFor('empty', { shipments: 10 })).toThrow(/customer/i);
  });
});
