import { useEffect, useState } from 'react';
import type { CallerStatus } from '../../../../core/customers/caller-check';
import type { Customer360 } from '../../../../core/lookup/schemas';
import { call, onCallError } from '../../../api/client';
import { useSession } from '../../../store/session-store';
import { AddressForm } from './AddressForm';
import { CardForm } from './CardForm';
import { ContactForm } from './ContactForm';
import { PasswordReset } from './PasswordReset';
import { PreferencesForm } from './PreferencesForm';
import { VerifyCallerForm } from './VerifyCallerForm';

const hhmm = (iso: string) => new Date(iso).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/**
 * The account edits of a customer's 360 view (issue #5): the caller check
 * first, then the forms. main decides whether this session may edit (and says
 * CALLER_NOT_VERIFIED when a check ran out); this panel follows what it says.
 */
export function AccountEdits({ view, onView, onChanged }: { view: Customer360; onView(update: (v: Customer360) => Customer360): void; onChanged(): void }) {
  const customerId = view.profile.id;
  const [status, setStatus] = useState<CallerStatus | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const role = useSession((s) => s.session?.staff.role);

  useEffect(() => {
    setStatus(null);
    setNotice(null);
    void call('customers.callerStatus', { customerId }).then(setStatus, () => undefined);
  }, [customerId]);

  // An edit refused because the check ran out sends the rep back to the check, saying why.
  useEffect(
    () =>
      onCallError((err) => {
        if (err.code === 'FORBIDDEN' && err.message.startsWith('CALLER_NOT_VERIFIED')) {
          setNotice('The caller check has run out. Verify the caller again to go on.');
          setStatus((s) => (s ? { ...s, verified: false, verifiedUntil: null } : s));
        }
      }),
    [],
  );

  if (role === 'warehouse') return null;
  const saved = () => onChanged();

  return (
    <section className="account-edits c360-section" data-testid="c360-edits" aria-labelledby="c360-edits-title">
      <h3 id="c360-edits-title">Change the account</h3>
      {!status?.verified ? (
        <VerifyCallerForm
          customerId={customerId}
          status={status}
          notice={notice}
          onStatus={(s) => {
            setStatus(s);
            if (s.verified) setNotice(null);
          }}
        />
      ) : (
        <div className="stack" data-testid="c360-edit-forms">
          <p role="status" data-testid="c360-verified">
            Caller verified ({status.method === 'email' ? 'email on file' : 'ZIP and card last 4'}) until {status.verifiedUntil ? hhmm(status.verifiedUntil) : '—'}.
          </p>
          {view.preferences && (
            <PreferencesForm
              customerId={customerId}
              preferences={view.preferences}
              onSaved={(preferences) => {
                onView((v) => ({ ...v, preferences }));
                saved();
              }}
            />
          )}
          <ContactForm
            key={`contact-${customerId}`}
            customerId={customerId}
            contact={{ fullName: view.profile.fullName, email: view.profile.email, phone: view.profile.phone }}
            onSaved={(c) => {
              onView((v) => ({ ...v, profile: { ...v.profile, fullName: c.fullName, email: c.email, phone: c.phone } }));
              saved();
            }}
          />
          <AddressForm
            key={`address-${customerId}`}
            customerId={customerId}
            onSaved={(a) => {
              onView((v) => ({ ...v, profile: { ...v.profile, address: a } }));
              saved();
            }}
          />
          <CardForm
            key={`card-${customerId}`}
            customerId={customerId}
            onSaved={(card) => {
              onView((v) => ({ ...v, profile: { ...v.profile, card } }));
              saved();
            }}
          />
          <PasswordReset customerId={customerId} />
        </div>
      )}
    </section>
  );
}
