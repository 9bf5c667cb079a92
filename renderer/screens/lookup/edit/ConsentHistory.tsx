import { useEffect, useState } from 'react';
import type { ConsentEventView } from '../../../../core/customers/schemas';
import { call } from '../../../api/client';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { useAction } from '../../../components/use-call';

const FIELD_LABELS: Record<string, string> = {
  email_newsletter: 'Newsletters (email)',
  email_offers: 'Special offers (email)',
  email_promotions: 'Promotional announcements (email)',
  email_surveys: 'Consumer surveys (email)',
  postal_offers: 'Offers by postal mail',
  partner_mailings_excluded: 'Excluded from partner mailings',
  policy_version: 'Privacy policy accepted',
};
const CHANNELS: Record<string, string> = { phone: 'by phone', web: 'online', mail: 'by mail' };
const yesNo = (v: string | null) => (v === 'true' ? 'yes' : v === 'false' ? 'no' : (v ?? '—'));

/** Every change of the customer's mailing preferences: what, old -> new, who, how, under which policy version (DESIGN §2 consent_events). */
export function ConsentHistory({ customerId, refresh }: { customerId: number; refresh: number }) {
  const [events, setEvents] = useState<ConsentEventView[] | null>(null);
  const load = useAction(async () => setEvents((await call('customers.consentHistory', { customerId })).events));
  useEffect(() => {
    void load.run();
  }, [customerId, refresh]);
  return (
    <section className="c360-section" data-testid="c360-consent-history" aria-labelledby="c360-consent-history-title">
      <h3 id="c360-consent-history-title">Consent history</h3>
      <ErrorMessage error={load.error} testId="c360-consent-history-error" />
      {events && events.length === 0 && <p>No changes since registration: every email publication on, partner mailings not excluded.</p>}
      {events && events.length > 0 && (
        <div className="table-scroll">
          <table>
            <thead>
              <tr>
                <th scope="col">When</th>
                <th scope="col">Preference</th>
                <th scope="col">Change</th>
                <th scope="col">By</th>
                <th scope="col">Channel</th>
                <th scope="col">Policy</th>
              </tr>
            </thead>
            <tbody>
              {events.map((e) => (
                <tr key={e.id} data-testid="c360-consent-row" data-field={e.field}>
                  <td>{e.at.slice(0, 16).replace('T', ' ')}</td>
                  <td>{FIELD_LABELS[e.field] ?? e.field}</td>
                  <td>
                    {yesNo(e.oldValue)} → {yesNo(e.newValue)}
                  </td>
                  <td data-testid="c360-consent-rep">{e.rep ?? 'the customer'}</td>
                  <td data-testid="c360-consent-channel">{CHANNELS[e.channel] ?? e.channel}</td>
                  <td>{e.policyVersion}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
