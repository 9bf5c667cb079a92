/**
 * One read of a distribution center's changes for all of its packing stations
 * (issue 18, docs/scaling.md).
 *
 * A packing station's scope is reference data and its DC's tables; nothing in
 * it depends on the station, so every packer of a DC pulls the same rows. Read
 * per pull, the central office read each change once per station of its DC:
 * a pull every ~3 s per packer, each carrying the DC's last 3 s, grows with
 * stations times changes. Here each API instance keeps, per shared scope, the tail of
 * that scope's change stream as pulls already read it: a log of items whose
 * versions cover (from, to] completely. A pull whose window starts inside the
 * log takes its items from memory, and the log is extended from the database
 * only past `to`, once for every pull that needs it (a pull arriving while an
 * extension runs waits for it instead of reading the same rows).
 *
 * Why serving from memory is a correct pull: each extension is a pull of
 * (to, top] made at its own time, with a safe top (versioning.ts) and the
 * evictions and kept moves of that time; incremental pulls compose (a station
 * that pulls (a, b] then (b, c] ends as one that pulled (a, c]), so a slice
 * of the log is what the station would have received had it pulled at those
 * moments. A row changed twice in the slice arrives twice, in version order.
 *
 * Every pull is still answered up to the top it read itself, never an older
 * one the log happens to hold: a station that syncs right after a change (its
 * own, or one the central office made) sees it, as before.
 */

/**
 * Items kept per DC and instance. A packer pulls every few seconds, so a few
 * minutes of a busy DC's changes serve every station that keeps up; a station
 * further behind reads the database itself. Bounded by count because each item
 * holds its rows: at 50 DCs this is about 250,000 rows per instance.
 */
const MAX_ITEMS = 5_000;

export interface WindowItem {
  version: number;
  /** Never mutated once in the log: every pull of the DC shares these objects. */
  changes: readonly unknown[];
}

/** What the database gives for (after, upTo]: items in version order, and the version it read completely through. */
export interface WindowRead<I extends WindowItem> {
  items: I[];
  /** Every version in (after, through] was read; `upTo` unless a source stopped at its limit. */
  through: number;
}

export type WindowReader<I extends WindowItem> = (key: string, after: number, upTo: number) => Promise<WindowRead<I>>;

export interface SharedWindowOptions {
  /** Items kept per scope; older ones are dropped and pulls from before them read the database. */
  maxItems?: number;
}

interface Log<I extends WindowItem> {
  /** Exclusive: the log holds every item with a version in (from, to]. */
  from: number;
  to: number;
  items: I[];
  /** The extension under way, if any, and the highest top any waiting pull asked for. */
  extending: Promise<void> | null;
  wanted: number;
}

export interface WindowSlice<I extends WindowItem> {
  items: I[];
  /** More items in (after, top] than the limit: the pull pages. */
  truncated: boolean;
}

export class SharedWindows<I extends WindowItem> {
  private readonly logs = new Map<string, Log<I>>();
  private readCount = 0;
  private readonly maxItems: number;

  constructor(
    private readonly read: WindowReader<I>,
    opts: SharedWindowOptions = {},
  ) {
    this.maxItems = opts.maxItems ?? MAX_ITEMS;
  }

  /**
   * Up to `fetch` items of `key`'s stream in (after, top], or null when the
   * log cannot answer (the window starts before it): the caller reads the
   * database itself. `top` is the safe top the pull read.
   */
  async slice(key: string, after: number, top: number, fetch: number): Promise<WindowSlice<I> | null> {
    let log = this.logs.get(key);
    if (!log) {
      log = { from: after, to: after, items: [], extending: null, wanted: after };
      this.logs.set(key, log);
    }
    if (after < log.from) return null;
    while (log.to < top) {
      if (after < log.from || this.logs.get(key) !== log) return null;
      const before = log.to;
      const running = log.extending;
      log.wanted = Math.max(log.wanted, top);
      await (running ?? this.extend(key, log));
      // A read of our own that moved nothing (a source stuck at its limit on one version): let the caller read.
      if (!running && log.to === before) return null;
    }
    if (after < log.from || this.logs.get(key) !== log) return null;
    const out: I[] = [];
    for (let i = firstAbove(log.items, after); i < log.items.length && log.items[i]!.version <= top; i++) {
      if (out.length >= fetch) return { items: out, truncated: true };
      out.push(log.items[i]!);
    }
    return { items: out, truncated: false };
  }

  /** Database reads made so far (each extends one log): how many pulls one read served shows in benchmarks and tests. */
  get reads(): number {
    return this.readCount;
  }

  /** Forgets the logs that reach above `counter`, the highest version the database has handed out: it was restored under this instance. */
  forgetAbove(counter: number): void {
    for (const [key, log] of this.logs) if (log.to > counter) this.logs.delete(key);
  }

  private extend(key: string, log: Log<I>): Promise<void> {
    const after = log.to;
    const upTo = log.wanted;
    const run = (async () => {
      try {
        this.readCount++;
        const got = await this.read(key, after, upTo);
        if (this.logs.get(key) !== log || log.to !== after) return;
        for (const item of got.items) if (item.version > after && item.version <= got.through) log.items.push(item);
        log.to = got.through;
        this.trim(log);
      } finally {
        log.extending = null;
      }
    })();
    log.extending = run;
    return run;
  }

  private trim(log: Log<I>): void {
    const excess = log.items.length - this.maxItems;
    if (excess <= 0) return;
    log.from = log.items[excess - 1]!.version;
    log.items.splice(0, excess);
  }
}

/** Index of the first item with a version above `after` (items are in version order). */
function firstAbove(items: readonly WindowItem[], after: number): number {
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (items[mid]!.version <= after) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
