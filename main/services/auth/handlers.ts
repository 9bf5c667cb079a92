import type { Services } from '../../host/services';
import type { authMethods } from '../../../core/auth/contract';
import { type HandlersFor } from '../../host/handler-types';

export function authHandlers(s: Services): HandlersFor<typeof authMethods> {
  return {
    'auth.signIn': async (input, ctx) => {
      const info = await s.auth.signIn(ctx.clientKey, input);
      // Pulls need a signed-in staff member: the role decides what this station may hold.
      s.sync.useSession(ctx.clientKey, s.auth.current(ctx.clientKey));
      return info;
    },
    'auth.session': (_input, ctx) => s.auth.info(ctx.clientKey),
    'auth.unlock': (input, ctx) => s.auth.unlock(ctx.clientKey, input.secret),
    'auth.lock': (_input, ctx) => s.auth.lock(ctx.clientKey),
    // Dispatch refused a locked session. The keystroke was a moment before this report: dated then, so the lock keeps its time.
    'auth.keepAlive': (input, ctx) => {
      s.auth.touch(ctx.clientKey, input.sinceInputMs ?? 0);
      return { locked: false as const, idleLockInMs: s.auth.info(ctx.clientKey)?.idleLockInMs ?? 0 };
    },
    'auth.signOut': async (_input, ctx) => {
      await s.auth.signOut(ctx.clientKey);
      return { signedOut: true as const };
    },
  };
}
