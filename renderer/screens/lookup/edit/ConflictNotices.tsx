import { useEffect, useState } from 'react';
import type { ConflictView, RejectedChange } from '../../../../core/customers/schemas';
import { call } from '../../../api/client';
import { useAction } from '../../../components/use-call';
import { useTablesChanged } from '../../../store/table-changes';

/**
 * When an edit made here met an edit of the same field from another desk, the
 * central office decided (DESIGN §4) and this desk is told: the notice stays
 * in the customer's 360 view until a rep marks it seen. It arrives with a
 * sync, some time after the edit: read again when the station's conflicts or
 * outbox change (the "tables changed" signal).
 */
export function ConflictNotices({ customerId, refresh }: { customerId: number; refresh: number }) {
  const [conflicts, setConflicts] = useState<ConflictView[]>([]);
  const [rejections, setRejections] = useState<RejectedChange[]>([]);
  const load = useAction(async () => {
    const answer = await call('customers.conflicts', { customerId });
    setConflicts(answer.conflicts);
    setRejections(answer.rejections);
  });
  const seen = useAction(async (conflictId: string) => {
    await call('customers.markConflictSeen', { customerId, conflictId });
    setConflicts((list) => list.filter((c) => c.id !== conflictId));
  });
  useEffect(() => {
    setConflicts([]);
    setRejections([]);
    void load.run();
  }, [customerId]);
  useTablesChanged(['conflicts', 'outbox'], () => void load.run());
  useEffect(() => {
    if (refresh > 0) void load.run();
  }, [refresh]);

  if (conflicts.length === 0 && rejections.length === 0) return null;
  return (
    <section className="conflicts" data-testid="c360-conflicts" aria-labelledby="c360-conflicts-title">
      <h3 id="c360-conflicts-title">{conflicts.length > 0 ? 'Changed at another desk at the same time' : 'Changes the central office refused'}</h3>
      {rejections.length > 0 && (
        <ul className="plain">
          {rejections.map((r) => (
            <li key={r.mutationId} data-testid={`c360-rejection-${r.mutationId}`} data-reason={r.reason ?? ''}>
              <p>
                {r.what}: the central office refused this change, so it was undone here. {r.message}
              </p>
            </li>
          ))}
        </ul>
      )}
      <ul className="plain">
        {conflicts.map((c) => (
          <li key={c.id} data-testid={`c360-conflict-${c.id}`} data-resolution={c.resolution}>
            <p>{c.message}</p>
            <button type="button" className="secondary" data-testid={`c360-conflict-seen-${c.id}`} disabled={seen.busy} onClick={() => void seen.run(c.id)}>
              Mark as seen
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
