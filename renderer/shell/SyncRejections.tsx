import { useCallback, useEffect, useState } from 'react';
import type { SyncStatus } from '../../core/sync/contract';
import { call } from '../api/client';
import { ErrorMessage } from '../components/ErrorMessage';
import { useAction } from '../components/use-call';
import { useSession } from '../store/session-store';

/**
 * Changes the central office refused, with its reason: the staff member reads
 * why (the order was cancelled, another station packed it first) and clears
 * the entry. Clearing is audited; the change itself was never applied.
 */
export function SyncRejections({ onClose }: { onClose(): void }) {
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const refreshStatus = useSession((s) => s.refreshStatus);
  const load = useAction(useCallback(async () => setStatus(await call('sync.status', {})), []));
  const dismiss = useAction(async (mutationId: string) => {
    setStatus(await call('sync.dismissRejection', { mutationId }));
    await refreshStatus();
  });
  const { run } = load;
  useEffect(() => {
    void run();
  }, [run]);
  // Escape closes it wherever focus is (a cleared entry takes its button, and the focus, with it).
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') onClose();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [onClose]);

  const rejections = status?.recentRejections ?? [];
  return (
    <section
      className="sync-panel"
      role="dialog"
      aria-label="Changes the central office refused"
      data-testid="sync-rejections"
    >
      <header>
        <h2>Refused by the central office</h2>
        {/* Focus lands in the panel, so the keyboard works in it at once. */}
        <button type="button" className="secondary" data-testid="sync-rejections-close" onClick={onClose} autoFocus>
          Close
        </button>
      </header>
      {status && rejections.length === 0 && <p data-testid="sync-rejections-empty">Nothing refused.</p>}
      <ul>
        {rejections.map((r) => (
          <li key={r.mutationId} data-testid="sync-rejection" data-mutation-id={r.mutationId}>
            <div>
              <strong>{r.name}</strong> <span className="muted">made {new Date(r.at).toLocaleString()}</span>
              <p data-testid="sync-rejection-reason" data-reason={r.reason ?? ''}>
                {r.message}
              </p>
            </div>
            <button type="button" className="secondary" data-testid="sync-rejection-dismiss" disabled={dismiss.busy} onClick={() => void dismiss.run(r.mutationId)}>
              Clear
            </button>
          </li>
        ))}
      </ul>
      {status && status.rejectedMutations > rejections.length && (
        <p className="muted">Showing the newest {rejections.length} of {status.rejectedMutations}.</p>
      )}
      <ErrorMessage error={load.error ?? dismiss.error} testId="sync-rejections-error" />
    </section>
  );
}
