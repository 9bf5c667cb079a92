import { useCallback, useEffect, useState } from 'react';
import {
  AffiliateStatusSchema, decisionsAllowed, type Affiliate, type AffiliateDecisionKind, type AffiliateStatus,
} from '../../../core/privacy/affiliates';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FieldNote, fieldAria, formLevel, issueFor } from '../../components/fields';
import { useAction } from '../../components/use-call';
import { useReveal } from '../../components/use-reveal';
import { ReasonSchema } from '../../../core/privacy/common';
import { maxLengthOf } from '../../../core/text';

const STATUS_LABELS: Record<AffiliateStatus, string> = { applied: 'Applied', approved: 'Approved', rejected: 'Rejected', suspended: 'Suspended' };
const DECISION_LABELS: Record<AffiliateDecisionKind, string> = { approve: 'Approve', reject: 'Reject', suspend: 'Suspend' };

/** Affiliate applications and decisions. policy: affiliate data is used strictly for the affiliate program. */
export function AffiliatesTab() {
  const [status, setStatus] = useState<AffiliateStatus | ''>('');
  const [affiliates, setAffiliates] = useState<Affiliate[]>([]);
  const [openId, setOpenId] = useState<number | null>(null);
  const [reviewClicks, setReviewClicks] = useState<number | null>(null);
  const detailTitle = useReveal<HTMLHeadingElement>(reviewClicks);
  const [reason, setReason] = useState('');
  const [notice, setNotice] = useState<string | null>(null);
  const load = useAction(useCallback(async (s: AffiliateStatus | '') => {
    setAffiliates((await call('privacy.affiliates.list', s ? { status: s } : {})).affiliates);
  }, []));
  const decide = useAction(async (a: Affiliate, decision: AffiliateDecisionKind) => {
    const updated = await call('privacy.affiliates.decide', { affiliateId: a.id, decision, reason });
    setAffiliates((list) => list.map((x) => (x.id === updated.id ? updated : x)));
    setReason('');
    setNotice(`${updated.siteName} is now ${STATUS_LABELS[updated.status].toLowerCase()}.`);
  });

  useEffect(() => {
    void load.run(status);
  }, [load.run, status]);

  const open = affiliates.find((a) => a.id === openId) ?? null;
  return (
    <div className="stack">
      <p className="muted">Applications to the affiliate network. This information is used for the affiliate program only, never for marketing.</p>
      <div className="toolbar">
        <label htmlFor="privacy-affiliates-filter">Show</label>
        <select id="privacy-affiliates-filter" data-testid="privacy-affiliates-filter" value={status} onChange={(e) => setStatus(e.target.value === '' ? '' : AffiliateStatusSchema.parse(e.target.value))}>
          <option value="">All applications</option>
          {AffiliateStatusSchema.options.map((s) => (
            <option key={s} value={s}>
              {STATUS_LABELS[s]}
            </option>
          ))}
        </select>
      </div>
      <ErrorMessage error={load.error} testId="privacy-affiliates-error" />
      <div className="table-scroll">
        <table data-testid="privacy-affiliates-table">
          <caption className="sr-only">Affiliate applications</caption>
          <thead>
            <tr>
              <th scope="col">Site</th>
              <th scope="col">Primary contact</th>
              <th scope="col">Applied</th>
              <th scope="col">Status</th>
              <th scope="col">Review</th>
            </tr>
          </thead>
          <tbody>
            {affiliates.map((a) => (
              <tr key={a.id} data-testid={`privacy-affiliate-row-${a.id}`} className={a.id === openId ? 'selected' : undefined}>
                <td>
                  {a.siteName}
                  <br />
                  <span className="muted breakable">{a.siteUrl}</span>
                </td>
                <td className="breakable">{a.primaryContact}</td>
                <td className="nowrap">{a.createdAt.slice(0, 10)}</td>
                <td data-testid={`privacy-affiliate-status-${a.id}`}>{STATUS_LABELS[a.status]}</td>
                <td>
                  <button type="button" className="secondary" data-testid={`privacy-affiliate-open-${a.id}`} onClick={() => (setOpenId(a.id), setNotice(null), setReviewClicks((n) => (n ?? 0) + 1))}>
                    Review<span className="sr-only"> {a.siteName}</span>
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {open && (
        <section className="detail" aria-labelledby="privacy-affiliate-title" data-testid="privacy-affiliate-detail">
          <h2 id="privacy-affiliate-title" ref={detailTitle} tabIndex={-1}>
            {open.siteName}
          </h2>
          <dl className="facts">
            <dt>Site</dt>
            <dd>{open.siteUrl}</dd>
            <dt>Mailing address</dt>
            <dd className="pre">{open.mailingAddress}</dd>
            <dt>Primary contact</dt>
            <dd>{open.primaryContact}</dd>
            <dt>Pay-to address</dt>
            <dd className="pre">{open.payToAddress}</dd>
            <dt>Technical contact</dt>
            <dd>{open.technicalContact}</dd>
            <dt>Status</dt>
            <dd data-testid="privacy-affiliate-detail-status">{STATUS_LABELS[open.status]}</dd>
          </dl>
          <h3>Decisions</h3>
          {open.decisions.length === 0 ? (
            <p className="muted">No decision yet.</p>
          ) : (
            <table data-testid="privacy-affiliate-history">
              <thead>
                <tr>
                  <th scope="col">When</th>
                  <th scope="col">Decision</th>
                  <th scope="col">By</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {open.decisions.map((d) => (
                  <tr key={d.id}>
                    <td>{d.at.replace('T', ' ').slice(0, 16)}</td>
                    <td>
                      {STATUS_LABELS[d.fromStatus]} → {STATUS_LABELS[d.toStatus]}
                    </td>
                    <td>{d.staff.displayName}</td>
                    <td>{d.reason}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {decisionsAllowed(open.status).length > 0 && (
            <form className="stack" onSubmit={(e) => e.preventDefault()}>
              <label htmlFor="privacy-affiliate-reason">Reason for the decision (kept in the history and the audit log)</label>
              <textarea maxLength={maxLengthOf(ReasonSchema)} id="privacy-affiliate-reason" data-testid="privacy-affiliate-reason" rows={2} value={reason} onChange={(e) => setReason(e.target.value)} {...fieldAria('privacy-affiliate-reason', issueFor(decide.error, 'reason'))} />
              <FieldNote id="privacy-affiliate-reason" error={issueFor(decide.error, 'reason')} />
              <div className="actions">
                {decisionsAllowed(open.status).map((d) => (
                  <button
                    key={d}
                    type="button"
                    className={d === 'approve' ? undefined : 'secondary'}
                    data-testid={`privacy-affiliate-${d}`}
                    disabled={decide.busy}
                    onClick={() => void decide.run(open, d)}
                  >
                    {DECISION_LABELS[d]}
                  </button>
                ))}
              </div>
            </form>
          )}
          <ErrorMessage error={formLevel(decide.error, ['reason'])} testId="privacy-affiliate-error" />
          {notice && (
            <p role="status" data-testid="privacy-affiliate-notice">
              {notice}
            </p>
          )}
        </section>
      )}
    </div>
  );
}
