import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors';
import {
  checkDifferencing,
  suppressGenreRegionMonth,
  suppressTable,
  suppressTableConsistentWith,
  type SuppressTableInput,
} from '../../../core/privacy';
import { computableCubeEntries, computableEntries, publishedEarlier, singleUnknownLines } from './suppression-oracle';

const GENRES = ['Action', 'Comedy', 'Horror'];
const REGIONS = ['West', 'East', 'South'];

describe('primary suppression: no group smaller than k reaches a partner', () => {
  it('withholds a count of 3 and publishes the rest of a table that needs no more', () => {
    // A 2x2 block is the least that hides one cell: 3 + its row, column and opposite partners.
    const table = suppressTable({ rows: GENRES, cols: REGIONS, counts: [[25, 3, 40], [30, 22, 18], [12, 0, 50]], strategy: 'fewest' });
    expect(table.cells).toEqual([[null, null, 40], [null, null, 18], [12, 0, 50]]);
    expect(table.rowTotals).toEqual([68, 70, 62]);
    expect(table.colTotals).toEqual([67, 25, 108]);
    expect(table.grandTotal).toBe(200);
    expect(table.suppressed).toEqual([
      { row: 0, col: 0, reason: 'complementary' },
      { row: 0, col: 1, reason: 'primary' },
      { row: 1, col: 0, reason: 'complementary' },
      { row: 1, col: 1, reason: 'complementary' },
    ]);
  });

  it('by default pairs each withheld entry with the smallest published one of its line', () => {
    const table = suppressTable({ rows: ['Action', 'Comedy'], cols: REGIONS, counts: [[3, 40, 25], [50, 60, 30]] });
    // Row 0: 3 is primary, 25 is the smallest partner; columns 0 and 2 then take their smallest: 50 and 30.
    expect(table.cells).toEqual([[null, 40, null], [null, 60, null]]);
    expect(table.suppressed.map((s) => [s.row, s.col, s.reason])).toEqual([
      [0, 0, 'primary'], [0, 2, 'complementary'], [1, 0, 'complementary'], [1, 2, 'complementary'],
    ]);
  });

  it('publishes zeros: nobody is not a person', () => {
    const table = suppressTable({ rows: GENRES, cols: REGIONS, counts: [[0, 0, 40], [30, 0, 18], [12, 0, 50]] });
    expect(table.suppressed).toEqual([]);
    expect(table.cells[0]).toEqual([0, 0, 40]);
  });

  it('withholds totals below k too, and whatever would give them away', () => {
    const table = suppressTable({ rows: ['Documentary', 'Drama'], cols: ['West', 'East'], counts: [[2, 3], [40, 60]] });
    expect(table.rowTotals[0]).toBeNull();
    expect(table.cells[0]).toEqual([null, null]);
    expect(computableEntries(table)).toEqual([]);
    expect(singleUnknownLines(table)).toEqual([]);
  });

  it('takes k from the report (default 10)', () => {
    const counts = [[12, 30], [40, 50]];
    expect(suppressTable({ rows: ['A', 'B'], cols: ['W', 'E'], counts }).suppressed).toEqual([]);
    expect(suppressTable({ rows: ['A', 'B'], cols: ['W', 'E'], counts, k: 20 }).cells[0]![0]).toBeNull();
  });

  it('a single row still hides its small cell', () => {
    const table = suppressTable({ rows: ['All genres'], cols: ['West', 'East', 'South'], counts: [[4, 30, 50]] });
    expect(table.cells[0]![0]).toBeNull();
    expect(table.colTotals[0]).toBeNull();
    expect(computableEntries(table)).toEqual([]);
  });
});

describe('complementary suppression: what is withheld cannot be worked out', () => {
  it('closes a chain that every line rule passes but combining lines would open', () => {
    // Two 2x2 blocks joined by one cell: every row and column has 0 or 2+ withheld
    // entries, yet the joining cell is (its row total) - (its block's row and column sums).
    const counts = Array.from({ length: 4 }, () => [50, 60, 70, 80]);
    const forced = [[0, 0], [0, 1], [1, 0], [1, 1], [2, 2], [2, 3], [3, 2], [3, 3], [0, 2]].map(([row, col]) => ({ row: row!, col: col! }));
    const table = suppressTable({ rows: ['a', 'b', 'c', 'd'], cols: ['w', 'x', 'y', 'z'], counts, forced });
    expect(singleUnknownLines(table)).toEqual([]);
    expect(computableEntries(table)).toEqual([]);
    expect(table.suppressed.length).toBeGreaterThan(forced.length);
  });

  it('withholding the smallest partner one line at a time costs more cells than closing blocks', () => {
    const input: SuppressTableInput = { rows: GENRES, cols: REGIONS, counts: [[25, 3, 40], [30, 22, 18], [12, 0, 50]] };
    const smallest = suppressTable(input);
    const fewest = suppressTable({ ...input, strategy: 'fewest' });
    expect(fewest.suppressed.length).toBeLessThan(smallest.suppressed.length);
    for (const table of [smallest, fewest]) expect(computableEntries(table)).toEqual([]);
  });
});

describe('input', () => {
  it('rejects ragged or impossible counts with a message a person can act on', () => {
    const bad: unknown[] = [
      { rows: ['a'], cols: ['x', 'y'], counts: [[1]] },
      { rows: ['a'], cols: ['x'], counts: [[-1]] },
      { rows: ['a'], cols: ['x'], counts: [[1.5]] },
      { rows: ['a', 'b'], cols: ['x'], counts: [[1]] },
      { rows: ['a'], cols: ['x'], counts: [[1]], k: 0 },
      { rows: ['a'], cols: ['x'], counts: [[1]], forced: [{ row: 3, col: 0 }] },
    ];
    for (const input of bad) {
      const error = (() => {
        try {
          suppressTable(input as SuppressTableInput);
        } catch (e) {
          return e;
        }
        return null;
      })();
      expect(error).toBeInstanceOf(AppError);
      expect((error as AppError).code).toBe('INVALID_INPUT');
    }
  });
});

describe('differences between reports', () => {
  const rows = ['Action', 'Comedy'];
  const cols = ['West', 'East'];
  const marchCounts = [[40, 55], [62, 70]];
  const march = { counts: marchCounts, table: suppressTable({ rows, cols, counts: marchCounts }) };

  it('flags two published counts whose difference is a small group', () => {
    // The April report adds three Action renters in the West: 43 vs 40 points at them.
    const aprilCounts = [[43, 55], [62, 70]];
    const april = { counts: aprilCounts, table: suppressTable({ rows, cols, counts: aprilCounts }) };
    expect(april.table.suppressed).toEqual([]);
    const issues = checkDifferencing(march, april);
    expect(issues).toContainEqual({ entry: { row: 'Action', col: 'West' }, difference: 3, reason: 'small-difference' });
    expect(issues).toContainEqual({ entry: { row: null, col: null }, difference: 3, reason: 'small-difference' });
  });

  it('flags a difference that equals a count the other report withheld', () => {
    // Adding a Horror row: the East total grows by exactly the withheld Horror/East count.
    const withHorror = [[40, 55], [62, 70], [4, 12]];
    const next = { counts: withHorror, table: suppressTable({ rows: [...rows, 'Horror'], cols, counts: withHorror }) };
    expect(next.table.cells[2]).toEqual([null, null]);
    const issues = checkDifferencing(march, next);
    expect(issues).toContainEqual({ entry: { row: null, col: 'East' }, difference: 12, reason: 'equals-suppressed' });
    expect(issues).toContainEqual({ entry: { row: null, col: 'West' }, difference: 4, reason: 'small-difference' });
  });

  it('suppresses a new report so that, read with the old one, it gives nobody away', () => {
    const withHorror = [[40, 55], [62, 70], [4, 12]];
    const table = suppressTableConsistentWith({ rows: [...rows, 'Horror'], cols, counts: withHorror }, [march]);
    expect(checkDifferencing(march, { counts: withHorror, table })).toEqual([]);
    // March published the region totals; April's would differ from them by exactly the Horror counts.
    expect(table.colTotals).toEqual([null, null]);
    // Entries March published with the same value are public; they cannot be what hides Horror.
    const known = publishedEarlier(march, { rows: [...rows, 'Horror'], cols, counts: withHorror });
    expect(known).toEqual(new Set(['0,0', '0,1', '0,2', '1,0', '1,1', '1,2']));
    expect(computableEntries(table, known)).toEqual([]);
  });

  it('does not count on an entry the old report already published to hide a new small one', () => {
    const janCounts = [[20, 90], [35, 80]];
    const jan = { counts: janCounts, table: suppressTable({ rows, cols, counts: janCounts }) };
    // February: the same except one new small group, Comedy/East 80 -> 80 + a new column "South" of 5.
    const febCols = [...cols, 'South'];
    const febCounts = [[20, 90, 0], [35, 80, 5]];
    const naive = suppressTable({ rows, cols: febCols, counts: febCounts });
    const consistent = suppressTableConsistentWith({ rows, cols: febCols, counts: febCounts }, [jan]);
    const knownFromJan = publishedEarlier(jan, { rows, cols: febCols, counts: febCounts });
    // The naive table hides South with Comedy/West (35), which January published: South is computable.
    expect(computableEntries(naive, knownFromJan).length).toBeGreaterThan(0);
    expect(computableEntries(consistent, knownFromJan)).toEqual([]);
  });

  it('hides a withheld entry behind a chain of entries when every entry that would pair with it is already public', () => {
    // Found by the property test (k = 2). The new report adds a row; the column
    // totals it changes are withheld, and Horror 4 / Region 5 (11) is then tied
    // to its neighbours only through itself. Every single entry that would close
    // a cycle through it was published, with the same value, by the old report.
    const genres = ['g0', 'g1', 'g2', 'g3', 'g4', 'g5'];
    const regions = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
    const before = [[7, 1, 0, 0, 57, 225], [17, 15, 14, 4, 144, 12], [0, 9, 7, 12, 11, 0], [14, 46, 78, 1, 1, 12], [13, 3, 4, 0, 15, 11], [0, 31, 196, 0, 0, 16]];
    const earlier = { counts: before, table: suppressTable({ rows: genres, cols: regions, counts: before, k: 2 }) };
    const next = { rows: [...genres, 'g6'], cols: regions, counts: [...before, [0, 0, 0, 4, 4, 11]], k: 2 };
    const table = suppressTableConsistentWith(next, [earlier]);
    expect(table.cells[4]![5]).toBeNull();
    expect(table.colTotals[5]).toBeNull();
    expect(computableEntries(table, publishedEarlier(earlier, next))).toEqual([]);
    expect(checkDifferencing(earlier, { counts: next.counts, table }, 2)).toEqual([]);
  });

  it('refuses a report whose small group follows from what is already public, rather than publish it', () => {
    // Everything around Action/West (3) is public already: nothing left to withhold can hide it.
    const counts = [[3, 40], [50, 60]];
    const known = [
      { row: 0, col: 1 }, { row: 1, col: 0 }, { row: 1, col: 1 },
      { row: 0, col: 'total' }, { row: 1, col: 'total' }, { row: 'total', col: 0 }, { row: 'total', col: 1 }, { row: 'total', col: 'total' },
    ] as const;
    expect(() => suppressTable({ rows, cols, counts, known: [...known] })).toThrow(
      expect.objectContaining({ code: 'CONFLICT', reason: 'REPORT_NOT_PROTECTABLE' }),
    );
  });
});

describe('genre x region x month', () => {
  const months = ['2004-01', '2004-02', '2004-03'];
  const counts = [
    [[20, 15, 3], [30, 30, 30]],
    [[12, 12, 12], [5, 40, 40]],
    [[50, 50, 50], [50, 50, 50]],
  ];
  const report = suppressGenreRegionMonth({ genres: GENRES, regions: ['West', 'East'], months, counts });

  it('gives one table per month and one over all months', () => {
    expect(report.byMonth.map((m) => m.month)).toEqual(months);
    expect(report.byMonth[1]!.table.cells).toEqual([[15, 30], [12, 40], [50, 50]]);
    expect(report.allMonths.cells).toEqual([[38, 90], [36, 85], [150, 150]]);
  });

  it('hides the small monthly counts in their month', () => {
    expect(report.byMonth[2]!.table.cells[0]![0]).toBeNull();
    expect(report.byMonth[0]!.table.cells[1]![1]).toBeNull();
  });

  it('leaves no month recoverable from the all-months table and the other months', () => {
    expect(computableCubeEntries({ k: report.k, layers: report.byMonth.map((m) => ({ layer: m.month, table: m.table })), acrossLayers: report.allMonths })).toEqual([]);
  });

  it('withholds a month when the year total minus the other months would give it away', () => {
    // Only March is small for Action/West; the year total (40) minus January and February would show it.
    const single = suppressGenreRegionMonth({
      genres: ['Action', 'Drama'],
      regions: ['West', 'East'],
      months,
      counts: [[[20, 17, 3], [60, 60, 60]], [[80, 80, 80], [90, 90, 90]]],
    });
    const actionWest = [...single.byMonth.map((m) => m.table.cells[0]![0]), single.allMonths.cells[0]![0]];
    expect(actionWest.filter((v) => v === null).length).toBeGreaterThanOrEqual(2);
    expect(computableCubeEntries({ k: single.k, layers: single.byMonth.map((m) => ({ layer: m.month, table: m.table })), acrossLayers: single.allMonths })).toEqual([]);
  });
});

describe('a full partner report', () => {
  it('suppresses 17 genres x 6 regions x 12 months quickly and leaves nothing computable', () => {
    let seed = 7;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const counts = Array.from({ length: 17 }, () => Array.from({ length: 6 }, () => Array.from({ length: 12 }, () => {
      const x = random();
      return x < 0.15 ? 0 : x < 0.35 ? Math.floor(random() * 10) : Math.floor(random() * 400);
    })));
    const started = performance.now();
    const report = suppressGenreRegionMonth({
      genres: counts.map((_, g) => `genre ${g}`),
      regions: counts[0]!.map((_, r) => `region ${r}`),
      months: counts[0]![0]!.map((_, m) => `2004-${String(m + 1).padStart(2, '0')}`),
      counts,
    });
    expect(performance.now() - started).toBeLessThan(5_000);
    const tables = [...report.byMonth.map((m) => m.table), report.allMonths];
    for (const t of tables) expect(singleUnknownLines(t)).toEqual([]);
    expect(computableCubeEntries({ k: report.k, layers: report.byMonth.map((m) => ({ layer: m.month, table: m.table })), acrossLayers: report.allMonths })).toEqual([]);
  });
});
