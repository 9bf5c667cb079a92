import { useEffect } from 'react';
import type { ReactNode } from 'react';
import type { ScreenId } from '../core/roles';
import { useSession } from './store/session-store';
import { sessionKey } from './store/user-switch';
import { AppShell } from './shell/AppShell';
import { SignInScreen } from './screens/signin/SignInScreen';
import { SetupScreen } from './screens/setup/SetupScreen';
import { StaffScreen } from './screens/staff/StaffScreen';
import { StationScreen } from './screens/station/StationScreen';
import { LookupScreen } from './screens/lookup/LookupScreen';
import { PackScreen } from './screens/pack/PackScreen';
import { ReturnsScreen } from './screens/returns/ReturnsScreen';
import { PrivacyScreen } from './screens/privacy/PrivacyScreen';
import { AuditScreen } from './screens/audit/AuditScreen';
import { FloorScreen } from './screens/floor/FloorScreen';

const SCREENS: Record<ScreenId, () => ReactNode> = {
  lookup: () => <LookupScreen />,
  pack: () => <PackScreen />,
  returns: () => <ReturnsScreen />,
  privacy: () => <PrivacyScreen />,
  audit: () => <AuditScreen />,
  staff: () => <StaffScreen />,
  station: () => <StationScreen />,
  floor: () => <FloorScreen />,
};

export function App() {
  const loaded = useSession((s) => s.loaded);
  const session = useSession((s) => s.session);
  const refresh = useSession((s) => s.refresh);
  const status = useSession((s) => s.status);

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

  if (!loaded) return <p className="loading" data-testid="app-loading">Starting Backlot…</p>;
  // A station that has never joined a central office: nobody can sign in yet (issue #14).
  if (status && !status.registered && !session) return <SetupScreen status={status} />;
  // Keyed by session: a new person's shell is a new tree, so no screen's own state (a form, an open view) carries over.
  return session ? <AppShell key={sessionKey(session)!} screens={SCREENS} /> : <SignInScreen />;
}
