import { useEffect } from 'react';
import { call } from '../api/client';
import { useSession } from '../store/session-store';

const KEEPALIVE_EVERY_MS = 20_000;
const POLL_EVERY_MS = 5_000;

/**
 * Main decides when a station is idle (the rule is enforced there, not here);
 * the renderer reports local typing and clicking, at most every 20 s, and
 * polls the session so the lock screen appears when main has locked it.
 */
export function useIdleReporting() {
  const signedIn = useSession((s) => s.session !== null);
  useEffect(() => {
    if (!signedIn) return;
    let activeSinceReport = false;
    const onInput = () => {
      activeSinceReport = true;
    };
    window.addEventListener('keydown', onInput, true);
    window.addEventListener('pointerdown', onInput, true);
    const keepAlive = setInterval(() => {
      const { session } = useSession.getState();
      if (activeSinceReport && session && !session.locked) {
        activeSinceReport = false;
        void call('auth.keepAlive', {}).catch(() => undefined);
      }
    }, KEEPALIVE_EVERY_MS);
    const poll = setInterval(() => {
      void Promise.all([call('auth.session', {}), call('station.status', {})])
        .then(([session, status]) => {
          useSession.getState().setSession(session);
          useSession.setState({ status });
        })
        .catch(() => undefined);
    }, POLL_EVERY_MS);
    return () => {
      window.removeEventListener('keydown', onInput, true);
      window.removeEventListener('pointerdown', onInput, true);
      clearInterval(keepAlive);
      clearInterval(poll);
    };
  }, [signedIn]);
}
