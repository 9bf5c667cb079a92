/**
 * A station is shared: every sign-out, sign-in of someone else and switch at
 * the lock screen is a privacy boundary. Whatever in the renderer holds one
 * person's work (a query, its results, the customer they opened, the reason
 * they chose) registers its reset here, and the session store runs them all
 * the moment the person at the station changes, before the next person's
 * first frame is drawn. Screens keep their own state in components, which
 * the shell discards by remounting per session (App.tsx).
 */
import { dropAnswersInFlight } from '../api/client';

const resets = new Set<() => void>();

export function resetOnUserSwitch(reset: () => void): () => void {
  resets.add(reset);
  return () => resets.delete(reset);
}

/** The person at the station changed (or left): answers still on their way are dropped, and every store starts empty. */
export function forgetPreviousUser(): void {
  dropAnswersInFlight();
  for (const reset of resets) reset();
}

/** One session, one key: a new sign-in (even of the same person) is a new key; a lock and unlock is not. */
export function sessionKey(session: { staff: { id: string }; signedInAt: string } | null): string | null {
  return session ? `${session.staff.id}@${session.signedInAt}` : null;
}
