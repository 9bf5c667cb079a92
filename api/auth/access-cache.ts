/**
 * Who a request is, remembered for a few seconds (issue 18). Every station
 * request read its station row, and most also its staff session: two of a
 * pull's three round trips of its own, and in bench:central at 500 stations
 * 59,000 of a run's 398,000 statements, almost all answering what they
 * answered a second before. A
 * push's check of the staff member who made each change (active, their
 * role, signed in here before) is kept the same way, when it passes.
 *
 * Entries are kept only while this instance hears PostgreSQL's notifications
 * (its live LISTEN connection is up and its probe came through): migration
 * 065's triggers announce, at commit, every change that can withdraw access
 * (a station revoked or given a new credential, a session signed out,
 * revoked or cut short, a staff member deactivated or given another role),
 * whoever made it, a route or an operator's SQL, on any instance, and every
 * instance then forgets all it holds. The instance that made such a change
 * forgets at once as well (`forget()` after the commit), so its own next
 * request never races the notification. Without notifications (SQLite, a
 * pooler in the way, the LISTEN connection down) nothing is kept and every
 * request reads, as before; the connection's loss and return also forget.
 *
 * An entry lives at most `ttlMs` (5 s) whatever happens, which bounds what a
 * silently dead LISTEN connection could cost; a read that began before a
 * forget is not kept (the epoch check), so a row read just before a
 * revocation committed cannot outlive its notification.
 *
 * A hit still checks everything a read would (the secret against the hash,
 * revoked, expired, the station a session belongs to); only the row comes
 * from memory. Hand-written rather than a cache library: the part that
 * matters is the epoch rule, and the store is two Maps.
 */

/** How long an entry may answer without a read, whatever the notifications say. */
export const ACCESS_CACHE_TTL_MS = 5_000;
/** Entries kept per kind; beyond it the oldest go (a site has hundreds of stations, not thousands). */
const MAX_ENTRIES = 5_000;

interface Entry<T> {
  row: T;
  until: number;
}

export interface AccessCacheOptions {
  /** Whether changes of access are being heard right now (the live feed's LISTEN is up). */
  hearsChanges: () => boolean;
  ttlMs?: number;
  /** Milliseconds, monotonic. */
  now?: () => number;
}

/** One kind of row (stations by id, sessions by token hash), read through. */
export class Shelf<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(private readonly cache: AccessCache) {}

  async get(key: string, read: () => Promise<T | undefined>): Promise<T | undefined> {
    if (!this.cache.keeping()) return read();
    const hit = this.entries.get(key);
    if (hit && hit.until > this.cache.now()) return hit.row;
    const epoch = this.cache.epoch;
    const row = await read();
    // Not kept when a forget came while it was read: the row may predate the change that forget announced.
    if (row !== undefined && epoch === this.cache.epoch && this.cache.keeping()) this.put(key, row);
    return row;
  }

  /** A change this instance made to a kept row (its own last-seen stamp), so the row stays true. */
  update(key: string, change: (row: T) => T): void {
    const hit = this.entries.get(key);
    if (hit) hit.row = change(hit.row);
  }

  clear(): void {
    this.entries.clear();
  }

  private put(key: string, row: T): void {
    this.entries.delete(key);
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(key, { row, until: this.cache.now() + this.cache.ttlMs });
  }
}

export class AccessCache {
  /** Moves on every forget; a read that saw another epoch when it began is not kept. */
  epoch = 0;
  readonly ttlMs: number;
  readonly now: () => number;
  private readonly hearsChanges: () => boolean;
  private heard = false;
  private readonly shelves = new Map<string, Shelf<unknown>>();

  constructor(opts: AccessCacheOptions) {
    this.hearsChanges = opts.hearsChanges;
    this.ttlMs = opts.ttlMs ?? ACCESS_CACHE_TTL_MS;
    this.now = opts.now ?? (() => performance.now());
  }

  /** The rows of one kind (`stations`, `sessions`), by key. */
  shelf<T>(kind: string): Shelf<T> {
    let shelf = this.shelves.get(kind);
    if (!shelf) this.shelves.set(kind, (shelf = new Shelf<unknown>(this)));
    return shelf as Shelf<T>;
  }

  /** Whether entries may be kept and answered now; notifications stopping forgets everything held. */
  keeping(): boolean {
    const hears = this.hearsChanges();
    if (hears !== this.heard) {
      this.heard = hears;
      this.forget();
    }
    return hears;
  }

  /** Access changed somewhere (or may have, unheard): nothing held answers again. */
  forget(): void {
    this.epoch++;
    for (const shelf of this.shelves.values()) shelf.clear();
  }
}
