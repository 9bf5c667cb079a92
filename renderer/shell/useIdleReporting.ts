import { useEffect } from 'react';
import { call } from '../api/client';
import { useSession } from '../store/session-store';
import { ACTIVITY_REPORT_MS } from '../../core/auth/idle-lock';
import { ActivityReporter } from './activity-reporter';

const POLL_EVERY_MS = 5_000;
/** Asked a little after main's deadline, so the answer is already "locked". */
const DEADLINE_MARGIN_MS = 150;

/**
 * Main decides when a station is idle (the rule is enforced there, not here);
 * the renderer reports typing and clicking within a second, and asks for the
 * session again at the deadline main announced, so the lock screen shows on
 * time; a slower poll keeps the status bar current and notices a lock from
 * elsewhere (another window, the station's clock moving).
 */
export function useIdleReporting() {
  const signedIn = useSession((s) => s.session !== null);
  useEffect(() => {
    if (!signedIn) return;
    let deadlineTimer: ReturnType<typeof setTimeout> | null = null;
    let stopped = false;

    const checkSession = () =>
      call('auth.session', {})
        .then((session) => {
          if (!stopped) useSession.getState().setSession(session);
        })
        .catch(() => undefined);
    const armDeadline = (inMs: number | null) => {
      if (deadlineTimer !== null) clearTimeout(deadlineTimer);
      deadlineTimer = null;
      if (inMs === null || stopped) return;
      deadlineTimer = setTimeout(() => void checkSession(), inMs + DEADLINE_MARGIN_MS);
    };

    const reporter = new ActivityReporter(
      (sinceInputMs) => {
        const { session } = useSession.getState();
        if (!session || session.locked) return;
        void call('auth.keepAlive', { sinceInputMs: Math.min(Math.round(sinceInputMs), ACTIVITY_REPORT_MS) })
          .then((answer) => armDeadline(answer.idleLockInMs))
          .catch(() => undefined);
      },
      { now: () => performance.now(), setTimeout: (fn, ms) => setTimeout(fn, ms), clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>) },
    );
    const onInput = () => reporter.activity();
    window.addEventListener('keydown', onInput, true);
    window.addEventListener('pointerdown', onInput, true);

    // Every new answer about the session (a check, an unlock) carries main's deadline from that moment.
    armDeadline(useSession.getState().session?.idleLockInMs ?? null);
    const unsubscribe = useSession.subscribe((state, before) => {
      if (state.session !== before.session) armDeadline(state.session?.idleLockInMs ?? null);
    });
    const poll = setInterval(() => {
      void Promise.all([checkSession(), call('station.status', {}).then((status) => useSession.setState({ status }))]).catch(() => undefined);
    }, POLL_EVERY_MS);
    return () => {
      stopped = true;
      unsubscribe();
      reporter.stop();
      window.removeEventListener('keydown', onInput, true);
      window.removeEventListener('pointerdown', onInput, true);
      if (deadlineTimer !== null) clearTimeout(deadlineTimer);
      clearInterval(poll);
    };
  }, [signedIn]);
}
