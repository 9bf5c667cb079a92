import { useState } from 'react';
import type { PasswordResetResult } from '../../../../core/customers/schemas';
import { call } from '../../../api/client';
import { ErrorMessage } from '../../../components/ErrorMessage';
import { useAction } from '../../../components/use-call';

/** Policy: the customer sets their own password; a rep can only have a reset link emailed to the address on file. */
export function PasswordReset({ customerId }: { customerId: number }) {
  const [result, setResult] = useState<PasswordResetResult | null>(null);
  const send = useAction(async () => setResult(await call('customers.sendPasswordReset', { customerId })));
  return (
    <div className="edit-form" role="group" aria-labelledby="password-title">
      <h4 id="password-title">Password</h4>
      <p className="muted">Nobody at Backlot sees or sets a password. The customer gets an email with a link to choose a new one.</p>
      <div className="actions">
        <button type="button" className="secondary" data-testid="password-reset" disabled={send.busy} onClick={() => void send.run()}>
          Email a password-reset link
        </button>
      </div>
      {result && (
        <p role="status" data-testid="password-reset-result">
          {result.delivery === 'sent'
            ? `Sent to ${result.sentTo}.`
            : `This station is offline: the request is recorded and goes to the central office, which emails ${result.sentTo}, when the station reconnects.`}
        </p>
      )}
      <ErrorMessage error={send.error} testId="password-reset-error" />
    </div>
  );
}
