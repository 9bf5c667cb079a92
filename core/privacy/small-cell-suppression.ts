/**
 * Small-cell suppression for the aggregate reports given to partners.
 *
 * policy: "We also provide analyses of our users in the aggregate to
 * prospective partners, advertisers and other third parties. ... At no time,
 * however, will we disclose personal information about specific users."
 *
 * A count of 3 horror renters in one region in one month points at three
 * households, so every count (cell or total) with 0 < count < k is withheld
 * (primary suppression; k = 10 unless the report asks for more). Withholding
 * is only worth something if the count cannot be worked back out, so:
 * - within one report, more entries are withheld until no withheld value
 *   follows from the published ones (complementary suppression, see
 *   suppression-lattice.ts): not by subtracting a line from its total, and
 *   not by combining several lines either;
 * - across reports, `checkDifferencing` compares a new report with ones
 *   already released: two published counts for the same row and column whose
 *   difference is a small group (0 < d < k) or equals a withheld count give
 *   that group away, and `suppressTableConsistentWith` withholds the entry in
 *   the new report instead. Entries the earlier report already published with
 *   the same value are treated as public, so they are never relied on to hide
 *   anything.
 * Zeros are published: "nobody" describes no one, and a withheld zero would
 * cost usefulness without protecting a person.
 */
import { z } from 'zod';
import { AppError } from '../errors';
import { buildLattice, protect, type ComplementStrategy, type SuppressionReason } from './suppression-lattice';

export type { ComplementStrategy, SuppressionReason } from './suppression-lattice';

export const DEFAULT_MIN_GROUP_SIZE = 10;

/** An index into rows or columns, or the line of totals. */
export type TableIndex = number | 'total';

export interface TableEntryRef {
  readonly row: TableIndex;
  readonly col: TableIndex;
}

export interface SuppressedEntry extends TableEntryRef {
  readonly reason: SuppressionReason;
}

export interface SuppressTableInput {
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  /** counts[row][col]: non-negative whole numbers. */
  readonly counts: readonly (readonly number[])[];
  /** Smallest group that may be published (default 10). */
  readonly k?: number;
  /** Entries to withhold whatever their size (from `checkDifferencing`). */
  readonly forced?: readonly TableEntryRef[];
  /** Entries already public in an earlier release with this same value. */
  readonly known?: readonly TableEntryRef[];
  /** How complementary entries are picked (default 'smallest'); see ComplementStrategy. */
  readonly strategy?: ComplementStrategy;
}

/** The publishable table: null where a value is withheld. */
export interface SuppressedTable {
  readonly rows: string[];
  readonly cols: string[];
  readonly k: number;
  readonly cells: (number | null)[][];
  readonly rowTotals: (number | null)[];
  readonly colTotals: (number | null)[];
  readonly grandTotal: number | null;
  /** Row-major, totals last in each row and the totals row last. */
  readonly suppressed: SuppressedEntry[];
}

const Count = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);
const Index = z.union([z.number().int().nonnegative(), z.literal('total')]);
const EntryRef = z.object({ row: Index, col: Index });
const Strategy = z.enum(['smallest', 'fewest']);

export const SuppressTableInputSchema = z
  .object({
    rows: z.array(z.string()).min(1),
    cols: z.array(z.string()).min(1),
    counts: z.array(z.array(Count)),
    k: z.number().int().min(1).optional(),
    forced: z.array(EntryRef).optional(),
    known: z.array(EntryRef).optional(),
    strategy: Strategy.optional(),
  })
  .superRefine((input, ctx) => {
    if (input.counts.length !== input.rows.length) {
      ctx.addIssue({ code: 'custom', path: ['counts'], message: `expected ${input.rows.length} rows of counts, got ${input.counts.length}` });
    }
    input.counts.forEach((row, i) => {
      if (row.length !== input.cols.length) {
        ctx.addIssue({ code: 'custom', path: ['counts', i], message: `expected ${input.cols.length} counts, got ${row.length}` });
      }
    });
    for (const key of ['forced', 'known'] as const) {
      input[key]?.forEach((ref, i) => {
        if ((ref.row !== 'total' && ref.row >= input.rows.length) || (ref.col !== 'total' && ref.col >= input.cols.length)) {
          ctx.addIssue({ code: 'custom', path: [key, i], message: 'entry is outside the table' });
        }
      });
    }
  });

function parse<T>(schema: z.ZodType<T>, input: unknown, what: string): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError(
    'INVALID_INPUT',
    `The ${what} input is not valid: ${result.error.issues[0]?.message ?? 'invalid'}`,
    result.error.issues.map((issue) => ({ field: issue.path.join('.'), message: issue.message })),
  );
}

function entryIndex(ref: TableEntryRef, rowCount: number, colCount: number): number {
  const row = ref.row === 'total' ? rowCount : ref.row;
  const col = ref.col === 'total' ? colCount : ref.col;
  return row * (colCount + 1) + col;
}

/** Withhold small counts and whatever would give them away; see the file comment. */
export function suppressTable(input: SuppressTableInput): SuppressedTable {
  const valid = parse(SuppressTableInputSchema, input, 'suppressTable');
  const k = valid.k ?? DEFAULT_MIN_GROUP_SIZE;
  const r = valid.rows.length;
  const c = valid.cols.length;
  const lattice = buildLattice([r, c], ([i, j]) => valid.counts[i!]![j!]!);
  const reasons = protect(lattice, {
    k,
    ...(valid.strategy === undefined ? {} : { strategy: valid.strategy }),
    forced: new Set((valid.forced ?? []).map((ref) => entryIndex(ref, r, c))),
    known: new Set((valid.known ?? []).map((ref) => entryIndex(ref, r, c))),
  });
  const at = (i: number, j: number) => (reasons.has(i * (c + 1) + j) ? null : lattice.values[i * (c + 1) + j]!);
  const suppressed: SuppressedEntry[] = [...reasons.entries()]
    .sort(([a], [b]) => a - b)
    .map(([index, reason]) => {
      const i = Math.floor(index / (c + 1));
      const j = index % (c + 1);
      return { row: i === r ? 'total' : i, col: j === c ? 'total' : j, reason };
    });
  return {
    rows: [...valid.rows],
    cols: [...valid.cols],
    k,
    cells: Array.from({ length: r }, (_, i) => Array.from({ length: c }, (_, j) => at(i, j))),
    rowTotals: Array.from({ length: r }, (_, i) => at(i, c)),
    colTotals: Array.from({ length: c }, (_, j) => at(r, j)),
    grandTotal: at(r, c),
    suppressed,
  };
}

// ---------------------------------------------------------------------------
// Three dimensions: rows x cols x layers (genre x region x month).

export interface SuppressCubeInput {
  readonly rows: readonly string[];
  readonly cols: readonly string[];
  readonly layers: readonly string[];
  /** counts[row][col][layer]. */
  readonly counts: readonly (readonly (readonly number[])[])[];
  readonly k?: number;
  readonly strategy?: ComplementStrategy;
}

export interface SuppressedCube {
  readonly k: number;
  /** One table per layer (per month), each with its own totals. */
  readonly layers: { readonly layer: string; readonly table: SuppressedTable }[];
  /** The rows x cols table summed over all layers (genre x region over the whole period). */
  readonly acrossLayers: SuppressedTable;
}

export const SuppressCubeInputSchema = z
  .object({
    rows: z.array(z.string()).min(1),
    cols: z.array(z.string()).min(1),
    layers: z.array(z.string()).min(1),
    counts: z.array(z.array(z.array(Count))),
    k: z.number().int().min(1).optional(),
    strategy: Strategy.optional(),
  })
  .superRefine((input, ctx) => {
    const shapeOk = input.counts.length === input.rows.length
      && input.counts.every((row) => row.length === input.cols.length && row.every((cell) => cell.length === input.layers.length));
    if (!shapeOk) {
      ctx.addIssue({ code: 'custom', path: ['counts'], message: `counts must be ${input.rows.length} x ${input.cols.length} x ${input.layers.length}` });
    }
  });

/**
 * The monthly tables and the all-months table are one report as far as a
 * reader is concerned: a genre x region count over the year minus eleven
 * published months is the twelfth. So they are protected together, as one
 * three-way table whose lines run along genres, regions and months, and then
 * cut into the per-month and all-months tables.
 */
export function suppressCube(input: SuppressCubeInput): SuppressedCube {
  const valid = parse(SuppressCubeInputSchema, input, 'suppressCube');
  const k = valid.k ?? DEFAULT_MIN_GROUP_SIZE;
  const dims = [valid.rows.length, valid.cols.length, valid.layers.length];
  const lattice = buildLattice(dims, ([i, j, m]) => valid.counts[i!]![j!]![m!]!);
  const reasons = protect(lattice, { k, ...(valid.strategy === undefined ? {} : { strategy: valid.strategy }) });
  const [rn, cn, ln] = dims as [number, number, number];
  const index = (i: number, j: number, m: number) => (i * (cn + 1) + j) * (ln + 1) + m;
  const slice = (m: number): SuppressedTable => {
    const at = (i: number, j: number) => (reasons.has(index(i, j, m)) ? null : lattice.values[index(i, j, m)]!);
    const suppressed: SuppressedEntry[] = [];
    for (let i = 0; i <= rn; i++) {
      for (let j = 0; j <= cn; j++) {
        const reason = reasons.get(index(i, j, m));
        if (reason) suppressed.push({ row: i === rn ? 'total' : i, col: j === cn ? 'total' : j, reason });
      }
    }
    return {
      rows: [...valid.rows],
      cols: [...valid.cols],
      k,
      cells: Array.from({ length: rn }, (_, i) => Array.from({ length: cn }, (_, j) => at(i, j))),
      rowTotals: Array.from({ length: rn }, (_, i) => at(i, cn)),
      colTotals: Array.from({ length: cn }, (_, j) => at(rn, j)),
      grandTotal: at(rn, cn),
      suppressed,
    };
  };
  return {
    k,
    layers: valid.layers.map((layer, m) => ({ layer, table: slice(m) })),
    acrossLayers: slice(ln),
  };
}

export interface GenreRegionMonthInput {
  readonly genres: readonly string[];
  readonly regions: readonly string[];
  /** "2004-03" style labels, in report order. */
  readonly months: readonly string[];
  /** counts[genre][region][month]: customers (or rentals) in each group. */
  readonly counts: readonly (readonly (readonly number[])[])[];
  readonly k?: number;
  readonly strategy?: ComplementStrategy;
}

export interface GenreRegionMonthReport {
  readonly k: number;
  readonly byMonth: { readonly month: string; readonly table: SuppressedTable }[];
  readonly allMonths: SuppressedTable;
}

/** The partner report: genre x region per month, and genre x region over all the months. */
export function suppressGenreRegionMonth(input: GenreRegionMonthInput): GenreRegionMonthReport {
  const cube = suppressCube({
    rows: input.genres,
    cols: input.regions,
    layers: input.months,
    counts: input.counts,
    ...(input.k === undefined ? {} : { k: input.k }),
    ...(input.strategy === undefined ? {} : { strategy: input.strategy }),
  });
  return {
    k: cube.k,
    byMonth: cube.layers.map(({ layer, table }) => ({ month: layer, table })),
    allMonths: cube.acrossLayers,
  };
}

// ---------------------------------------------------------------------------
// Differences between reports.

/** A table as released, with the counts it was made from (kept by us, never sent). */
export interface ReleasedTable {
  readonly counts: readonly (readonly number[])[];
  readonly table: SuppressedTable;
}

/** One entry of a report, named by its labels; null = the total over that axis. */
export interface LabelledEntry {
  readonly row: string | null;
  readonly col: string | null;
}

export interface DifferencingIssue {
  /** Entry present and published in both reports. */
  readonly entry: LabelledEntry;
  readonly difference: number;
  /** small-difference: 0 < difference < k; equals-suppressed: the difference is a withheld count of either report. */
  readonly reason: 'small-difference' | 'equals-suppressed';
}

interface Labelled {
  readonly entry: LabelledEntry;
  readonly value: number;
  readonly published: boolean;
}

function labelledEntries(released: ReleasedTable): Map<string, Labelled> {
  const { table, counts } = released;
  const out = new Map<string, Labelled>();
  const rowTotals = counts.map((row) => row.reduce((a, b) => a + b, 0));
  const colTotals = table.cols.map((_, j) => counts.reduce((a, row) => a + (row[j] ?? 0), 0));
  const grand = rowTotals.reduce((a, b) => a + b, 0);
  const add = (row: string | null, col: string | null, value: number, published: number | null) => {
    out.set(JSON.stringify([row, col]), { entry: { row, col }, value, published: published !== null });
  };
  table.rows.forEach((rowLabel, i) => {
    table.cols.forEach((colLabel, j) => add(rowLabel, colLabel, counts[i]![j]!, table.cells[i]![j]!));
    add(rowLabel, null, rowTotals[i]!, table.rowTotals[i]!);
  });
  table.cols.forEach((colLabel, j) => add(null, colLabel, colTotals[j]!, table.colTotals[j]!));
  add(null, null, grand, table.grandTotal);
  return out;
}

/**
 * Pairs of published entries, one in each report, with the same row and
 * column labels, whose difference gives a small group away. Reports of
 * overlapping populations (this month vs. last, all customers vs. customers
 * who joined before March) share labels; their difference is a group of
 * customers in its own right and must be k or more, and must not be a count
 * one of the reports withheld. Entries with different labels are not
 * compared: they have no known relation.
 */
export function checkDifferencing(a: ReleasedTable, b: ReleasedTable, k = Math.max(a.table.k, b.table.k)): DifferencingIssue[] {
  const left = labelledEntries(a);
  const right = labelledEntries(b);
  const withheld = new Set<number>();
  for (const entries of [left, right]) for (const e of entries.values()) if (!e.published && e.value > 0) withheld.add(e.value);
  const issues: DifferencingIssue[] = [];
  for (const [key, x] of left) {
    const y = right.get(key);
    if (!y || !x.published || !y.published) continue;
    const difference = Math.abs(x.value - y.value);
    if (difference === 0) continue;
    if (difference < k) issues.push({ entry: x.entry, difference, reason: 'small-difference' });
    else if (withheld.has(difference)) issues.push({ entry: x.entry, difference, reason: 'equals-suppressed' });
  }
  return issues;
}

function refOf(entry: LabelledEntry, rows: readonly string[], cols: readonly string[]): TableEntryRef | null {
  const row = entry.row === null ? 'total' : rows.indexOf(entry.row);
  const col = entry.col === null ? 'total' : cols.indexOf(entry.col);
  return row === -1 || col === -1 ? null : { row, col };
}

/**
 * Suppress a new report so that, read together with reports already
 * released, it still gives no small group away: entries flagged by
 * `checkDifferencing` are withheld in the new report (the old one is out),
 * and entries the old report published with the same value are not counted
 * on to hide anything. Repeats until no issue remains; each round only adds
 * withheld entries, so it ends.
 */
export function suppressTableConsistentWith(input: SuppressTableInput, released: readonly ReleasedTable[]): SuppressedTable {
  const k = input.k ?? DEFAULT_MIN_GROUP_SIZE;
  const ownRows = input.rows;
  const ownCols = input.cols;
  const draft: ReleasedTable = { counts: input.counts, table: suppressTable({ ...input, k }) };
  const mine = labelledEntries(draft);
  const known: TableEntryRef[] = [...(input.known ?? [])];
  for (const earlier of released) {
    for (const [key, e] of labelledEntries(earlier)) {
      const own = mine.get(key);
      if (e.published && own && own.value === e.value) {
        const ref = refOf(own.entry, ownRows, ownCols);
        if (ref) known.push(ref);
      }
    }
  }
  const forced: TableEntryRef[] = [...(input.forced ?? [])];
  const forcedKeys = new Set(forced.map((ref) => JSON.stringify(ref)));
  const limit = (ownRows.length + 1) * (ownCols.length + 1) + 1;
  for (let round = 0; round < limit; round++) {
    const table = suppressTable({ ...input, k, forced, known });
    const issues = released.flatMap((earlier) => checkDifferencing(earlier, { counts: input.counts, table }, k));
    let added = 0;
    for (const issue of issues) {
      const ref = refOf(issue.entry, ownRows, ownCols);
      if (!ref || forcedKeys.has(JSON.stringify(ref))) continue;
      forcedKeys.add(JSON.stringify(ref));
      forced.push(ref);
      added++;
    }
    if (added === 0) return table;
  }
  throw new AppError('INTERNAL', 'Differencing suppression did not settle.');
}
