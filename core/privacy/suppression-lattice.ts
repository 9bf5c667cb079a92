/**
 * The engine behind small-cell suppression: a table of counts with all its
 * totals (a "lattice": for an r x c table, (r+1) x (c+1) entries, the last
 * row and column holding the totals), the linear relations a reader of the
 * published report knows (every line of cells sums to its total), and the
 * choice of what to withhold so that no withheld value can be worked out.
 *
 * policy: "We also provide analyses of our users in the aggregate ... At no
 * time, however, will we disclose personal information about specific users."
 * A count below k is a handful of identifiable customers; a count that can be
 * recomputed from the published ones is as good as published.
 */
import { AppError } from '../errors';

export type SuppressionReason = 'primary' | 'complementary' | 'differencing';

export interface Lattice {
  /** Number of categories on each axis (without the total). */
  readonly dims: readonly number[];
  /** Flat values over the augmented shape dims + 1; index `dims[a]` on axis a is the total. */
  readonly values: readonly number[];
  /** Each line: its cells in order, then the entry holding their total (always last). */
  readonly lines: readonly (readonly number[])[];
  /** For each entry, the lines it belongs to. */
  readonly linesOf: readonly (readonly number[])[];
}

export function strides(dims: readonly number[]): number[] {
  const out = new Array<number>(dims.length);
  let stride = 1;
  for (let a = dims.length - 1; a >= 0; a--) {
    out[a] = stride;
    stride *= dims[a]! + 1;
  }
  return out;
}

export function coordsOf(dims: readonly number[], index: number): number[] {
  const s = strides(dims);
  return s.map((stride, a) => Math.floor(index / stride) % (dims[a]! + 1));
}

/** Builds every total from the inner cells, and the lines that tie them together. */
export function buildLattice(dims: readonly number[], cell: (coords: readonly number[]) => number): Lattice {
  const s = strides(dims);
  const size = dims.reduce((p, d) => p * (d + 1), 1);
  const values = new Array<number>(size).fill(0);
  // Entries with fewer "total" coordinates first, so every sum reads finished entries.
  const order = Array.from({ length: size }, (_, i) => i);
  const totalsIn = (i: number) => coordsOf(dims, i).filter((c, a) => c === dims[a]).length;
  const totalCount = order.map(totalsIn);
  order.sort((x, y) => totalCount[x]! - totalCount[y]! || x - y);
  for (const i of order) {
    const coords = coordsOf(dims, i);
    const axis = coords.findIndex((c, a) => c === dims[a]);
    if (axis < 0) {
      values[i] = cell(coords);
      continue;
    }
    let sum = 0;
    for (let k = 0; k < dims[axis]!; k++) sum += values[i - (dims[axis]! - k) * s[axis]!]!;
    values[i] = sum;
  }
  const lines: number[][] = [];
  const linesOf: number[][] = Array.from({ length: size }, () => []);
  for (let axis = 0; axis < dims.length; axis++) {
    for (let i = 0; i < size; i++) {
      if (coordsOf(dims, i)[axis] !== 0) continue;
      const line: number[] = [];
      for (let k = 0; k <= dims[axis]!; k++) line.push(i + k * s[axis]!);
      for (const member of line) linesOf[member]!.push(lines.length);
      lines.push(line);
    }
  }
  return { dims, values, lines, linesOf };
}

/**
 * How a line with one withheld entry picks its partner:
 * - 'smallest': the smallest published non-zero entry of the line (the
 *   classic rule; least information lost per pick, but picks are made line
 *   by line and can chain across the table);
 * - 'fewest': among the line's published non-zero entries, one whose other
 *   lines already hold a withheld entry (so no new line is opened), then the
 *   smallest. Usually closes a 2x2 block instead of starting a chain, so
 *   fewer entries are withheld overall.
 * Both give the same protection; only the amount withheld differs.
 */
export type ComplementStrategy = 'smallest' | 'fewest';

export interface ProtectOptions {
  readonly k: number;
  readonly strategy?: ComplementStrategy;
  /** Entries to withhold whatever their value (reason 'differencing'). */
  readonly forced?: ReadonlySet<number>;
  /** Entries already public elsewhere: withholding them here protects nothing. */
  readonly known?: ReadonlySet<number>;
}

/**
 * Decide what to withhold.
 * 1. Primary: every entry, cell or total, with 0 < value < k.
 * 2. Complementary, until nothing changes:
 *    a. a line with exactly one withheld entry gives it away (total minus the
 *       published rest), so the smallest published non-zero entry of that line
 *       is withheld too (a cell before the line's own total);
 *    b. a withheld entry can still be pinned down by combining lines (two
 *       2x2 blocks joined by one cell); such an entry is found by
 *       `exposedEntries` and covered by withholding one more entry.
 */
export function protect(lattice: Lattice, options: ProtectOptions): Map<number, SuppressionReason> {
  const { values, lines, linesOf } = lattice;
  const known = options.known ?? new Set<number>();
  const reasons = new Map<number, SuppressionReason>();
  values.forEach((v, i) => {
    if (v > 0 && v < options.k) reasons.set(i, 'primary');
  });
  for (const i of options.forced ?? []) if (!reasons.has(i)) reasons.set(i, 'differencing');

  const hidden = (i: number) => reasons.has(i) && !known.has(i);
  const strategy = options.strategy ?? 'smallest';
  /** Lines of `entry`, other than `except`, that would be left with a single withheld entry. */
  const linesOpened = (entry: number, except: number) =>
    strategy === 'smallest' ? 0 : linesOf[entry]!.filter((l) => l !== except && !lines[l]!.some(hidden)).length;
  const cheapest = (candidates: Iterable<number>, line = -1): number | undefined => {
    let best: number | undefined;
    let bestOpened = 0;
    for (const c of candidates) {
      if (reasons.has(c) || known.has(c)) continue;
      const opened = linesOpened(c, line);
      const better = best === undefined
        || (values[c]! > 0 && values[best]! === 0)
        || ((values[c]! > 0) === (values[best]! > 0)
          && (opened < bestOpened || (opened === bestOpened && (values[c]! < values[best]! || (values[c] === values[best] && c < best)))));
      if (better) {
        best = c;
        bestOpened = opened;
      }
    }
    return best;
  };

  for (let round = 0; round < values.length + 1; round++) {
    let changed = true;
    while (changed) {
      changed = false;
      for (const [index, line] of lines.entries()) {
        if (line.filter(hidden).length !== 1) continue;
        const cells = line.slice(0, -1);
        const pick = cheapest(cells.filter((c) => values[c]! > 0), index)
          ?? cheapest(line.filter((c) => values[c]! > 0), index)
          ?? cheapest(line, index);
        if (pick === undefined) continue;
        reasons.set(pick, 'complementary');
        changed = true;
      }
    }
    const exposed = exposedEntries(lattice, hidden);
    if (exposed.length === 0) return reasons;
    let added = 0;
    for (const cover of exposed) {
      const picks = coverFor(cover);
      for (const pick of picks) reasons.set(pick, 'complementary');
      added += picks.length;
    }
    if (added === 0) break;
  }
  throw AppError.because(
    'REPORT_NOT_PROTECTABLE',
    'This report cannot be published: what earlier reports made public would give away a small group in it.',
  );

  /**
   * What to withhold so that `cover.entry` can no longer be worked out. One
   * entry that closes a cycle through it when there is one; in two dimensions
   * otherwise the cheapest chain of entries that does (the single crossing
   * entries can all be public already, from an earlier report); in more, a
   * neighbour, or failing that anything still published, since withholding
   * more never exposes more and everything withheld exposes nothing.
   */
  function coverFor(cover: Exposure): number[] {
    const single = cover.candidates.length > 0 ? cheapest(cover.candidates) : cheapest(linesOf[cover.entry]!.flatMap((l) => lines[l]!));
    if (single !== undefined) return [single];
    if (lattice.dims.length === 2) return bridgeRoute(lattice, hidden, (e) => !reasons.has(e) && !known.has(e), cover.entry);
    const any = cheapest(values.keys());
    return any === undefined ? [] : [any];
  }
}

/**
 * Two dimensions: the cheapest set of published entries whose withholding
 * puts `entry` on a cycle of withheld entries, i.e. a path from its row node
 * to its column node that does not use it (withheld entries are free, a
 * published one costs 1, a zero a little more, a larger value a hair more).
 * Empty when no such path exists: then the entry follows from what is public
 * whatever else is withheld.
 */
function bridgeRoute(lattice: Lattice, hidden: (i: number) => boolean, usable: (i: number) => boolean, entry: number): number[] {
  const [rows, cols] = [lattice.dims[0]! + 1, lattice.dims[1]! + 1];
  const cost = (e: number) => (hidden(e) ? 0 : 1 + (lattice.values[e] === 0 ? 0.5 : 0) + lattice.values[e]! * 1e-12);
  const from = Math.floor(entry / cols);
  const to = rows + (entry % cols);
  const distance = new Array<number>(rows + cols).fill(Infinity);
  const via = new Array<number>(rows + cols).fill(-1);
  const done = new Array<boolean>(rows + cols).fill(false);
  distance[from] = 0;
  // Dense Dijkstra: at most a few hundred nodes.
  for (;;) {
    let node = -1;
    for (let n = 0; n < rows + cols; n++) if (!done[n] && distance[n]! < Infinity && (node < 0 || distance[n]! < distance[node]!)) node = n;
    if (node < 0 || node === to) break;
    done[node] = true;
    const neighbours = node < rows
      ? Array.from({ length: cols }, (_, j) => ({ next: rows + j, e: node * cols + j }))
      : Array.from({ length: rows }, (_, i) => ({ next: i, e: i * cols + (node - rows) }));
    for (const { next, e } of neighbours) {
      if (e === entry || done[next] || !(hidden(e) || usable(e))) continue;
      const d = distance[node]! + cost(e);
      if (d < distance[next]!) {
        distance[next] = d;
        via[next] = e;
      }
    }
  }
  if (distance[to] === Infinity) return [];
  const route: number[] = [];
  for (let node = to; node !== from;) {
    const e = via[node]!;
    if (!hidden(e)) route.push(e);
    const [i, j] = [Math.floor(e / cols), rows + (e % cols)];
    node = node === i ? j : i;
  }
  return route;
}

interface Exposure {
  readonly entry: number;
  /** Entries that, withheld, would make `entry` uncomputable; empty when unknown (then any neighbour is tried). */
  readonly candidates: readonly number[];
}

/** Withheld entries whose value follows from the published ones. */
export function exposedEntries(lattice: Lattice, hidden: (i: number) => boolean): Exposure[] {
  return lattice.dims.length === 2 ? bridgeExposures(lattice, hidden) : algebraicExposures(lattice, hidden);
}

/**
 * Two dimensions: withheld entry (i, j) is an edge between row node i and
 * column node j (the totals are the extra row and column). Every line says
 * "the withheld entries at this node sum to a known number", so the system is
 * a graph incidence matrix, totally unimodular: an entry can be solved for
 * exactly when its edge lies on no cycle, i.e. is a bridge. Withholding any
 * entry that joins the two sides of the bridge closes a cycle through it.
 */
function bridgeExposures(lattice: Lattice, hidden: (i: number) => boolean): Exposure[] {
  const [rows, cols] = [lattice.dims[0]! + 1, lattice.dims[1]! + 1];
  const nodeCount = rows + cols;
  const adjacency: { to: number; entry: number }[][] = Array.from({ length: nodeCount }, () => []);
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      const entry = i * cols + j;
      if (!hidden(entry)) continue;
      adjacency[i]!.push({ to: rows + j, entry });
      adjacency[rows + j]!.push({ to: i, entry });
    }
  }
  const bridges = findBridges(adjacency);
  const exposures: Exposure[] = [];
  for (const entry of bridges) {
    const here = reachableWithout(adjacency, Math.floor(entry / cols), entry);
    const there = reachableWithout(adjacency, rows + (entry % cols), entry);
    const candidates: number[] = [];
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const e = r * cols + c;
        const crosses = (here.has(r) && there.has(rows + c)) || (there.has(r) && here.has(rows + c));
        if (e !== entry && !hidden(e) && crosses) candidates.push(e);
      }
    }
    exposures.push({ entry, candidates });
  }
  return exposures;
}

function findBridges(adjacency: readonly (readonly { to: number; entry: number }[])[]): number[] {
  const n = adjacency.length;
  const order = new Array<number>(n).fill(-1);
  const low = new Array<number>(n).fill(0);
  const bridges: number[] = [];
  let counter = 0;
  for (let root = 0; root < n; root++) {
    if (order[root] !== -1) continue;
    // Iterative DFS: (node, entry used to arrive, next neighbour to look at).
    const stack: { node: number; via: number; next: number }[] = [{ node: root, via: -1, next: 0 }];
    order[root] = low[root] = counter++;
    while (stack.length > 0) {
      const top = stack[stack.length - 1]!;
      const edges = adjacency[top.node]!;
      if (top.next < edges.length) {
        const edge = edges[top.next++]!;
        if (edge.entry === top.via) continue;
        if (order[edge.to] === -1) {
          order[edge.to] = low[edge.to] = counter++;
          stack.push({ node: edge.to, via: edge.entry, next: 0 });
        } else {
          low[top.node] = Math.min(low[top.node]!, order[edge.to]!);
        }
        continue;
      }
      stack.pop();
      const parent = stack[stack.length - 1];
      if (parent) {
        low[parent.node] = Math.min(low[parent.node]!, low[top.node]!);
        if (low[top.node]! > order[parent.node]!) bridges.push(top.via);
      }
    }
  }
  return bridges;
}

function reachableWithout(adjacency: readonly (readonly { to: number; entry: number }[])[], from: number, skip: number): Set<number> {
  const seen = new Set<number>([from]);
  const queue = [from];
  while (queue.length > 0) {
    const node = queue.pop()!;
    for (const edge of adjacency[node]!) {
      if (edge.entry === skip || seen.has(edge.to)) continue;
      seen.add(edge.to);
      queue.push(edge.to);
    }
  }
  return seen;
}

/**
 * Three or more dimensions: no graph shortcut, so solve. The withheld entries
 * are unknowns, each line one equation; entry x is computable exactly when the
 * unit vector of x lies in the row space of the equations, i.e. x is a pivot
 * column whose reduced row has no other non-zero. Elimination is done modulo
 * two primes near 2^26 (exact integer arithmetic in doubles); an entry counts
 * as exposed if either says so, so an unlucky prime can only cost an extra
 * suppression, and missing a real exposure would need both primes to divide
 * the same minor.
 */
const PRIMES = [67108859, 67108837] as const;

function algebraicExposures(lattice: Lattice, hidden: (i: number) => boolean): Exposure[] {
  const unknowns: number[] = [];
  const column = new Map<number, number>();
  lattice.values.forEach((_, i) => {
    if (hidden(i)) {
      column.set(i, unknowns.length);
      unknowns.push(i);
    }
  });
  if (unknowns.length === 0) return [];
  const equations: { col: number; coef: number }[][] = [];
  for (const line of lattice.lines) {
    const terms: { col: number; coef: number }[] = [];
    line.forEach((entry, position) => {
      const col = column.get(entry);
      if (col !== undefined) terms.push({ col, coef: position === line.length - 1 ? -1 : 1 });
    });
    if (terms.length > 0) equations.push(terms);
  }
  const exposed = new Set<number>();
  for (const p of PRIMES) {
    solvableColumns(equations, unknowns.length, p).forEach((solvable, col) => {
      if (solvable) exposed.add(unknowns[col]!);
    });
  }
  return [...exposed].sort((a, b) => a - b).map((entry) => ({ entry, candidates: [] }));
}

function modPow(base: number, exponent: number, p: number): number {
  let result = 1;
  let b = base % p;
  let e = exponent;
  while (e > 0) {
    if (e & 1) result = (result * b) % p;
    b = (b * b) % p;
    e = Math.floor(e / 2);
  }
  return result;
}

function solvableColumns(equations: readonly { col: number; coef: number }[][], width: number, p: number): boolean[] {
  const rows = equations.map((terms) => {
    const row = new Float64Array(width);
    for (const { col, coef } of terms) row[col] = (row[col]! + coef + p) % p;
    return row;
  });
  const pivotRow = new Int32Array(width).fill(-1);
  let rank = 0;
  for (let col = 0; col < width && rank < rows.length; col++) {
    let found = -1;
    for (let r = rank; r < rows.length; r++) {
      if (rows[r]![col] !== 0) {
        found = r;
        break;
      }
    }
    if (found < 0) continue;
    [rows[rank], rows[found]] = [rows[found]!, rows[rank]!];
    const pivot = rows[rank]!;
    const inverse = modPow(pivot[col]!, p - 2, p);
    const nonZero: number[] = [];
    for (let c = 0; c < width; c++) {
      if (pivot[c] !== 0) {
        pivot[c] = (pivot[c]! * inverse) % p;
        nonZero.push(c);
      }
    }
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r]!;
      if (r === rank || row[col] === 0) continue;
      const factor = row[col]!;
      for (const c of nonZero) row[c] = (row[c]! - ((factor * pivot[c]!) % p) + p) % p;
    }
    pivotRow[col] = rank;
    rank++;
  }
  const solvable = new Array<boolean>(width).fill(false);
  for (let col = 0; col < width; col++) {
    const r = pivotRow[col]!;
    if (r < 0) continue;
    const row = rows[r]!;
    let others = false;
    for (let c = 0; c < width && !others; c++) if (c !== col && row[c] !== 0) others = true;
    solvable[col] = !others;
  }
  return solvable;
}
