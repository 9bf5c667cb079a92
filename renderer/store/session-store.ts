import { create } from 'zustand';
import type { SessionInfo } from '../../core/auth/schemas';
import type { StationStatus } from '../../core/station/schemas';
import type { ScreenId } from '../../core/roles';
import { screensFor } from '../../core/roles';
import { call, onCallError } from '../api/client';
import { forgetPreviousUser, sessionKey } from './user-switch';

interface SessionState {
  session: SessionInfo | null;
  status: StationStatus | null;
  screen: ScreenId | null;
  loaded: boolean;
  refresh(): Promise<void>;
  refreshStatus(): Promise<void>;
  setSession(session: SessionInfo | null): void;
  go(screen: ScreenId): void;
}

export const useSession = create<SessionState>((set, get) => ({
  session: null,
  status: null,
  screen: null,
  loaded: false,
  async refresh() {
    const [session, status] = await Promise.all([call('auth.session', {}), call('station.status', {})]);
    get().setSession(session);
    set({ status, loaded: true });
  },
  async refreshStatus() {
    set({ status: await call('station.status', {}) });
  },
  setSession(session) {
    const screens = session ? screensFor(session.staff.role) : [];
    if (sessionKey(session) !== sessionKey(get().session)) {
      // Someone else now (or nobody): nothing of the previous session survives, and the next person starts on their first screen.
      forgetPreviousUser();
      set({ session, screen: screens[0]?.id ?? null });
      return;
    }
    const current = get().screen;
    set({ session, screen: screens.some((s) => s.id === current) ? current : (screens[0]?.id ?? null) });
  },
  go(screen) {
    const session = get().session;
    if (session && screensFor(session.staff.role).some((s) => s.id === screen)) set({ screen });
  },
}));

onCallError((err) => {
  const { session, setSession } = useSession.getState();
  if (err.code === 'SESSION_LOCKED' && session) setSession({ ...session, locked: true });
  if (err.code === 'NOT_SIGNED_IN') setSession(null);
});
