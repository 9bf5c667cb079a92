import type { Services } from '../../host/services';
import type { staffMethods } from '../../../core/staff/contract';
import { type HandlersFor, centralToken } from '../../host/handler-types';

export function staffHandlers(s: Services): HandlersFor<typeof staffMethods> {
  return {
    'staff.list': (_input, ctx) => s.central.call('staff.list', {}, { staffToken: centralToken(ctx) }),
    'staff.unlockAccount': async (input, ctx) => {
      const account = await s.central.call('staff.unlock', { username: input.username }, { staffToken: centralToken(ctx) });
      await s.auth.clearLocalLock(input.username);
      return account;
    },
    'staff.setActive': (input, ctx) => s.central.call('staff.setActive', { username: input.username, active: input.active }, { staffToken: centralToken(ctx) }),
  };
}
