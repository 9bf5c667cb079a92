/**
 * Who has proven, to whom, until when: the caller checks of each staff
 * session, in memory. Keyed by the session object, so signing out (or in
 * again) forgets every pass and every failure with it; a second window of the
 * same rep is a second session and checks the caller itself. Time is the
 * station clock, so tests and the testers' kit move it instead of sleeping.
 */
import {
  CALLER_CHECK_MAX_FAILURES,
  CALLER_CHECK_PAUSE_MINUTES,
  CALLER_CHECK_VALID_MINUTES,
  type CallerMethod,
  type CallerStatus,
} from '../../../core/customers/caller-check';

const MINUTE_MS = 60_000;

interface CheckState {
  passedAt: Date | null;
  method: CallerMethod | null;
  failures: number;
  pausedUntil: Date | null;
}

export class CallerChecks {
  private readonly bySession = new WeakMap<object, Map<number, CheckState>>();

  private state(session: object, customerId: number): CheckState {
    let forSession = this.bySession.get(session);
    if (!forSession) this.bySession.set(session, (forSession = new Map()));
    let state = forSession.get(customerId);
    if (!state) forSession.set(customerId, (state = { passedAt: null, method: null, failures: 0, pausedUntil: null }));
    return state;
  }

  isPaused(session: object, customerId: number, now: Date): Date | null {
    const s = this.state(session, customerId);
    if (s.pausedUntil && s.pausedUntil > now) return s.pausedUntil;
    if (s.pausedUntil) {
      // The pause is over: three fresh attempts.
      s.pausedUntil = null;
      s.failures = 0;
    }
    return null;
  }

  recordPass(session: object, customerId: number, method: CallerMethod, now: Date): void {
    const s = this.state(session, customerId);
    s.passedAt = now;
    s.method = method;
    s.failures = 0;
    s.pausedUntil = null;
  }

  /** Counts a failure; answers whether it paused further checks. A failure also ends an earlier pass: someone else may be on the line now. */
  recordFailure(session: object, customerId: number, now: Date): { paused: boolean } {
    const s = this.state(session, customerId);
    s.passedAt = null;
    s.method = null;
    s.failures++;
    if (s.failures >= CALLER_CHECK_MAX_FAILURES) {
      s.pausedUntil = new Date(now.getTime() + CALLER_CHECK_PAUSE_MINUTES * MINUTE_MS);
      return { paused: true };
    }
    return { paused: false };
  }

  isVerified(session: object, customerId: number, now: Date): boolean {
    const s = this.state(session, customerId);
    return s.passedAt !== null && now.getTime() < s.passedAt.getTime() + CALLER_CHECK_VALID_MINUTES * MINUTE_MS && now >= s.passedAt;
  }

  status(session: object, customerId: number, now: Date): CallerStatus {
    const pausedUntil = this.isPaused(session, customerId, now);
    const s = this.state(session, customerId);
    const verified = this.isVerified(session, customerId, now);
    return {
      customerId,
      verified,
      method: verified ? s.method : null,
      verifiedUntil: verified && s.passedAt ? new Date(s.passedAt.getTime() + CALLER_CHECK_VALID_MINUTES * MINUTE_MS).toISOString() : null,
      failedAttempts: s.failures,
      attemptsLeft: pausedUntil ? 0 : Math.max(0, CALLER_CHECK_MAX_FAILURES - s.failures),
      pausedUntil: pausedUntil ? pausedUntil.toISOString() : null,
    };
  }
}
