import type { Services } from '../host/services';
import type { syncMethods } from '../../core/sync/contract';
import { AppError } from '../../core/errors';
import { type HandlersFor, requireSession } from '../host/handler-types';

export function syncHandlers(s: Services): HandlersFor<typeof syncMethods> {
  return {
    'sync.status': () => s.sync.status(),
    'sync.changes': (input, ctx) => s.changes.wait(ctx.clientKey, input.since),
    'sync.now': async (_input, ctx) => {
      // An exchange with the central office: who it says is gone is signed out here first (possibly this caller).
      await s.staffWatch.check();
      const session = s.auth.current(ctx.clientKey);
      if (!session) throw new AppError('NOT_SIGNED_IN', 'Your session has ended. Please sign in again.');
      s.sync.useSession(ctx.clientKey, session);
      const outcome = await s.sync.syncNow();
      const [status, waiting] = await Promise.all([s.sync.status(), s.sync.waitingChanges()]);
      const offline = !outcome.ok && outcome.error?.code === 'OFFLINE';
      return {
        ...status,
        run: { outcome: outcome.ok ? ('done' as const) : offline ? ('offline' as const) : ('failed' as const), sent: outcome.pushed, received: outcome.pulled, problem: outcome.ok ? null : (outcome.error?.message ?? null) },
        waiting,
      };
    },
    'sync.retryStuck': async (input, ctx) => {
      const { staff } = requireSession(ctx);
      await s.sync.retryStuck(input.mutationId, { staffId: staff.id, role: staff.role });
      return s.sync.status();
    },
    'sync.dismissStuck': async (input, ctx) => {
      const { staff } = requireSession(ctx);
      await s.sync.dismissStuck(input.mutationId, { staffId: staff.id, role: staff.role });
      return s.sync.status();
    },
    'sync.dismissRejection': async (input, ctx) => {
      const { staff } = requireSession(ctx);
      await s.sync.dismissRejection(input.mutationId, { staffId: staff.id, role: staff.role });
      return s.sync.status();
    },
  };
}
