import { useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../components/use-call';
import { useSession } from '../../store/session-store';

/** Shown over everything when the station locks itself after idle time (or on Alt+L). */
export function LockScreen() {
  const session = useSession((s) => s.session);
  const setSession = useSession((s) => s.setSession);
  const [secret, setSecret] = useState('');
  const unlock = useAction(async () => setSession(await call('auth.unlock', { secret })));
  const signOut = useAction(async () => {
    await call('auth.signOut', {});
    setSession(null);
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void unlock.run().finally(() => setSecret(''));
  };

  return (
    <main className="signin" data-testid="lock-screen">
      <form className="card" onSubmit={submit} aria-labelledby="lock-title">
        <h1 id="lock-title">Station locked</h1>
        <p className="muted">
          Locked for <strong data-testid="lock-user">{session?.staff.displayName}</strong>. Enter the PIN to continue.
        </p>
        <label htmlFor="lock-secret">PIN or password</label>
        <input id="lock-secret" data-testid="lock-secret" type="password" autoFocus value={secret} onChange={(e) => setSecret(e.target.value)} />
        <button type="submit" data-testid="lock-submit" disabled={unlock.busy}>
          Unlock
        </button>
        <button type="button" className="secondary" data-testid="lock-signout" onClick={() => void signOut.run()}>
          Sign out instead
        </button>
        <ErrorMessage error={unlock.error ?? signOut.error} testId="lock-error" />
      </form>
    </main>
  );
}
