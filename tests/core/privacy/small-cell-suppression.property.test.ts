import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  checkDifferencing,
  suppressCube,
  suppressTable,
  suppressTableConsistentWith,
  type ComplementStrategy,
  type SuppressedTable,
} from '../../../core/privacy';
import {
  computableCubeEntries,
  computableEntries,
  publishedAgainstTruth,
  publishedEarlier,
  singleUnknownLines,
} from './suppression-oracle';

/** Counts as partner reports see them: many zeros and small groups, some large ones. */
const count = fc.oneof(
  { weight: 2, arbitrary: fc.constant(0) },
  { weight: 4, arbitrary: fc.integer({ min: 1, max: 15 }) },
  { weight: 3, arbitrary: fc.integer({ min: 10, max: 300 }) },
);

const table = fc
  .tuple(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 6 }))
  .chain(([r, c]) => fc.array(fc.array(count, { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));

const k = fc.integer({ min: 2, max: 15 });
const strategy = fc.constantFrom<ComplementStrategy>('smallest', 'fewest');

function labels(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}

function suppress(counts: number[][], kValue: number, how: ComplementStrategy): SuppressedTable {
  return suppressTable({ rows: labels('g', counts.length), cols: labels('r', counts[0]!.length), counts, k: kValue, strategy: how });
}

describe('suppressTable on random tables', () => {
  it('(a) publishes no cell or total between 0 and k', () => {
    fc.assert(
      fc.property(table, k, strategy, (counts, kValue, how) => {
        for (const [published] of publishedAgainstTruth(suppress(counts, kValue, how), counts)) {
          if (published !== null) expect(published === 0 || published >= kValue).toBe(true);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('(b) leaves no row or column with a single withheld entry to subtract out', () => {
    fc.assert(
      fc.property(table, k, strategy, (counts, kValue, how) => {
        expect(singleUnknownLines(suppress(counts, kValue, how))).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('(b+) leaves no withheld entry computable by any combination of rows and columns', () => {
    fc.assert(
      fc.property(table, k, strategy, (counts, kValue, how) => {
        expect(computableEntries(suppress(counts, kValue, how))).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('(c) publishes the true value wherever it publishes one, and withholds exactly what it lists', () => {
    fc.assert(
      fc.property(table, k, strategy, (counts, kValue, how) => {
        const result = suppress(counts, kValue, how);
        const pairs = publishedAgainstTruth(result, counts);
        for (const [published, truth] of pairs) if (published !== null) expect(published).toBe(truth);
        expect(result.suppressed.length).toBe(pairs.filter(([published]) => published === null).length);
        // Primary means small; everything small is primary.
        const smallCount = pairs.filter(([, truth]) => truth > 0 && truth < kValue).length;
        expect(result.suppressed.filter((s) => s.reason === 'primary').length).toBe(smallCount);
      }),
      { numRuns: 400 },
    );
  });
});

describe('suppressCube on random cubes', () => {
  const cube = fc
    .tuple(fc.integer({ min: 1, max: 4 }), fc.integer({ min: 1, max: 3 }), fc.integer({ min: 1, max: 4 }))
    .chain(([r, c, l]) =>
      fc.array(fc.array(fc.array(count, { minLength: l, maxLength: l }), { minLength: c, maxLength: c }), { minLength: r, maxLength: r }));

  it('publishes true values only, none small, and nothing computable across months', () => {
    fc.assert(
      fc.property(cube, k, strategy, (counts, kValue, how) => {
        const result = suppressCube({
          rows: labels('g', counts.length),
          cols: labels('r', counts[0]!.length),
          layers: labels('m', counts[0]![0]!.length),
          counts,
          k: kValue,
          strategy: how,
        });
        const perLayer = result.layers.map((_, m) => counts.map((row) => row.map((cell) => cell[m]!)));
        const overall = counts.map((row) => row.map((cell) => cell.reduce((a, b) => a + b, 0)));
        [...result.layers.map((l, m) => [l.table, perLayer[m]!] as const), [result.acrossLayers, overall] as const].forEach(([t, truth]) => {
          for (const [published, value] of publishedAgainstTruth(t, truth)) {
            if (published !== null) {
              expect(published).toBe(value);
              expect(published === 0 || published >= kValue).toBe(true);
            }
          }
          expect(singleUnknownLines(t)).toEqual([]);
        });
        expect(computableCubeEntries(result)).toEqual([]);
      }),
      { numRuns: 250 },
    );
  });
});

describe('suppressTableConsistentWith on random pairs of reports', () => {
  /** Next month's table: the same groups, a few of them a little bigger or smaller, sometimes a new row. */
  const pair = table.chain((before) =>
    fc.tuple(
      fc.constant(before),
      fc.array(fc.array(fc.integer({ min: -3, max: 12 }), { minLength: before[0]!.length, maxLength: before[0]!.length }), {
        minLength: before.length,
        maxLength: before.length,
      }),
      fc.option(fc.array(count, { minLength: before[0]!.length, maxLength: before[0]!.length })),
      fc.integer({ min: 0, max: 100 }),
    ).map(([b, change, extra, keep]) => {
      const after = b.map((row, i) => row.map((v, j) => (keep < 60 ? v : Math.max(0, v + change[i]![j]!))));
      return [b, extra === null ? after : [...after, extra]] as const;
    }));

  it('leaves no small difference, and nothing computable even with the earlier report in hand', () => {
    fc.assert(
      fc.property(pair, k, (([before, after], kValue) => {
        const cols = labels('r', before[0]!.length);
        const earlier = { counts: before, table: suppressTable({ rows: labels('g', before.length), cols, counts: before, k: kValue }) };
        const next = { rows: labels('g', after.length), cols, counts: after, k: kValue };
        const result = suppressTableConsistentWith(next, [earlier]);
        expect(checkDifferencing(earlier, { counts: after, table: result }, kValue)).toEqual([]);
        expect(computableEntries(result, publishedEarlier(earlier, next))).toEqual([]);
        for (const [published, truth] of publishedAgainstTruth(result, after)) {
          if (published !== null) {
            expect(published).toBe(truth);
            expect(published === 0 || published >= kValue).toBe(true);
          }
        }
      })),
      { numRuns: 300 },
    );
  });
});
