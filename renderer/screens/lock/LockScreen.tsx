import { useState, type FormEvent } from 'react';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../components/use-call';
import { useSession } from '../../store/session-store';
import { SecretSchema, UsernameSchema } from '../../../core/auth/schemas';
import { maxLengthOf } from '../../../core/text';

/**
 * Shown over everything when the station locks itself after idle time (or on
 * Alt+L). The locked person unlocks with their PIN; anyone else signs in as
 * themselves from here, which ends the locked session (nothing of it is
 * shown to them: the shell underneath is hidden, and it is discarded when
 * the new session starts).
 */
export function LockScreen() {
  const session = useSession((s) => s.session);
  const setSession = useSession((s) => s.setSession);
  const [secret, setSecret] = useState('');
  const [someoneElse, setSomeoneElse] = useState(false);
  const [username, setUsername] = useState('');
  const unlock = useAction(async () => setSession(await call('auth.unlock', { secret })));
  const switchUser = useAction(async () => setSession(await call('auth.signIn', { username, secret })));
  const signOut = useAction(async () => {
    await call('auth.signOut', {});
    setSession(null);
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void (someoneElse ? switchUser : unlock).run().finally(() => setSecret(''));
  };
  const toggle = () => {
    setSomeoneElse((v) => !v);
    setSecret('');
    unlock.setError(null);
    switchUser.setError(null);
  };

  return (
    <main className="signin lock-overlay" data-testid="lock-screen">
      <form className="card" onSubmit={submit} aria-labelledby="lock-title">
        <h1 id="lock-title">Station locked</h1>
        {someoneElse ? (
          <>
            <p className="muted">Sign in as yourself. The locked session ends.</p>
            <label htmlFor="lock-username">Username</label>
            <input maxLength={maxLengthOf(UsernameSchema)} id="lock-username" data-testid="lock-username" autoFocus autoComplete="username" value={username} onChange={(e) => setUsername(e.target.value)} />
          </>
        ) : (
          <p className="muted">
            Locked for <strong data-testid="lock-user">{session?.staff.displayName}</strong>. Enter the PIN to continue.
          </p>
        )}
        <label htmlFor="lock-secret">PIN or password</label>
        <input maxLength={maxLengthOf(SecretSchema)}
          id="lock-secret"
          data-testid="lock-secret"
          type="password"
          autoFocus={!someoneElse}
          autoComplete={someoneElse ? 'current-password' : 'off'}
          value={secret}
          onChange={(e) => setSecret(e.target.value)}
        />
        <button type="submit" data-testid="lock-submit" disabled={unlock.busy || switchUser.busy}>
          {someoneElse ? 'Sign in' : 'Unlock'}
        </button>
        <button type="button" className="secondary" data-testid="lock-switch-user" onClick={toggle}>
          {someoneElse ? `Back to ${session?.staff.displayName ?? 'unlock'}` : 'Someone else? Sign in'}
        </button>
        <button type="button" className="secondary" data-testid="lock-signout" onClick={() => void signOut.run()}>
          Sign out instead
        </button>
        <ErrorMessage error={(someoneElse ? switchUser.error : unlock.error) ?? signOut.error} testId="lock-error" />
      </form>
    </main>
  );
}
