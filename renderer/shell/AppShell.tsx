import { Suspense, useEffect, type ReactNode } from 'react';
import { screensFor, type ScreenId } from '../../core/roles';
import { call } from '../api/client';
import { useSession } from '../store/session-store';
import { followTableChanges, useTablesChanged } from '../store/table-changes';
import { LockScreen } from '../screens/lock/LockScreen';
import { StatusBar } from './StatusBar';
import { useIdleReporting } from './useIdleReporting';

/** Navigation, the current screen and the status bar; Alt+digit opens a screen, Alt+L locks. */
export function AppShell({ screens }: { screens: Record<ScreenId, () => ReactNode> }) {
  const session = useSession((s) => s.session)!;
  const current = useSession((s) => s.screen);
  const go = useSession((s) => s.go);
  const setSession = useSession((s) => s.setSession);
  const allowed = screensFor(session.staff.role);
  useIdleReporting();
  // One signal for every screen of this session; held back while locked.
  useEffect(() => followTableChanges(() => useSession.getState().session?.locked !== false), []);
  // Pending and refused changes in the status bar move with the outbox, not only with its 5 s poll.
  useTablesChanged(['outbox', 'conflicts'], () => void useSession.getState().refreshStatus().catch(() => undefined));

  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || e.ctrlKey || e.metaKey) return;
      const target = allowed.find((s) => s.hotkey === e.key);
      if (target) {
        e.preventDefault();
        go(target.id);
      } else if (e.key.toLowerCase() === 'l') {
        e.preventDefault();
        void call('auth.lock', {}).then(setSession);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [allowed, go, setSession]);

  const signOut = async () => {
    await call('auth.signOut', {});
    setSession(null);
  };

  return (
    <>
      {/* The shell stays mounted under the lock screen so a half-typed form survives an idle lock, but hidden: the next person at the station sees none of it. */}
      <div className="shell" inert={session.locked} aria-hidden={session.locked} hidden={session.locked}>
        <header className="topbar">
          <span className="brand">Backlot</span>
          <nav aria-label="Screens" data-testid="nav">
            {allowed.map((s) => (
              <button
                key={s.id}
                type="button"
                data-testid={`nav-${s.id}`}
                aria-current={s.id === current ? 'page' : undefined}
                aria-keyshortcuts={`Alt+${s.hotkey}`}
                onClick={() => go(s.id)}
              >
                {s.label}
              </button>
            ))}
          </nav>
          <div className="topbar-actions">
            <button type="button" className="secondary" data-testid="shell-lock" aria-keyshortcuts="Alt+L" onClick={() => void call('auth.lock', {}).then(setSession)}>
              Lock
            </button>
            <button type="button" className="secondary" data-testid="shell-signout" onClick={() => void signOut()}>
              Sign out
            </button>
          </div>
        </header>
        <main className="screen" data-testid={`screen-${current ?? 'none'}`}>
          {/* A screen's chunk loads the first time it opens: the bar and the status stay while it does. */}
          {current ? (
            <Suspense fallback={<p className="loading muted">Opening…</p>}>{screens[current]()}</Suspense>
          ) : null}
        </main>
        <StatusBar />
      </div>
      {session.locked && <LockScreen />}
    </>
  );
}
