/**
 * Who is calling: the station (every /v1 route but registration) and, where
 * a route needs it, the signed-in staff member and their role.
 */
import type { FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import { AppError } from '../../core/errors';
import { isRoleAllowed, type Role } from '../../core/roles';
import { CENTRAL_HEADERS } from '../../core/route';
import { resolveSession, type StaffSession } from '../auth/sign-in';
import { authenticateStation, type AuthenticatedStation } from '../station/stations';
import type { ApiContext } from './context';

declare module 'fastify' {
  interface FastifyRequest {
    station: AuthenticatedStation | null;
    staffSession: StaffSession | null;
  }
}

const STATION_AUTHORIZATION = /^Station\s+(\S+)\s*$/i;

export function authenticateStationHook(ctx: ApiContext): onRequestHookHandler {
  return async (request) => {
    const match = STATION_AUTHORIZATION.exec(request.headers.authorization ?? '');
    if (!match) throw new AppError('BAD_STATION_CREDENTIAL', 'This request carries no station credential (authorization: Station <credential>).');
    request.station = await authenticateStation(ctx.db.knex, match[1]!, ctx.clock.now(), ctx.access);
  };
}

export function requireRole(ctx: ApiContext, roles: readonly Role[]): preHandlerHookHandler {
  return async (request) => {
    const station = stationOf(request);
    const header = request.headers[CENTRAL_HEADERS.staffSession];
    request.staffSession ??= await resolveSession(ctx.db.knex, typeof header === 'string' ? header : undefined, station.id, ctx.clock.now(), ctx.access);
    if (!isRoleAllowed(request.staffSession.staff.role, roles)) throw new AppError('FORBIDDEN');
  };
}

/** For handlers behind the station hook; a missing station here is a wiring bug, not a client error. */
export function stationOf(request: FastifyRequest): AuthenticatedStation {
  if (!request.station) throw new Error(`route ${request.routeOptions.url} is not behind the station hook`);
  return request.station;
}

export function sessionOf(request: FastifyRequest): StaffSession {
  if (!request.staffSession) throw new Error(`route ${request.routeOptions.url} is not behind requireRole`);
  return request.staffSession;
}
