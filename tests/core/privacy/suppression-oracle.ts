/**
 * An independent judge of a suppressed report: what a reader can compute
 * from what was published. Written from the published tables only (not the
 * engine's lattice), solved exactly over the rationals with BigInt.
 */
import type { SuppressedCube, SuppressedTable } from '../../../core/privacy';

/** An equation over withheld entries: sum of coef * unknown = (known constant, not needed here). */
type Equation = Map<number, bigint>;

/** Entry of one 2-D table as published, with the (i, j) of its place; totals at index rows/cols. */
function augmented(table: SuppressedTable): (number | null)[][] {
  const r = table.rows.length;
  const out: (number | null)[][] = [];
  for (let i = 0; i < r; i++) out.push([...table.cells[i]!, table.rowTotals[i]!]);
  out.push([...table.colTotals, table.grandTotal]);
  return out;
}

/** Indices of unknowns whose value is fixed by the equations (unit vector in the row space). */
export function determinedUnknowns(equations: readonly Equation[], unknownCount: number): number[] {
  const rows = equations.map((e) => new Map(e)).filter((e) => e.size > 0);
  const gcd = (a: bigint, b: bigint): bigint => {
    let x = a < 0n ? -a : a;
    let y = b < 0n ? -b : b;
    while (y !== 0n) [x, y] = [y, x % y];
    return x;
  };
  const normalize = (row: Map<number, bigint>) => {
    let g = 0n;
    for (const v of row.values()) g = gcd(g, v);
    if (g > 1n) for (const [k, v] of row) row.set(k, v / g);
  };
  const pivotOf = new Map<number, Map<number, bigint>>();
  for (let col = 0; col < unknownCount; col++) {
    const index = rows.findIndex((row) => (row.get(col) ?? 0n) !== 0n);
    if (index < 0) continue;
    const pivot = rows.splice(index, 1)[0]!;
    const eliminate = (row: Map<number, bigint>) => {
      const a = row.get(col) ?? 0n;
      if (a === 0n) return;
      const p = pivot.get(col)!;
      // row := p * row - a * pivot, which zeroes column `col`.
      const next = new Map<number, bigint>();
      for (const [k, v] of row) next.set(k, v * p);
      for (const [k, v] of pivot) next.set(k, (next.get(k) ?? 0n) - a * v);
      row.clear();
      for (const [k, v] of next) if (v !== 0n) row.set(k, v);
      normalize(row);
    };
    rows.forEach(eliminate);
    for (const other of pivotOf.values()) eliminate(other);
    pivotOf.set(col, pivot);
  }
  return [...pivotOf.entries()].filter(([, row]) => row.size === 1).map(([col]) => col);
}

/**
 * Withheld entries of a 2-D table that a reader can compute exactly:
 * [row, col], totals at index rows/cols length. `alreadyKnown` ("i,j") are
 * withheld here but public elsewhere (an earlier report): not unknowns.
 */
export function computableEntries(table: SuppressedTable, alreadyKnown: ReadonlySet<string> = new Set()): [number, number][] {
  const grid = augmented(table);
  const unknown = new Map<string, number>();
  const places: [number, number][] = [];
  grid.forEach((row, i) => row.forEach((v, j) => {
    if (v === null && !alreadyKnown.has(`${i},${j}`)) {
      unknown.set(`${i},${j}`, places.length);
      places.push([i, j]);
    }
  }));
  const equations: Equation[] = [];
  const r = grid.length - 1;
  const c = grid[0]!.length - 1;
  for (let i = 0; i <= r; i++) {
    const e: Equation = new Map();
    for (let j = 0; j <= c; j++) {
      const u = unknown.get(`${i},${j}`);
      if (u !== undefined) e.set(u, j === c ? -1n : 1n);
    }
    equations.push(e);
  }
  for (let j = 0; j <= c; j++) {
    const e: Equation = new Map();
    for (let i = 0; i <= r; i++) {
      const u = unknown.get(`${i},${j}`);
      if (u !== undefined) e.set(u, i === r ? -1n : 1n);
    }
    equations.push(e);
  }
  return determinedUnknowns(equations, places.length).map((u) => places[u]!);
}

/** Same for a cube: the month tables and the all-months table, tied by the sums over months. */
export function computableCubeEntries(cube: SuppressedCube): [number, number, number][] {
  const grids = [...cube.layers.map((l) => augmented(l.table)), augmented(cube.acrossLayers)];
  const unknown = new Map<string, number>();
  const places: [number, number, number][] = [];
  grids.forEach((grid, m) => grid.forEach((row, i) => row.forEach((v, j) => {
    if (v === null) {
      unknown.set(`${i},${j},${m}`, places.length);
      places.push([i, j, m]);
    }
  })));
  const r = grids[0]!.length - 1;
  const c = grids[0]![0]!.length - 1;
  const l = grids.length - 1;
  const equations: Equation[] = [];
  const line = (entries: [number, number, number][]) => {
    const e: Equation = new Map();
    entries.forEach((entry, k) => {
      const u = unknown.get(entry.join(','));
      if (u !== undefined) e.set(u, k === entries.length - 1 ? -1n : 1n);
    });
    equations.push(e);
  };
  const range = (n: number) => Array.from({ length: n + 1 }, (_, k) => k);
  for (const m of range(l)) for (const i of range(r)) line(range(c).map((j) => [i, j, m]));
  for (const m of range(l)) for (const j of range(c)) line(range(r).map((i) => [i, j, m]));
  for (const i of range(r)) for (const j of range(c)) line(range(l).map((m) => [i, j, m]));
  return determinedUnknowns(equations, places.length).map((u) => places[u]!);
}

/** Lines (row or column, totals included) holding exactly one withheld entry: the brief's single-unknown recovery. */
export function singleUnknownLines(table: SuppressedTable): string[] {
  const grid = augmented(table);
  const out: string[] = [];
  grid.forEach((row, i) => {
    if (row.filter((v) => v === null).length === 1) out.push(`row ${i}`);
  });
  for (let j = 0; j < grid[0]!.length; j++) {
    if (grid.filter((row) => row[j] === null).length === 1) out.push(`col ${j}`);
  }
  return out;
}

/** Every published value of a table with its true value, for comparing with the input. */
export function publishedAgainstTruth(table: SuppressedTable, counts: readonly (readonly number[])[]): [number | null, number][] {
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = table.cols.map((_, j) => counts.reduce((a, row) => a + row[j]!, 0));
  const grand = rowTotals.reduce((a, b) => a + b, 0);
  const pairs: [number | null, number][] = [];
  counts.forEach((row, i) => row.forEach((v, j) => pairs.push([table.cells[i]![j]!, v])));
  rowTotals.forEach((v, i) => pairs.push([table.rowTotals[i]!, v]));
  colTotals.forEach((v, j) => pairs.push([table.colTotals[j]!, v]));
  pairs.push([table.grandTotal, grand]);
  return pairs;
}

/** Augmented true values: counts with row totals, column totals and the grand total. */
function withTotals(counts: readonly (readonly number[])[], colCount: number): number[][] {
  const grid = counts.map((row) => [...row, row.reduce((a, b) => a + b, 0)]);
  const totals = Array.from({ length: colCount + 1 }, (_, j) => grid.reduce((a, row) => a + row[j]!, 0));
  return [...grid, totals];
}

/**
 * Entries ("i,j", totals at the end) of a new report that an earlier report
 * already published with the same labels and the same value: public, whatever
 * the new report does with them.
 */
export function publishedEarlier(
  earlier: { counts: readonly (readonly number[])[]; table: SuppressedTable },
  next: { rows: readonly string[]; cols: readonly string[]; counts: readonly (readonly number[])[] },
): Set<string> {
  const before = augmented(earlier.table);
  const now = withTotals(next.counts, next.cols.length);
  const out = new Set<string>();
  const rowIn = (i: number, labels: readonly string[], other: readonly string[]) => (i === labels.length ? other.length : other.indexOf(labels[i]!));
  now.forEach((row, i) => row.forEach((value, j) => {
    const ei = rowIn(i, next.rows, earlier.table.rows);
    const ej = rowIn(j, next.cols, earlier.table.cols);
    if (ei >= 0 && ej >= 0 && before[ei]![ej] === value) out.add(`${i},${j}`);
  }));
  return out;
}
