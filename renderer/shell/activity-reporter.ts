import { ACTIVITY_REPORT_MS } from '../../core/auth/idle-lock';

export interface ReporterTimers {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

/**
 * Reports typing and clicking to main at most once per `everyMs`: the first
 * input at once (main stamps it on arrival), later ones in the same window
 * once at its end, saying how long ago the last one was. A scanner's dozen
 * keystrokes in 30 ms make one or two calls, and main never hears of
 * activity more than `everyMs` late, nor misdates it.
 */
export class ActivityReporter {
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private lastInputAt = Number.NEGATIVE_INFINITY;
  private trailing: unknown = null;

  /** `send` gets how long ago the latest input was (0 for a report sent at once), so main can date it exactly. */
  constructor(
    private readonly send: (sinceInputMs: number) => void,
    private readonly timers: ReporterTimers,
    private readonly everyMs = ACTIVITY_REPORT_MS,
  ) {}

  activity(): void {
    this.lastInputAt = this.timers.now();
    if (this.trailing !== null) return;
    const wait = this.lastSentAt + this.everyMs - this.timers.now();
    if (wait <= 0) {
      this.fire();
      return;
    }
    this.trailing = this.timers.setTimeout(() => {
      this.trailing = null;
      this.fire();
    }, wait);
  }

  stop(): void {
    if (this.trailing !== null) this.timers.clearTimeout(this.trailing);
    this.trailing = null;
  }

  private fire(): void {
    this.lastSentAt = this.timers.now();
    this.send(Math.max(0, this.lastSentAt - this.lastInputAt));
  }
}
