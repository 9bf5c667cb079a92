/**
 * A central route called with the signed-in staff member's own token, for
 * capabilities whose records live only at the central office (the privacy
 * back office, the floor view). Offline is said in the capability's own words:
 * one for a session signed in while the central office was unreachable (it has
 * no token there), one for the central office not answering now.
 */
import { AppError } from '../../core/errors';
import type { RouteCallInput, RouteName, RouteOutput } from '../../core/routes';
import type { StationSession } from '../services/auth/auth-service';
import type { CentralClient } from './central-client';

export interface OfflineWords {
  signedInOffline: string;
  unreachable: string;
}

export async function callAsStaff<R extends RouteName>(
  central: CentralClient,
  session: StationSession,
  route: R,
  input: RouteCallInput<R>,
  words: OfflineWords,
): Promise<RouteOutput<R>> {
  if (!session.apiToken) throw new AppError('OFFLINE', words.signedInOffline);
  try {
    return await central.call(route, input, { staffToken: session.apiToken });
  } catch (err) {
    if (err instanceof AppError && err.code === 'OFFLINE') throw new AppError('OFFLINE', words.unreachable);
    throw err;
  }
}
