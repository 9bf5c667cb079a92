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
      await s.sync.syncNow();
      return s.sync.status();
    },
    'sync.dismissRejection': async (input, ctx) => {
      const { staff } = requireSession(ctx);
      await s.sync.dismissRejection(input.mutationId, { staffId: staff.id, role: staff.role });
      return s.sync.status();
    },
  };
}
