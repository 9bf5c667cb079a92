import { useState, type FormEvent } from 'react';
import type { CallerStatus } from '../../../../core/customers/caller-check';
import { call } from '../../../api/client';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { useAction } from '../../../components/use-call';
import { formLevel, issueFor, TextField } from '../../../components/fields';
import { EmailSchema } from '../../../../core/contact/email';
import { maxLengthOf } from '../../../../core/text';

type Method = 'zip_and_card' | 'email';

/**
 * The caller proves who they are before anything changes (policy: "You must
 * be signed in to access Your Account"). main compares with what is on file,
 * audits the outcome and refuses edits without a recent pass; this form only asks.
 */
export function VerifyCallerForm({ customerId, status, notice, onStatus }: { customerId: number; status: CallerStatus | null; notice: string | null; onStatus(s: CallerStatus): void }) {
  const [method, setMethod] = useState<Method>('zip_and_card');
  const [zip, setZip] = useState('');
  const [last4, setLast4] = useState('');
  const [email, setEmail] = useState('');
  const [result, setResult] = useState<string | null>(null);
  const verify = useAction(async () => {
    const input = method === 'email' ? { customerId, method, email } : { customerId, method, zip, cardLast4: last4 };
    const answer = await call('customers.verifyCaller', input);
    setResult(answer.message);
    // What the caller said is not kept once checked.
    setZip('');
    setLast4('');
    setEmail('');
    onStatus(answer.status);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    void verify.run();
  };
  const paused = status?.pausedUntil != null;

  return (
    <form className="edit-form" data-testid="c360-verify" aria-labelledby="c360-verify-title" onSubmit={submit} noValidate>
      <h4 id="c360-verify-title">Verify the caller</h4>
      <p className="muted">Before changing anything, ask for the ZIP code and the last 4 digits of the card, or the email address on file.</p>
      {notice && (
        <p className="notice" role="status" data-testid="c360-verify-notice">
          {notice}
        </p>
      )}
      <fieldset className="checks">
        <legend>The caller gives</legend>
        <label className="check">
          <input type="radio" name="c360-verify-method" data-testid="c360-verify-method-zip" checked={method === 'zip_and_card'} onChange={() => setMethod('zip_and_card')} />
          ZIP code and card last 4
        </label>
        <label className="check">
          <input type="radio" name="c360-verify-method" data-testid="c360-verify-method-email" checked={method === 'email'} onChange={() => setMethod('email')} />
          Email address
        </label>
      </fieldset>
      {method === 'zip_and_card' ? (
        <div className="edit-row">
          <TextField id="c360-verify-zip" label="ZIP code" value={zip} onChange={setZip} inputMode="numeric" autoComplete="off" maxLength={5} error={issueFor(verify.error, 'zip')} />
          <TextField id="c360-verify-last4" label="Card last 4" value={last4} onChange={setLast4} inputMode="numeric" autoComplete="off" maxLength={4} error={issueFor(verify.error, 'cardLast4')} />
        </div>
      ) : (
        <TextField maxLength={maxLengthOf(EmailSchema)} id="c360-verify-email" label="Email address" type="email" value={email} onChange={setEmail} autoComplete="off" error={issueFor(verify.error, 'email')} />
      )}
      <div className="actions">
        <button type="submit" data-testid="c360-verify-submit" disabled={verify.busy || paused}>
          Verify caller
        </button>
        {status && !paused && status.failedAttempts > 0 && <span className="muted">{status.attemptsLeft} attempts left</span>}
      </div>
      {result && (
        <p role="status" data-testid="c360-verify-result" data-outcome={status?.verified ? 'passed' : 'failed'}>
          {result}
        </p>
      )}
      {paused && (
        <p className="notice" role="status" data-testid="c360-verify-paused">
          Checks for this customer are paused after too many failed attempts. A supervisor can help.
        </p>
      )}
      <ErrorMessage error={formLevel(verify.error, ['zip', 'cardLast4', 'email'])} testId="c360-verify-error" />
    </form>
  );
}
