import type { FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors';
import type { ApiContext } from '../http/context';
import { sessionOf, stationOf } from '../http/guards';
import type { RouteHandlers, RoutesOf } from '../http/serve';
import { signIn, signOut } from './sign-in';

/**
 * Keyed by station and username, not IP: many stations can sit behind one
 * NAT, and a guesser at one station must not lock the others out of sign-in.
 * Normalised the way UsernameSchema normalises, so `Ann` and `ann ` share a bucket.
 */
function signInRateKey(request: FastifyRequest): string {
  const username = (request.body as { username?: unknown } | undefined)?.username;
  const normalised = typeof username === 'string' ? username.trim().toLowerCase() : '';
  return `${request.station?.id ?? '-'}\u0000${normalised}`;
}

export function authRoutes(ctx: ApiContext): RouteHandlers<RoutesOf<'auth'>> {
  return {
    'auth.signIn': {
      config: {
        rateLimit: {
          max: ctx.config.signInRateLimit.max,
          timeWindow: ctx.config.signInRateLimit.timeWindowMs,
          // preHandler, not onRequest: the key needs the parsed body and the authenticated station.
          hook: 'preHandler',
          keyGenerator: signInRateKey,
          errorResponseBuilder: (_request, context) =>
            new AppError('RATE_LIMITED', `Too many sign-in attempts for this username at this station. Try again in ${context.after}.`),
        },
      },
      handle: async ({ username, secret }, request) => {
        try {
          return await signIn(ctx.db.knex, { username, secret, stationId: stationOf(request).id }, { now: ctx.clock.now(), sessionHours: ctx.config.sessionHours });
        } catch (err) {
          // A refused attempt may have locked the account, which ends its sessions everywhere.
          ctx.access.forget();
          throw err;
        }
      },
    },
    'auth.signOut': async (_input, request) => {
      await signOut(ctx.db.knex, sessionOf(request), ctx.clock.now());
      ctx.access.forget();
      return { signedOut: true as const };
    },
    'auth.me': (_input, request) => sessionOf(request).staff,
  };
}
