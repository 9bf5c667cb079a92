import { useEffect, useState } from 'react';
import { formatPhone } from '../../../core/contact/phone';
import type { Customer360 } from '../../../core/lookup/schemas';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../components/use-call';
import { useLookup } from './lookup-store';
import { useTablesChanged } from '../../store/table-changes';
import { AccountEdits } from './edit/AccountEdits';
import { CallNoteForm } from './edit/CallNoteForm';
import { ConflictNotices } from './edit/ConflictNotices';
import { ConsentHistory } from './edit/ConsentHistory';
import { ProblemList, ReportProblemForm, canReportProblem } from './edit/OrderProblems';
import { OPEN_PROBLEM_STATES } from '../../../core/customers/replacement-policy';

const money = (cents: number) => `$${(cents / 100).toFixed(2)}`;
const day = (iso: string | null) => (iso ? iso.slice(0, 10) : '—');
const PREF_LABELS: Record<keyof NonNullable<Customer360['preferences']>, string> = {
  emailNewsletter: 'Newsletters (email)',
  emailOffers: 'Special offers (email)',
  emailPromotions: 'Promotional announcements (email)',
  emailSurveys: 'Consumer surveys (email)',
  postalOffers: 'Offers by postal mail',
  partnerMailingsExcluded: 'Excluded from partner mailings',
};

function Section({ id, title, children }: { id: string; title: string; children: React.ReactNode }) {
  return (
    <section className="c360-section" id={id} aria-labelledby={`${id}-title`} data-testid={id}>
      <h3 id={`${id}-title`} tabIndex={-1}>
        {title}
      </h3>
      {children}
    </section>
  );
}

/** The 360's sections in reading order; Alt+Shift+digit jumps to one (Alt+digit is the shell's screens). */
const SECTIONS = [
  ['c360-contact', 'Contact'],
  ['c360-at-home', 'At home'],
  ['c360-queue', 'Queue'],
  ['c360-shipments', 'Shipments'],
  ['c360-billing', 'Billing'],
  ['c360-recommendations', 'Recommendations'],
  ['c360-preferences', 'Preferences'],
  ['c360-history', 'History'],
  ['c360-problems', 'Problems'],
] as const;

function jumpTo(id: string): void {
  const heading = document.getElementById(`${id}-title`);
  heading?.scrollIntoView({ block: 'start' });
  heading?.focus({ preventScroll: true });
}

/** "20 of 26 · show all": the first rows of a long list, and a button for the rest. */
function PagedNote({ shown, total, onAll, testId }: { shown: number; total: number; onAll(): void; testId: string }) {
  if (shown >= total) return null;
  return (
    <p className="muted paged-note">
      {shown} of {total} ·{' '}
      <button type="button" className="linklike" data-testid={testId} onClick={onAll}>
        show all
      </button>
    </p>
  );
}

const ACTION_WORDS: Record<string, string> = {
  'customer.viewed': 'Opened',
  'customer.listed': 'Listed in a search',
  'customer.fetched': 'Fetched to a desk',
  'customer.contact_updated': 'Contact details changed',
  'customer.address_updated': 'Address changed',
  'customer.card_updated': 'Card changed',
  'customer.note_added': 'Note added',
  'shipment.problem_reported': 'Order problem reported',
  'shipment.problem_approved': 'Replacement approved',
  'shipment.problem_refused': 'Replacement refused',
};
const REASON_WORDS: Record<string, string> = { phone_call: 'phone call', email: 'email', postal_mail: 'letter', follow_up: 'follow-up', other: 'other' };
const CONTACT_REASONS = new Set(['phone_call', 'email', 'postal_mail']);

/** What the 360 view is read from: another desk's edit, pulled into one of these, shows here within a second. */
const CUSTOMER_VIEW_TABLES = ['customers', 'addresses', 'payment_methods', 'preferences', 'consent_events', 'shipments', 'charges', 'rental_queue', 'reviews', 'customer_notes', 'order_problems', 'titles', 'audit_log'];

/**
 * Everything a rep needs on the phone; opening it is audited in main with the
 * chosen reason. While it is open it follows the station's changes: a change
 * to its tables reads it again with `customers.refresh360`, which is not an
 * opening and writes no audit row.
 */
export function Customer360Panel({ customerId }: { customerId: number }) {
  const reason = useLookup((s) => s.reason);
  const [view, setView] = useState<Customer360 | null>(null);
  // Bumped by every saved edit and every change from elsewhere: the consent history and conflict notices read again.
  const [changes, setChanges] = useState(0);
  // The last contact before this call: read from the opening's view (assembled before its own audit row), kept while the view refreshes.
  const [previousContact, setPreviousContact] = useState<Customer360['history'][number] | null>(null);
  const load = useAction(async () => {
    const opened = await call('customers.get360', { customerId, reason });
    setPreviousContact(opened.history.find((h) => h.kind === 'audit' && h.channel !== null && CONTACT_REASONS.has(h.channel)) ?? null);
    setView(opened);
  });
  const refresh = useAction(async () => {
    const fresh = await call('customers.refresh360', { customerId });
    // Still the customer on screen (a rep may have opened another meanwhile).
    setView((v) => (v?.profile.id === fresh.profile.id ? fresh : v));
    setChanges((n) => n + 1);
  });
  useEffect(() => {
    setView(null);
    void load.run();
  }, [customerId]);
  // Only once the opening (audited) has answered: before that there is nothing to read again.
  useTablesChanged(CUSTOMER_VIEW_TABLES, () => {
    if (view?.profile.id === customerId) void refresh.run();
  });
  const [showAll, setShowAll] = useState<Record<string, boolean>>({});
  useEffect(() => setShowAll({}), [customerId]);
  // The order whose problem the rep is reporting (issue 15 item 5), if any.
  const [reporting, setReporting] = useState<number | null>(null);
  useEffect(() => setReporting(null), [customerId]);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (!e.altKey || !e.shiftKey || e.ctrlKey || e.metaKey) return;
      const n = /^Digit([1-9])$/.exec(e.code)?.[1];
      const section = n ? SECTIONS[Number(n) - 1] : undefined;
      if (section) {
        e.preventDefault();
        jumpTo(section[0]);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, []);

  if (!view) return <ErrorMessage error={load.error} testId="c360-error" />;
  const { profile } = view;
  const page = (key: string, size: number) => (showAll[key] ? Infinity : size);
  const lastPayment = view.billing[0] ?? null;
  const paymentFailed = lastPayment !== null && lastPayment.status !== 'paid';
  const lastContact = previousContact;
  const queueShown = Math.min(view.queue.length, page('queue', 20));
  const shipmentsShown = Math.min(view.shipments.length, page('shipments', 10));
  const billingShown = Math.min(view.billing.length, page('billing', 6));
  const historyShown = Math.min(view.history.length, page('history', 15));
  const openProblems = view.problems.filter((p) => OPEN_PROBLEM_STATES.includes(p.state)).length;
  const reportingShipment = reporting === null ? undefined : view.shipments.find((s) => s.id === reporting);
  return (
    <article className="detail c360" data-testid="customer360" aria-labelledby="c360-name">
      <header className="c360-summary" data-testid="c360-summary">
        <h2 id="c360-name" data-testid="c360-name">
          {profile.fullName}
        </h2>
        <span className="c360-number" data-testid="c360-number">
          Customer #{profile.id}
        </span>
        <dl className="summary-facts">
          <div>
            <dt>Account</dt>
            <dd data-testid="c360-status" className={profile.status === 'active' ? '' : 'warn'}>
              {profile.status}
            </dd>
          </div>
          <div>
            <dt>Plan</dt>
            <dd data-testid="c360-plan">{profile.planDiscsOut} at a time</dd>
          </div>
          <div>
            <dt>Discs out</dt>
            <dd data-testid="c360-discs-out">
              {view.atHome.length} of {profile.planDiscsOut}
            </dd>
          </div>
          <div>
            <dt>Last payment</dt>
            <dd data-testid="c360-last-payment" data-failed={paymentFailed} className={paymentFailed ? 'bad' : ''}>
              {lastPayment ? `${day(lastPayment.chargedAt)} · ${money(lastPayment.amountCents)} · ${lastPayment.status}` : 'none yet'}
            </dd>
          </div>
          <div>
            <dt>Age</dt>
            <dd data-testid="c360-age" className={profile.ageCertified ? '' : 'bad'}>
              {profile.ageCertified ? 'certified' : 'NOT certified'}
            </dd>
          </div>
          <div>
            <dt>Open problems</dt>
            <dd data-testid="c360-open-problems" className={openProblems > 0 ? 'warn' : ''}>
              {openProblems}
            </dd>
          </div>
          <div>
            <dt>Last contact</dt>
            <dd data-testid="c360-last-contact">{lastContact ? `${day(lastContact.at)} · ${REASON_WORDS[lastContact.channel!] ?? lastContact.channel}` : '—'}</dd>
          </div>
        </dl>
        <nav className="c360-tabs" aria-label="Sections of this customer" data-testid="c360-tabs">
          {SECTIONS.map(([id, label], i) => (
            <button key={id} type="button" className="linklike" data-testid={`c360-tab-${id.slice(5)}`} aria-keyshortcuts={`Alt+Shift+${i + 1}`} title={`Alt+Shift+${i + 1}`} onClick={() => jumpTo(id)}>
              {label}
            </button>
          ))}
        </nav>
      </header>
      <Section id="c360-contact" title="Contact">
      <dl className="facts">
        <dt>Email</dt>
        <dd data-testid="c360-email">{profile.email}</dd>
        <dt>Phone</dt>
        <dd data-testid="c360-phone" data-e164={profile.phone ?? ''}>
          {profile.phone ? formatPhone(profile.phone) : '—'}
        </dd>
        <dt>Ships to</dt>
        <dd data-testid="c360-address">
          {profile.address ? (
            <>
              {profile.address.deliveryLine}
              {profile.address.secondaryLine && <>, {profile.address.secondaryLine}</>}
              <br />
              {profile.address.lastLine}
            </>
          ) : (
            '—'
          )}
        </dd>
        <dt>Card</dt>
        <dd data-testid="c360-card">{profile.card ? `${profile.card.brand.toUpperCase()} ending ${profile.card.last4} (exp ${String(profile.card.expMonth).padStart(2, '0')}/${profile.card.expYear})` : 'none on file'}</dd>
        <dt>Reviews as</dt>
        <dd>{profile.pseudonym}</dd>
      </dl>
      </Section>
      {view.source === 'central' && <p className="muted" data-testid="c360-source">Fetched from the central office and kept on this station.</p>}
      <ErrorMessage error={refresh.error} testId="c360-refresh-error" />

      <ConflictNotices customerId={profile.id} refresh={changes} />
      <CallNoteForm customerId={profile.id} onSaved={() => void refresh.run()} />
      <AccountEdits view={view} onView={(update) => setView((v) => (v ? update(v) : v))} onChanged={() => setChanges((n) => n + 1)} />

      <Section id="c360-at-home" title={`Discs at home (${view.atHome.length})`}>
        <ul className="plain">
          {view.atHome.map((s) => (
            <li key={s.shipmentId}>
              {s.titleName} · {s.orderNumber} · {s.daysOut} days out
            </li>
          ))}
        </ul>
      </Section>

      <Section id="c360-problems" title={`Order problems (${openProblems} open)`}>
        <ProblemList customerId={profile.id} problems={view.problems} onChanged={() => void refresh.run()} />
      </Section>

      <Section id="c360-queue" title={`Rental queue (${view.queue.length})`}>
        <ol className="compact" data-testid="c360-queue-list">
          {view.queue.slice(0, queueShown).map((q) => (
            <li key={q.titleId}>{q.titleName}</li>
          ))}
        </ol>
        <PagedNote shown={queueShown} total={view.queue.length} testId="c360-queue-all" onAll={() => setShowAll((a) => ({ ...a, queue: true }))} />
      </Section>

      <Section id="c360-shipments" title="Shipment history">
        <table>
          <thead>
            <tr>
              <th scope="col">Order</th>
              <th scope="col">Title</th>
              <th scope="col">Status</th>
              <th scope="col">Shipped</th>
              <th scope="col">Returned</th>
            </tr>
          </thead>
          <tbody>
            {view.shipments.slice(0, shipmentsShown).map((s) => (
              <tr key={s.id}>
                <td>{s.orderNumber}</td>
                <td>{s.titleName}</td>
                <td>
                  {s.status}
                  {/* Under the status, not a column of its own: the table still fits beside the search at 1024 px. */}
                  {canReportProblem(s, view.problems) && (
                    <>
                      <br />
                      <button type="button" className="linklike problem-open" data-testid={`problem-report-open-${s.id}`} aria-expanded={reporting === s.id} onClick={() => setReporting(s.id)}>
                        Report a problem
                      </button>
                    </>
                  )}
                </td>
                <td>{day(s.shippedAt)}</td>
                <td>{day(s.returnedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <PagedNote shown={shipmentsShown} total={view.shipments.length} testId="c360-shipments-all" onAll={() => setShowAll((a) => ({ ...a, shipments: true }))} />
        {reportingShipment && (
          <ReportProblemForm
            key={reportingShipment.id}
            customerId={profile.id}
            shipment={reportingShipment}
            onCancel={() => {
              setReporting(null);
              document.querySelector<HTMLElement>(`[data-testid="problem-report-open-${reportingShipment.id}"]`)?.focus();
            }}
            onDone={() => {
              setReporting(null);
              void refresh.run().then(() => jumpTo('c360-problems'));
            }}
          />
        )}
      </Section>

      <Section id="c360-billing" title="Billing history">
        <table>
          <thead>
            <tr>
              <th scope="col">Period</th>
              <th scope="col">Amount</th>
              <th scope="col">Paid with</th>
              <th scope="col">Status</th>
            </tr>
          </thead>
          <tbody>
            {view.billing.slice(0, billingShown).map((c) => (
              <tr key={`${c.period}-${c.chargedAt}`} className={c.status === 'paid' ? '' : 'failed'} data-status={c.status}>
                <td>{c.period}</td>
                <td>{money(c.amountCents)}</td>
                <td>
                  {c.brand.toUpperCase()} ending {c.last4}
                </td>
                <td>{c.status}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <PagedNote shown={billingShown} total={view.billing.length} testId="c360-billing-all" onAll={() => setShowAll((a) => ({ ...a, billing: true }))} />
      </Section>

      <Section id="c360-recommendations" title="Recommendations">
        <ul className="plain">
          {view.recommendations.map((r) => (
            <li key={r.id} data-testid={`c360-recommendation-${r.id}`}>
              {r.name} <span className="muted">({r.genre})</span>
            </li>
          ))}
        </ul>
      </Section>

      <Section id="c360-preferences" title="Preferences">
        {view.preferences ? (
          <ul className="plain">
            {Object.entries(PREF_LABELS).map(([key, label]) => (
              <li key={key} data-testid={`c360-pref-${key}`}>
                {label}: <strong>{view.preferences![key as keyof typeof PREF_LABELS] ? 'yes' : 'no'}</strong>
              </li>
            ))}
          </ul>
        ) : (
          <p>No preferences recorded.</p>
        )}
      </Section>

      <Section id="c360-reviews" title="Reviews">
        {view.reviews.length === 0 ? (
          <p>No reviews.</p>
        ) : (
          <ul className="plain">
            {view.reviews.map((r) => (
              <li key={r.id}>
                <strong>{r.pseudonym}</strong> on {r.titleName}: {'★'.repeat(r.stars)} “{r.body}” <span className="muted">({r.moderationState})</span>
              </li>
            ))}
          </ul>
        )}
      </Section>

      <ConsentHistory customerId={profile.id} refresh={changes} />

      <Section id="c360-history" title="Change history">
        <ul className="plain" data-testid="c360-history-list">
          {view.history.slice(0, historyShown).map((h, i) => (
            <li key={`${h.at}-${i}`}>
              {day(h.at)} · {h.kind === 'audit' ? (ACTION_WORDS[h.what] ?? h.what) : h.kind === 'note' ? <q data-testid="c360-history-note">{h.what}</q> : h.what}
              {h.kind === 'consent' ? `: ${h.oldValue ?? '—'} → ${h.newValue ?? '—'}` : ''} · {h.staffName ?? h.staffId ?? 'the customer'}{' '}
              {h.channel ? `(${REASON_WORDS[h.channel] ?? h.channel})` : ''}
            </li>
          ))}
        </ul>
        <PagedNote shown={historyShown} total={view.history.length} testId="c360-history-all" onAll={() => setShowAll((a) => ({ ...a, history: true }))} />
      </Section>
    </article>
  );
}
