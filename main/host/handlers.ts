import { AppError } from '../../core/errors';
import type { AuthService } from '../services/auth/auth-service';
import type { StationService } from '../services/station/station-service';
import type { LookupService } from '../services/lookup/lookup-service';
import type { CentralClient } from '../central/central-client';
import { requireSession, type CallContext, type HandlerMap } from './handler-types';

export interface Services {
  auth: AuthService;
  station: StationService;
  central: CentralClient;
  lookup: LookupService;
}

/** Staff administration lives centrally: an offline sign-in has no central token to act with. */
function centralToken(ctx: CallContext): string {
  const token = requireSession(ctx).apiToken;
  if (!token) throw new AppError('OFFLINE', 'This needs the central office; you signed in while it was unreachable. Sign out and in again once online.');
  return token;
}

export function createHandlers(s: Services): HandlerMap {
  return {
    'auth.signIn': (input, ctx) => s.auth.signIn(ctx.clientKey, input),
    'auth.session': (_input, ctx) => s.auth.info(ctx.clientKey),
    'auth.unlock': (input, ctx) => s.auth.unlock(ctx.clientKey, input.secret),
    'auth.lock': (_input, ctx) => s.auth.lock(ctx.clientKey),
    // Dispatch already touched the session (the method is not passive) and refused a locked one.
    'auth.keepAlive': () => ({ locked: false as const }),
    'auth.signOut': async (_input, ctx) => {
      await s.auth.signOut(ctx.clientKey);
      return { signedOut: true as const };
    },
    'staff.list': (_input, ctx) => s.central.listStaff(centralToken(ctx)),
    'staff.unlockAccount': (input, ctx) => s.central.unlockStaff(centralToken(ctx), input.username),
    'staff.setActive': (input, ctx) => s.central.setStaffActive(centralToken(ctx), input.username, input.active),
    'station.status': () => s.station.status(),
    'station.settings.get': () => s.station.settings(),
    'station.settings.update': (input) => s.station.updateSettings(input),
    'lookup.search': (input, ctx) => s.lookup.search(requireSession(ctx), input.query),
    'customers.get360': (input, ctx) => s.lookup.customer360(requireSession(ctx), input.customerId, input.reason),
    'shipments.get': (input) => s.lookup.shipment(input.shipmentId),
  };
}
