import { useEffect, useState } from 'react';
import type { Customer360 } from '../../../core/lookup/schemas';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../components/use-call';
import { useLookup } from './lookup-store';
import { useTablesChanged } from '../../store/table-changes';
import { AccountEdits } from './edit/AccountEdits';
import { ConflictNotices } from './edit/ConflictNotices';
import { ConsentHistory } from './edit/ConsentHistory';

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
    <section className="c360-section" aria-labelledby={`${id}-title`} data-testid={id}>
      <h3 id={`${id}-title`}>{title}</h3>
      {children}
    </section>
  );
}

/** What the 360 view is read from: another desk's edit, pulled into one of these, shows here within a second. */
const CUSTOMER_VIEW_TABLES = ['customers', 'addresses', 'payment_methods', 'preferences', 'consent_events', 'shipments', 'charges', 'rental_queue', 'reviews', 'titles', 'audit_log'];

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
  const load = useAction(async () => setView(await call('customers.get360', { customerId, reason })));
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

  if (!view) return <ErrorMessage error={load.error} testId="c360-error" />;
  const { profile } = view;
  return (
    <article className="detail" data-testid="customer360" aria-labelledby="c360-name">
      <h2 id="c360-name" data-testid="c360-name">
        {profile.fullName}
      </h2>
      <dl className="facts">
        <dt>Email</dt>
        <dd data-testid="c360-email">{profile.email}</dd>
        <dt>Phone</dt>
        <dd data-testid="c360-phone">{profile.phone ?? '—'}</dd>
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
        <dt>Plan</dt>
        <dd>{profile.planDiscsOut} out at a time · {profile.status}{profile.ageCertified ? '' : ' · NOT age-certified'}</dd>
        <dt>Reviews as</dt>
        <dd>{profile.pseudonym}</dd>
      </dl>
      {view.source === 'central' && <p className="muted" data-testid="c360-source">Fetched from the central office and kept on this station.</p>}
      <ErrorMessage error={refresh.error} testId="c360-refresh-error" />

      <ConflictNotices customerId={profile.id} refresh={changes} />
      <AccountEdits view={view} onView={(update) => setView((v) => (v ? update(v) : v))} onChanged={() => setChanges((n) => n + 1)} />

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

      <Section id="c360-at-home" title={`Discs at home (${view.atHome.length})`}>
        <ul className="plain">
          {view.atHome.map((s) => (
            <li key={s.shipmentId}>
              {s.titleName} · {s.orderNumber} · {s.daysOut} days out
            </li>
          ))}
        </ul>
      </Section>

      <Section id="c360-queue" title={`Rental queue (${view.queue.length})`}>
        <ol className="compact">
          {view.queue.slice(0, 20).map((q) => (
            <li key={q.titleId}>{q.titleName}</li>
          ))}
        </ol>
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
            {view.shipments.map((s) => (
              <tr key={s.id}>
                <td>{s.orderNumber}</td>
                <td>{s.titleName}</td>
                <td>{s.status}</td>
                <td>{day(s.shippedAt)}</td>
                <td>{day(s.returnedAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
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
            {view.billing.map((c) => (
              <tr key={`${c.period}-${c.chargedAt}`}>
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
        <ul className="plain">
          {view.history.slice(0, 50).map((h, i) => (
            <li key={`${h.at}-${i}`}>
              {day(h.at)} · {h.what}
              {h.kind === 'consent' ? `: ${h.oldValue ?? '—'} → ${h.newValue ?? '—'}` : ''} · {h.staffId ?? 'customer'} {h.channel ? `(${h.channel})` : ''}
            </li>
          ))}
        </ul>
      </Section>
    </article>
  );
}
