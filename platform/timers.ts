/**
 * Timers a component is handed, so tests can drive its waits by hand; the
 * real ones never keep a closing process alive (a pending sync, live wait or
 * checkpoint is abandoned at exit, and each has its own close path).
 */
export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const unrefTimers: Timers = {
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    t.unref?.();
    return t;
  },
  clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
};
