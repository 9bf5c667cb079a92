import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { ModerationAction, ModerationItem, PiiFlag } from '../../../core/privacy/reviews';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FieldNote, fieldAria, formLevel, issueFor } from '../../components/fields';
import { useAction } from '../../components/use-call';
import { ModerateInputSchema } from '../../../core/privacy/reviews';
import { maxLengthOf } from '../../../core/text';

const KIND_LABELS: Record<PiiFlag['kind'], string> = {
  email: 'email address',
  phone: 'phone number',
  street_address: 'street address',
  own_name: 'reviewer’s own name',
  url: 'web address',
};

/** The body with each flagged span marked and named (for screen readers too). */
function Highlighted({ body, flags }: { body: string; flags: readonly PiiFlag[] }) {
  const parts: ReactNode[] = [];
  let at = 0;
  [...flags].sort((a, b) => a.start - b.start).forEach((f, i) => {
    if (f.start > at) parts.push(body.slice(at, f.start));
    parts.push(
      <mark key={i} className="pii" data-kind={f.kind} title={KIND_LABELS[f.kind]}>
        {body.slice(f.start, f.end)}
        <span className="sr-only"> ({KIND_LABELS[f.kind]})</span>
      </mark>,
    );
    at = Math.max(at, f.end);
  });
  if (at < body.length) parts.push(body.slice(at));
  return <>{parts}</>;
}

function occurrences(body: string, text: string): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  if (text.trim().length === 0) return out;
  for (let i = body.indexOf(text); i >= 0; i = body.indexOf(text, i + text.length)) out.push({ start: i, end: i + text.length });
  return out;
}

function ReviewCard({ item, onDone }: { item: ModerationItem; onDone: (message: string) => void }) {
  const [reason, setReason] = useState('');
  const [extra, setExtra] = useState('');
  const act = useAction(async (action: ModerationAction) => {
    const result = await call('privacy.reviews.moderate', {
      reviewId: item.reviewId,
      bodyDigest: item.bodyDigest,
      action,
      ...(reason.trim() ? { reason } : {}),
      extraSpans: action === 'redact' ? occurrences(item.body, extra) : [],
    });
    onDone(
      result.state === 'redacted'
        ? `Review by ${item.pseudonym} redacted (${result.spansRemoved} removed): “${result.body}”`
        : `Review by ${item.pseudonym} ${result.state}.`,
    );
  });
  const id = item.reviewId;
  return (
    <li className="review" data-testid={`privacy-review-${id}`}>
      <div className="review-head">
        <strong>{item.pseudonym}</strong> on <em>{item.titleName}</em> · {'★'.repeat(item.stars)}
        <span className="sr-only">{item.stars} stars</span> · {item.writtenAt.slice(0, 10)}
      </div>
      <p className="review-body" data-testid={`privacy-review-body-${id}`}>
        <Highlighted body={item.body} flags={item.flags} />
      </p>
      <p className="muted" data-testid={`privacy-review-flags-${id}`}>
        {item.flags.length === 0 ? 'Nothing flagged.' : `Flagged: ${item.flags.map((f) => KIND_LABELS[f.kind]).join(', ')}.`}
      </p>
      <div className="form-grid">
        <label htmlFor={`privacy-review-extra-${id}`}>Also remove this exact text (optional)</label>
        <input /* not sent as text (found in the review and sent as spans); as long as a reason may be */ maxLength={500} id={`privacy-review-extra-${id}`} data-testid={`privacy-review-extra-${id}`} value={extra} onChange={(e) => setExtra(e.target.value)} />
        <label htmlFor={`privacy-review-reason-${id}`}>Reason (needed to reject, or to approve with flags)</label>
        <input maxLength={maxLengthOf(ModerateInputSchema.shape.reason)} id={`privacy-review-reason-${id}`} data-testid={`privacy-review-reason-${id}`} value={reason} onChange={(e) => setReason(e.target.value)} {...fieldAria(`privacy-review-reason-${id}`, issueFor(act.error, 'reason'))} />
        <FieldNote id={`privacy-review-reason-${id}`} error={issueFor(act.error, 'reason')} />
      </div>
      <div className="actions">
        <button type="button" data-testid={`privacy-review-redact-${id}`} disabled={act.busy} onClick={() => void act.run('redact')}>
          Redact flagged text
        </button>
        <button type="button" className="secondary" data-testid={`privacy-review-approve-${id}`} disabled={act.busy} onClick={() => void act.run('approve')}>
          Approve as written
        </button>
        <button type="button" className="secondary" data-testid={`privacy-review-reject-${id}`} disabled={act.busy} onClick={() => void act.run('reject')}>
          Reject
        </button>
      </div>
      <ErrorMessage error={formLevel(act.error, ['reason'])} testId={`privacy-review-error-${id}`} />
    </li>
  );
}

/**
 * Review moderation. policy: users should not post personal information on
 * review pages; pseudonyms only. Reviewers appear by pseudonym; redaction
 * removes the text for good and logs only what kind of thing was removed.
 */
export function ReviewsTab() {
  const [items, setItems] = useState<ModerationItem[]>([]);
  const [counts, setCounts] = useState({ flagged: 0, unflagged: 0 });
  const [includeUnflagged, setIncludeUnflagged] = useState(false);
  const [message, setMessage] = useState<string | null>(null);
  const load = useAction(useCallback(async (all: boolean) => {
    const q = await call('privacy.reviews.queue', { includeUnflagged: all });
    setItems(q.items);
    setCounts({ flagged: q.pendingFlagged, unflagged: q.pendingUnflagged });
  }, []));
  useEffect(() => {
    void load.run(includeUnflagged);
  }, [load.run, includeUnflagged]);

  const done = (reviewId: number) => (text: string) => {
    setMessage(text);
    setItems((list) => list.filter((i) => i.reviewId !== reviewId));
  };

  return (
    <div className="stack">
      <div className="toolbar">
        <span data-testid="privacy-reviews-counts">
          {counts.flagged} pending review{counts.flagged === 1 ? '' : 's'} with personal information flagged; {counts.unflagged} without.
        </span>
        <label className="check">
          <input type="checkbox" data-testid="privacy-reviews-include-unflagged" checked={includeUnflagged} onChange={(e) => setIncludeUnflagged(e.target.checked)} />
          Show unflagged pending reviews too
        </label>
        <button type="button" className="secondary" data-testid="privacy-reviews-refresh" onClick={() => void load.run(includeUnflagged)}>
          Refresh
        </button>
      </div>
      <ErrorMessage error={load.error} testId="privacy-reviews-error" />
      {message && (
        <p role="status" data-testid="privacy-review-result">
          {message}
        </p>
      )}
      <ul className="plain reviews" data-testid="privacy-reviews-queue" aria-label="Reviews waiting for moderation">
        {items.map((item) => (
          <ReviewCard key={`${item.reviewId}-${item.bodyDigest}`} item={item} onDone={done(item.reviewId)} />
        ))}
      </ul>
      {items.length === 0 && !load.busy && <p className="muted">Nothing waiting.</p>}
    </div>
  );
}
