/**
 * The station's one "tables changed" signal to its screens (issue 15 item 4,
 * issue 18: a change from another desk is on this screen within a second).
 *
 * Everything that changes the station cache says which tables (a pull page,
 * a local change, the outbox's state, a customer fetched from the central
 * office, a claim, the printer queue); the renderer holds one passive call,
 * `sync.changes`, that answers as soon as any table changed after the
 * version it last saw, with the tables' names, and the open screens read
 * again. The preload exposes only `invoke`, so the signal travels as an
 * answer to a call, the same in Electron and the web host.
 *
 * Only table names cross: no row, nothing of a customer.
 */

export interface TablesChanged {
  /** This station's change counter (per process; a renderer starts with `since: null`). */
  version: number;
  /** Tables changed after `since` (empty when the wait ran out or was ended). */
  tables: string[];
}

interface Waiter {
  caller: string;
  since: number;
  resolve(answer: TablesChanged): void;
}

export const TABLES_WAIT_MS = 25_000;

export class TableChanges {
  private version = 0;
  private readonly latest = new Map<string, number>();
  private readonly waiters = new Set<Waiter>();

  note(tables: Iterable<string>): void {
    let any = false;
    for (const table of tables) {
      if (!any) this.version++;
      any = true;
      this.latest.set(table, this.version);
    }
    if (!any) return;
    for (const w of [...this.waiters]) w.resolve(this.answer(w.since));
  }

  /**
   * Answers the tables changed after `since`, at once if there are any,
   * otherwise when some change (or after `waitMs`, with none). `since: null`
   * asks for the current version only.
   */
  wait(caller: string, since: number | null, waitMs = TABLES_WAIT_MS): Promise<TablesChanged> {
    if (since === null || since > this.version) return Promise.resolve({ version: this.version, tables: [] });
    const now = this.answer(since);
    if (now.tables.length > 0) return Promise.resolve(now);
    return new Promise<TablesChanged>((resolve) => {
      const timer = setTimeout(() => waiter.resolve({ version: this.version, tables: [] }), waitMs);
      timer.unref?.();
      const waiter: Waiter = {
        caller,
        since,
        resolve: (answer) => {
          clearTimeout(timer);
          this.waiters.delete(waiter);
          resolve(answer);
        },
      };
      this.waiters.add(waiter);
    });
  }

  /** The caller's session ended (or the host closes): its held call answers now, with nothing. */
  release(caller?: string): void {
    for (const w of [...this.waiters]) if (caller === undefined || w.caller === caller) w.resolve({ version: this.version, tables: [] });
  }

  private answer(since: number): TablesChanged {
    const tables: string[] = [];
    for (const [table, at] of this.latest) if (at > since) tables.push(table);
    return { version: this.version, tables: tables.sort() };
  }
}
