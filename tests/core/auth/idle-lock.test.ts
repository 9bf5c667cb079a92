import { describe, expect, it } from 'vitest';
import { ACTIVITY_REPORT_MS, idleLockDeadline, isPastIdleDeadline, msUntilIdleLock } from '../../../core/auth/idle-lock';
import { ActivityReporter } from '../../../renderer/shell/activity-reporter';

describe('idle lock deadline', () => {
  const thirty = 30_000;

  it('locks on the deadline itself, not a moment before', () => {
    expect(idleLockDeadline(1_000, thirty)).toBe(31_000);
    expect(isPastIdleDeadline(30_999, 1_000, thirty)).toBe(false);
    expect(isPastIdleDeadline(31_000, 1_000, thirty)).toBe(true);
  });

  it('counts down to the lock and never below zero', () => {
    expect(msUntilIdleLock(1_000, 1_000, thirty)).toBe(thirty);
    expect(msUntilIdleLock(25_000, 1_000, thirty)).toBe(6_000);
    expect(msUntilIdleLock(90_000, 1_000, thirty)).toBe(0);
  });
});

/** A hand-driven clock and timer queue, so the reporter's timing is exact. */
function fakeTimers() {
  let now = 0;
  const queue: { at: number; fn: () => void; id: number }[] = [];
  let next = 1;
  return {
    now: () => now,
    setTimeout: (fn: () => void, ms: number) => {
      const id = next++;
      queue.push({ at: now + ms, fn, id });
      return id;
    },
    clearTimeout: (id: unknown) => {
      const i = queue.findIndex((q) => q.id === id);
      if (i >= 0) queue.splice(i, 1);
    },
    advance(ms: number) {
      const until = now + ms;
      for (;;) {
        queue.sort((a, b) => a.at - b.at);
        const due = queue[0];
        if (!due || due.at > until) break;
        queue.shift();
        now = due.at;
        due.fn();
      }
      now = until;
    },
  };
}

describe('activity reporting', () => {
  it('reports the first keystroke at once and a scanner burst as at most two calls', () => {
    const timers = fakeTimers();
    const sentAt: number[] = [];
    const since: number[] = [];
    const reporter = new ActivityReporter((ago) => (sentAt.push(timers.now()), since.push(ago)), timers);
    // 12 keystrokes in 30 ms, then Enter.
    for (let i = 0; i < 13; i++) {
      reporter.activity();
      timers.advance(2.5);
    }
    timers.advance(5_000);
    expect(sentAt[0]).toBe(0);
    expect(sentAt).toHaveLength(2);
    expect(sentAt[1]).toBe(ACTIVITY_REPORT_MS);
    // Each report dates the latest keystroke: now, then the Enter at 30 ms, reported at 1 s.
    expect(since).toEqual([0, ACTIVITY_REPORT_MS - 30]);
  });

  it('never lets main hear of activity more than a second late, however steady the typing', () => {
    const timers = fakeTimers();
    const sentAt: number[] = [];
    const heardAs: number[] = [];
    const reporter = new ActivityReporter((ago) => (sentAt.push(timers.now()), heardAs.push(timers.now() - ago)), timers);
    const typedAt: number[] = [];
    for (let t = 0; t < 20_000; t += 170) {
      timers.advance(t - timers.now());
      typedAt.push(timers.now());
      reporter.activity();
    }
    timers.advance(2_000);
    for (const t of typedAt) {
      const heard = sentAt.find((s) => s >= t);
      expect(heard, `typing at ${t} ms was reported`).toBeDefined();
      expect(heard! - t).toBeLessThanOrEqual(ACTIVITY_REPORT_MS);
    }
    // The last keystroke is dated exactly, whenever its report went.
    expect(heardAs.at(-1)).toBe(typedAt.at(-1));
    // Throttled: far fewer calls than keystrokes.
    expect(sentAt.length).toBeLessThanOrEqual(21);
  });

  it('sends nothing after it is stopped', () => {
    const timers = fakeTimers();
    let sent = 0;
    const reporter = new ActivityReporter(() => sent++, timers);
    reporter.activity();
    reporter.activity();
    reporter.stop();
    timers.advance(5_000);
    expect(sent).toBe(1);
  });
});
