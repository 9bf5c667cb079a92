/**
 * Who is calling: the station (every /v1 route but registration) and, where
 * a route needs it, the signed-in staff member and their role.
 */
import type { FastifyRequest, onRequestHookHandler, preHandlerHookHandler } from 'fastify';
import { AppError } from '../../core/errors';
import { isRoleAllowed, type Role } from '../../core/roles';
import { CENTRAL_HEADERS } from '../../core/route';
import { acceptSession, isSessionToken, resolveSession, sessionRowQuery, type SessionRead, type StaffSession } from '../auth/sign-in';
import { acceptStation, parseCredential, stationRowQuery, type AuthenticatedStation, type StationRow } from '../station/stations';
import { readTogether } from '../../platform/prepared-statements';
import type { ApiContext } from './context';

declare module 'fastify' {
  interface FastifyRequest {
    station: AuthenticatedStation | null;
    staffSession: StaffSession | null;
    /** The session row read together with the station's (undefined: not read yet), for `requireRole` to accept or refuse. */
    sessionRead?: SessionRead | null;
  }
}

const STATION_AUTHORIZATION = /^Station\s+(\S+)\s*$/i;

/**
 * The station behind a request. On a route that needs a signed-in role, the
 * session the request names is read in the same message as the station (one
 * round trip, not two: at 500 stations these two reads were a seventh of the
 * central database's statements); `requireRole` still decides on it, after
 * the station is accepted, so a bad station credential is refused first.
 */
export function authenticateStationHook(ctx: ApiContext, opts: { withSession?: boolean } = {}): onRequestHookHandler {
  return async (request) => {
    const match = STATION_AUTHORIZATION.exec(request.headers.authorization ?? '');
    if (!match) throw new AppError('BAD_STATION_CREDENTIAL', 'This request carries no station credential (authorization: Station <credential>).');
    const { stationId, secret } = parseCredential(match[1]!);
    const knex = ctx.db.knex;
    const token = request.headers[CENTRAL_HEADERS.staffSession];
    const session = opts.withSession && typeof token === 'string' && isSessionToken(token) ? token : null;
    const [stations, sessions] = await readTogether(knex, [stationRowQuery(knex, stationId), ...(session ? [sessionRowQuery(knex, session)] : [])]);
    request.station = await acceptStation(knex, stations![0] as StationRow | undefined, secret, ctx.clock.now());
    if (session) request.sessionRead = (sessions![0] as SessionRead | undefined) ?? null;
  };
}

export function requireRole(ctx: ApiContext, roles: readonly Role[]): preHandlerHookHandler {
  return async (request) => {
    const station = stationOf(request);
    const header = request.headers[CENTRAL_HEADERS.staffSession];
    request.staffSession ??=
      request.sessionRead === undefined
        ? await resolveSession(ctx.db.knex, typeof header === 'string' ? header : undefined, station.id, ctx.clock.now())
        : await acceptSession(ctx.db.knex, request.sessionRead ?? undefined, station.id, ctx.clock.now());
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
