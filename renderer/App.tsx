import { lazy, Suspense, useEffect } from 'react';
import type { ReactNode } from 'react';
import type { ScreenId } from '../core/roles';
import { useSession } from './store/session-store';
import { sessionKey } from './store/user-switch';
import { SignInScreen } from './screens/signin/SignInScreen';
import { LAZY_SCREENS, loadScreens } from './screens/lazy-screens';

// Start-up shows the sign-in screen; the shell, the setup form and every screen come in chunks of their own (issue #14).
const loadShell = () => import('./shell/AppShell');
const AppShell = lazy(() => loadShell().then((m) => ({ default: m.AppShell })));
const SetupScreen = lazy(() => import('./screens/setup/SetupScreen').then((m) => ({ default: m.SetupScreen })));

const SCREENS = Object.fromEntries(
  Object.entries(LAZY_SCREENS).map(([id, Screen]) => [id, () => <Screen />]),
) as Record<ScreenId, () => ReactNode>;

const loading = <p className="loading" data-testid="app-loading">Starting Backlot…</p>;

/** Once the sign-in screen is up and the page is idle, fetch what signing in will show, so it does not wait then. */
function useWarmAfterSignIn(ready: boolean) {
  useEffect(() => {
    if (!ready) return;
    const warm = () => void Promise.all([loadShell(), loadScreens()]).catch(() => undefined);
    if (typeof requestIdleCallback === 'function') {
      const handle = requestIdleCallback(warm, { timeout: 2000 });
      return () => cancelIdleCallback(handle);
    }
    const timer = setTimeout(warm, 200);
    return () => clearTimeout(timer);
  }, [ready]);
}

export function App() {
  const loaded = useSession((s) => s.loaded);
  const session = useSession((s) => s.session);
  const refresh = useSession((s) => s.refresh);
  const status = useSession((s) => s.status);
  useWarmAfterSignIn(loaded);

  useEffect(() => {
    void refresh();
    // Every 5 s; every second while a first sync or a registration runs, so their progress shows.
    let timer: ReturnType<typeof setTimeout>;
    let stopped = false;
    const poll = () => {
      if (stopped) return;
      const current = useSession.getState().status;
      const busy = current?.sync.initialSync != null || current?.registering === true;
      timer = setTimeout(() => void useSession.getState().refreshStatus().catch(() => undefined).finally(poll), busy ? 1000 : 5000);
    };
    poll();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [refresh]);

  if (!loaded) return loading;
  // A station that has never joined a central office: nobody can sign in yet (issue #14).
  if (status && !status.registered && !session)
    return (
      <Suspense fallback={loading}>
        <SetupScreen status={status} />
      </Suspense>
    );
  // Keyed by session: a new person's shell is a new tree, so no screen's own state (a form, an open view) carries over.
  return session ? (
    <Suspense fallback={loading}>
      <AppShell key={sessionKey(session)!} screens={SCREENS} />
    </Suspense>
  ) : (
    <SignInScreen />
  );
}
