import { useState } from 'react';
import { ROLE_LABELS } from '../../core/roles';
import type { SyncNowResult } from '../../core/sync/contract';
import { syncAnswer } from './sync-answer';
import { call } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAction } from '../components/use-call';
import { useSession } from '../store/session-store';
import { SyncRejections } from './SyncRejections';

function formatTime(iso: string | null): string {
  return iso ? new Date(iso).toLocaleTimeString() : 'never';
}

/** How long a change has waited, in words ("3 min", "2 h 5 min", "1 day"). */
function waitedFor(iso: string): string {
  const minutes = Math.max(0, Math.floor((Date.now() - new Date(iso).getTime()) / 60_000));
  if (minutes < 1) return 'less than a minute';
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours} h${minutes % 60 ? ` ${minutes % 60} min` : ''}`;
  const days = Math.floor(hours / 24);
  return `${days} day${days === 1 ? '' : 's'}`;
}

export function StatusBar() {
  const status = useSession((s) => s.status);
  const session = useSession((s) => s.session);
  const refreshStatus = useSession((s) => s.refreshStatus);
  const [showRejections, setShowRejections] = useState(false);
  const [answer, setAnswer] = useState<SyncNowResult | null>(null);
  const syncNow = useAction(async () => {
    setAnswer(null);
    setAnswer(await call('sync.now', {}));
    await refreshStatus();
  });
  const settleStuck = useAction(async (mutationId: string, how: 'retry' | 'dismiss') => {
    await call(how === 'retry' ? 'sync.retryStuck' : 'sync.dismissStuck', { mutationId });
    await refreshStatus();
  });
  const maySettle = session?.staff.role === 'supervisor' || session?.staff.role === 'admin';
  if (!status) return null;
  const { sync } = status;
  const initial = sync.initialSync;
  return (
    <>
      {showRejections && <SyncRejections onClose={() => setShowRejections(false)} />}
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
          Sync: <span data-testid="statusbar-pending">{sync.pendingMutations} pending</span> · last {formatTime(sync.lastSyncAt)}
          {sync.conflicts > 0 && <> · <strong data-testid="statusbar-conflicts">{sync.conflicts} conflicts</strong></>}
        </span>
        {initial && (
          <span data-testid="statusbar-initial-sync" className="statusbar-progress">
            First sync: {initial.pulled.toLocaleString()}
            {initial.estimatedTotal ? <> of about {initial.estimatedTotal.toLocaleString()}</> : null} rows
            <progress max={initial.estimatedTotal ?? undefined} value={initial.estimatedTotal ? Math.min(initial.pulled, initial.estimatedTotal) : undefined} aria-label="First sync progress" />
          </span>
        )}
        {sync.rejectedMutations > 0 && (
          <button type="button" className="statusbar-link warn" data-testid="statusbar-rejected" aria-expanded={showRejections} onClick={() => setShowRejections((v) => !v)}>
            {sync.rejectedMutations} refused by the central office
          </button>
        )}
        {sync.stuck.map((c) => (
          <span key={c.mutationId} className="warn statusbar-stuck" role="status" data-testid="statusbar-stuck" data-mutation-id={c.mutationId}>
            Not sent after {c.attempts} tries: <strong data-testid="statusbar-stuck-name">{c.name}</strong> · <span data-testid="statusbar-stuck-message">{c.message}</span> · waiting{' '}
            <span data-testid="statusbar-stuck-waited">{waitedFor(c.at)}</span>
            {c.held > 0 && <> · {c.held} more held behind it</>}
            {maySettle && (
              <>
                {' '}
                <button type="button" className="statusbar-link" data-testid="statusbar-stuck-retry" disabled={settleStuck.busy} onClick={() => void settleStuck.run(c.mutationId, 'retry')}>
                  Retry
                </button>
                <button type="button" className="statusbar-link" data-testid="statusbar-stuck-dismiss" disabled={settleStuck.busy} onClick={() => void settleStuck.run(c.mutationId, 'dismiss')}>
                  Dismiss
                </button>
              </>
            )}
          </span>
        ))}
        {session && (
          <button type="button" className="statusbar-link" data-testid="statusbar-sync-now" disabled={syncNow.busy || sync.state === 'syncing'} onClick={() => void syncNow.run()}>
            {syncNow.busy ? 'Syncing…' : 'Sync now'}
          </button>
        )}
        {!status.registered && (
          <span className="warn" data-testid="statusbar-unregistered">
            Not registered with the central office
          </span>
        )}
        {session && (syncNow.busy || answer) && (
          <span
            role="status"
            data-testid="statusbar-sync-answer"
            data-outcome={syncNow.busy ? 'syncing' : answer!.run.outcome}
            className={`statusbar-answer${!syncNow.busy && answer!.run.outcome !== 'done' ? ' warn' : ''}`}
          >
            {syncNow.busy ? 'Syncing with the central office…' : syncAnswer(answer!)}
          </span>
        )}
        <ErrorMessage error={syncNow.error ?? settleStuck.error} testId="statusbar-sync-error" />
      </footer>
    </>
  );
}
