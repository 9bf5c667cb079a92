import { ROLE_LABELS } from '../../core/roles';
import { useSession } from '../store/session-store';

function formatTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleTimeString() : 'never';
}

export function StatusBar() {
  const status = useSession((s) => s.status);
  const session = useSession((s) => s.session);
  if (!status) return null;
  const { sync } = status;
  return (
    <footer className="statusbar" data-testid="statusbar" aria-label="Station status">
      <span data-testid="statusbar-station">
        {status.stationName} · {status.distributionCenter}
      </span>
      {session && (
        <span data-testid="statusbar-user">
          {session.staff.displayName} ({ROLE_LABELS[session.staff.role]})
        </span>
      )}
      <span data-testid="statusbar-online" data-online={status.online} className={status.online ? 'ok' : 'warn'}>
        {status.online ? 'Online' : 'Offline'}
      </span>
      <span data-testid="statusbar-sync" data-state={sync.state}>
        Sync: {sync.pendingMutations} pending · last {formatTime(sync.lastSyncAt)}
        {sync.rejectedMutations > 0 && <> · <strong>{sync.rejectedMutations} rejected</strong></>}
        {sync.conflicts > 0 && <> · <strong>{sync.conflicts} conflicts</strong></>}
      </span>
      {!status.registered && (
        <span className="warn" data-testid="statusbar-unregistered">
          Not registered with the central office
        </span>
      )}
    </footer>
  );
}
