import { useEffect, useRef, useState } from 'react';
import type { PreferenceKey } from '../../../../core/customers/schemas';
import type { Customer360 } from '../../../../core/lookup/schemas';
import { call } from '../../../api/client';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { useAction } from '../../../components/use-call';

type Preferences = NonNullable<Customer360['preferences']>;

/** Test ids `prefs-<name>-toggle` (STYLE: `prefs-newsletter-toggle`) and the words the rep reads to the caller. */
const PREFS: ReadonlyArray<{ key: PreferenceKey; name: string; label: string }> = [
  { key: 'emailNewsletter', name: 'newsletter', label: 'Newsletters (email)' },
  { key: 'emailOffers', name: 'offers', label: 'Special offers (email)' },
  { key: 'emailPromotions', name: 'promotions', label: 'Promotional announcements (email)' },
  { key: 'emailSurveys', name: 'surveys', label: 'Consumer surveys (email)' },
  { key: 'postalOffers', name: 'postal', label: 'Offers by postal mail' },
  { key: 'partnerMailingsExcluded', name: 'partner-excluded', label: 'Leave out of mailings with marketing partners' },
];

/**
 * Policy: unsubscribe from newsletters, other announcements or postal mail at
 * any time, and ask to be excluded from partner mailings. Each box saves at
 * once: one change, one consent event (channel: phone) recorded by main.
 */
export function PreferencesForm({ customerId, preferences, onSaved }: { customerId: number; preferences: Preferences; onSaved(p: Preferences, what: string): void }) {
  const [saved, setSaved] = useState<string | null>(null);
  // The box shows the rep's click at once; a refusal puts it back to what main holds. A refresh of
  // the 360 landing while a click is being saved (the live signal of the save before it) was read
  // before that click: it keeps the click's value until the save answers.
  const [shown, setShown] = useState(preferences);
  const saving = useRef(new Map<PreferenceKey, boolean>());
  useEffect(() => setShown({ ...preferences, ...Object.fromEntries(saving.current) }), [preferences]);
  const save = useAction(async (key: PreferenceKey, value: boolean, label: string) => {
    saving.current.set(key, value);
    setShown((p) => ({ ...p, [key]: value }));
    const answer = await call('customers.setPreference', { customerId, field: key, value })
      .catch((err: unknown) => {
        setShown((p) => ({ ...p, [key]: preferences[key] }));
        throw err;
      })
      .finally(() => saving.current.delete(key));
    const words = `${label}: ${key === 'partnerMailingsExcluded' ? (value ? 'left out' : 'included again') : value ? 'on' : 'off'}`;
    setSaved(`Saved. ${words}.${answer.pendingChanges > 0 ? ' It reaches the central office with the next sync.' : ''}`);
    onSaved(answer.preferences, words);
  });
  return (
    <fieldset className="edit-form" data-testid="prefs-form">
      <legend>Mailing preferences</legend>
      <ul className="plain">
        {PREFS.map(({ key, name, label }) => (
          <li key={key}>
            <label className="check">
              <input
                type="checkbox"
                data-testid={`prefs-${name}-toggle`}
                checked={shown[key]}
                disabled={save.busy}
                onChange={(e) => {
                  setSaved(null);
                  void save.run(key, e.target.checked, label);
                }}
              />
              {label}
            </label>
          </li>
        ))}
      </ul>
      {saved && (
        <p role="status" data-testid="prefs-saved">
          {saved}
        </p>
      )}
      <ErrorMessage error={save.error} testId="prefs-error" />
    </fieldset>
  );
}
