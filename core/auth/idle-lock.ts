/**
 * The idle lock's one rule, decided in main from the last activity main was
 * told of: a session locks the moment the setting has passed since then, not
 * at whichever poll happens to notice it later.
 */

/** The instant (ms since the epoch) a session with this last activity locks. */
export function idleLockDeadline(lastActivityMs: number, idleLockMs: number): number {
  return lastActivityMs + idleLockMs;
}

/** Locked on the deadline itself: a setting of 30 s means 30 s, not "30 s and then some". */
export function isPastIdleDeadline(nowMs: number, lastActivityMs: number, idleLockMs: number): boolean {
  return nowMs >= idleLockDeadline(lastActivityMs, idleLockMs);
}

/** How long until the lock, never negative; the renderer checks back then so the lock screen shows on time. */
export function msUntilIdleLock(nowMs: number, lastActivityMs: number, idleLockMs: number): number {
  return Math.max(0, idleLockDeadline(lastActivityMs, idleLockMs) - nowMs);
}

/**
 * How often at most the renderer reports typing and clicking. The lock can
 * then come at most this late after the setting, since main stamps activity
 * when the report arrives; well inside the promised 2 s.
 */
export const ACTIVITY_REPORT_MS = 1_000;
