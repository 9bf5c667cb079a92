import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors';
import { SignInInputSchema } from '../../core/auth/schemas';
import { ANY_STAFF } from '../../core/roles';
import type { ApiContext } from '../http/context';
import { requireRole, sessionOf, stationOf } from '../http/guards';
import { parseInput } from '../http/validate';
import { signIn, signOut } from '../services/auth';

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

export function authRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    app.post(
      '/auth/sign-in',
      {
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
      },
      async (request) => {
        const station = stationOf(request);
        const { username, secret } = parseInput(SignInInputSchema, request.body);
        return signIn(ctx.db.knex, { username, secret, stationId: station.id }, { now: ctx.clock(), sessionHours: ctx.config.sessionHours });
      },
    );

    app.post('/auth/sign-out', { preHandler: requireRole(ctx, ANY_STAFF) }, async (request) => {
      await signOut(ctx.db.knex, sessionOf(request), ctx.clock());
      return { signedOut: true as const };
    });

    app.get('/auth/me', { preHandler: requireRole(ctx, ANY_STAFF) }, async (request) => sessionOf(request).staff);
  };
}
