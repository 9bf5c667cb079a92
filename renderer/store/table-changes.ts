/**
 * The renderer's end of the station's one "tables changed" signal (issue 15
 * item 4, issue 18): one passive long-poll, `sync.changes`, held at a time
 * through the only bridge there is (`invoke`, or the web host's /rpc). When
 * it answers, every screen that listens to one of the changed tables reads
 * again: the open customer 360, the pack queue, the conflict notices, the
 * status bar. No screen keeps a timer of its own for this.
 *
 * - Passive: waiting here never keeps the idle lock away.
 * - While the session is locked, changes are held back and delivered on
 *   unlock (a hidden screen reading again would only fail, locked).
 * - The loop belongs to one session: the shell starts it when it mounts (it
 *   is remounted per session) and stops it when it unmounts; an answer to a
 *   call made for the previous person is dropped by the client (user-switch).
 */
import { useEffect, useRef } from 'react';
import { call } from '../api/client';

interface Listener {
  tables: ReadonlySet<string>;
  fn(changed: string[]): void;
}

const listeners = new Set<Listener>();
const RETRY_MS = 1_000;
const PAUSED_CHECK_MS = 300;

/** Calls `fn` with the changed tables whenever one of `tables` changed at this station. */
export function onTablesChanged(tables: readonly string[], fn: (changed: string[]) => void): () => void {
  const listener: Listener = { tables: new Set(tables), fn };
  listeners.add(listener);
  return () => listeners.delete(listener);
}

/** A screen's hook: `onChange` runs (with the changed tables) after any of `tables` changed. */
export function useTablesChanged(tables: readonly string[], onChange: (changed: string[]) => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  const key = tables.join(',');
  useEffect(() => onTablesChanged(key.split(','), (changed) => latest.current(changed)), [key]);
}

function deliver(changed: readonly string[]): void {
  for (const l of [...listeners]) {
    const mine = changed.filter((t) => l.tables.has(t));
    if (mine.length > 0) l.fn(mine);
  }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Follows the station's changes until the returned stop is called; `paused()` holds deliveries back (a locked session). */
export function followTableChanges(paused: () => boolean): () => void {
  let stopped = false;
  const held = new Set<string>();
  void (async () => {
    // From the station's first change, not from now: a change between a screen's first read and this loop's
    // first answer would otherwise be missed; the cost is one extra read by each open screen at sign-in.
    let since = 0;
    while (!stopped) {
      if (paused()) {
        await sleep(PAUSED_CHECK_MS);
        continue;
      }
      if (held.size > 0) {
        const changed = [...held];
        held.clear();
        deliver(changed);
      }
      try {
        const answer = await call('sync.changes', { since });
        if (stopped) return;
        if (paused()) for (const t of answer.tables) held.add(t);
        else deliver(answer.tables);
        since = answer.version;
      } catch {
        if (stopped) return;
        await sleep(RETRY_MS);
      }
    }
  })();
  return () => {
    stopped = true;
  };
}
