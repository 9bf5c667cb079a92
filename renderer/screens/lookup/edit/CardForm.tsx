import { useEffect, useState, type FormEvent } from 'react';
import { cardDigits, checkCard, maskCard } from '../../../../core/payments/card';
import type { Customer360 } from '../../../../core/lookup/schemas';
import { call } from '../../../api/client';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { useAction } from '../../../components/use-call';
import { formLevel, issueFor, TextField } from '../../../components/fields';

type Card = NonNullable<Customer360['profile']['card']>;

/**
 * A new card, typed by the rep while the caller reads it out. Checked as it is
 * typed (the same checkCard main and the central office run), sent once to the
 * central office's payment processor, and forgotten here: the form clears the
 * number after sending, and nothing keeps it (policy: only the token and the
 * last 4 are kept, by the central office).
 */
export function CardForm({ customerId, onSaved }: { customerId: number; onSaved(card: Card): void }) {
  const [number, setNumber] = useState('');
  const [month, setMonth] = useState('');
  const [year, setYear] = useState('');
  const [touched, setTouched] = useState(false);
  const [saved, setSaved] = useState<string | null>(null);
  // Leaving the customer (or the screen) drops a half-typed number.
  useEffect(() => () => setNumber(''), []);

  const digits = cardDigits(number);
  const expMonth = Number(month);
  const expYear = Number(year);
  const local = checkCard({ number, expMonth: month ? expMonth : NaN, expYear: year ? expYear : NaN }, new Date());
  const numberProblem = local.errors.find((e) => e.field === 'number')?.message ?? null;
  const expiryProblem = local.errors.find((e) => e.field === 'expiry')?.message ?? null;
  // Instant feedback once the number could be complete, or after a try.
  const showNumber = touched || digits.length >= 15;
  const showExpiry = touched || (month !== '' && year.length === 4);

  const save = useAction(async () => {
    const answer = await call('customers.changeCard', { customerId, cardNumber: number, expMonth, expYear });
    setNumber('');
    setMonth('');
    setYear('');
    setTouched(false);
    setSaved(`Card changed: ${maskCard(answer.card.brand, answer.card.last4)}, expires ${String(answer.card.expMonth).padStart(2, '0')}/${answer.card.expYear}.`);
    onSaved(answer.card);
  });
  const expiry = (showExpiry ? expiryProblem : null) ?? issueFor(save.error, 'expiry', 'expMonth', 'expYear');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSaved(null);
    setTouched(true);
    if (!local.ok) return;
    void save.run();
  };

  return (
    <form className="edit-form" data-testid="card-form" aria-labelledby="card-title" onSubmit={submit} noValidate autoComplete="off">
      <h4 id="card-title">Payment card</h4>
      <p className="muted">Needs a connection to the central office: the card goes straight to the payment processor; only the brand and last 4 are kept.</p>
      <TextField
        id="card-number"
        label="Card number"
        value={number}
        onChange={(v) => {
          setSaved(null);
          setNumber(v.replace(/[^\d\s-]/g, ''));
        }}
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        maxLength={23}
        hint={local.brand && !numberProblem ? `${local.brand.toUpperCase()} card` : undefined}
        error={(showNumber ? numberProblem : null) ?? issueFor(save.error, 'cardNumber')}
      />
      <div className="edit-row">
        {(['month', 'year'] as const).map((part) => (
          <TextField
            key={part}
            id={`card-exp-${part}`}
            label={part === 'month' ? 'Expiry month' : 'Expiry year'}
            value={part === 'month' ? month : year}
            onChange={part === 'month' ? setMonth : setYear}
            inputMode="numeric"
            autoComplete="off"
            maxLength={part === 'month' ? 2 : 4}
            placeholder={part === 'month' ? 'MM' : 'YYYY'}
            error={null}
            aria-invalid={expiry ? true : undefined}
            aria-describedby={expiry ? 'card-expiry-error' : undefined}
          />
        ))}
      </div>
      {expiry && (
        <p id="card-expiry-error" className="field-error" role="alert" data-testid="card-expiry-error">
          {expiry}
        </p>
      )}
      <div className="actions">
        <button type="submit" data-testid="card-save" disabled={save.busy}>
          Change card
        </button>
      </div>
      {saved && (
        <p role="status" data-testid="card-saved">
          {saved}
        </p>
      )}
      <ErrorMessage error={formLevel(save.error, ['cardNumber', 'expiry', 'expMonth', 'expYear'])} testId="card-error" />
    </form>
  );
}
