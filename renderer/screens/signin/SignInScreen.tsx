import { useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../components/use-call';
import { useSession } from '../../store/session-store';
import { StationNotice } from '../setup/StationNotice';
import { SecretSchema, UsernameSchema } from '../../../core/auth/schemas';
import { maxLengthOf } from '../../../core/text';

export function SignInScreen() {
  const [username, setUsername] = useState('');
  const [secret, setSecret] = useState('');
  const setSession = useSession((s) => s.setSession);
  const status = useSession((s) => s.status);
  const { run, busy, error } = useAction(async () => {
    setSession(await call('auth.signIn', { username, secret }));
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run().finally(() => setSecret(''));
  };

  return (
    <main className="signin" data-testid="signin-screen">
      <form className="card" onSubmit={submit} aria-labelledby="signin-title">
        <h1 id="signin-title">Backlot</h1>
        <p className="muted" data-testid="signin-station">
          {status ? `${status.stationName} · ${status.distributionCenter}` : 'Starting…'}
        </p>
        <StationNotice status={status} />
        <label htmlFor="signin-username">Username</label>
        <input maxLength={maxLengthOf(UsernameSchema)}
          id="signin-username"
          data-testid="signin-username"
          autoFocus
          autoComplete="username"
          value={username}
          onChange={(e) => setUsername(e.target.value)}
        />
        <label htmlFor="signin-secret">PIN or password</label>
        <input maxLength={maxLengthOf(SecretSchema)}
          id="signin-secret"
          data-testid="signin-secret"
          type="password"
          autoComplete="current-password"
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        <button type="submit" data-testid="signin-submit" disabled={busy}>
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
        <ErrorMessage error={error} testId="signin-error" />
      </form>
    </main>
  );
}
