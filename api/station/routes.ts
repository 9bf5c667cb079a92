import type { ApiContext } from '../http/context';
import type { RouteHandlers, RoutesOf } from '../http/serve';
import { registerStation } from './stations';

/**
 * The health check (touches the database, so a dead pool shows up here) and
 * registration, the one /v1 route a station calls before it has a
 * credential: the enrollment key stands in for one (checked by `serve.ts`
 * before the body is read).
 */
export function stationRoutes(ctx: ApiContext): RouteHandlers<RoutesOf<'station'>> {
  return {
    'station.health': async () => {
      await ctx.db.knex.raw('select 1');
      return { status: 'ok' as const, database: ctx.db.kind, time: ctx.clock.now().toISOString(), live: ctx.live.mode(), mail: ctx.mail.mode() };
    },
    'station.register': {
      status: 201,
      handle: async (body, request) => {
        const registered = await registerStation(ctx.db.knex, body, ctx.clock.now());
        request.log.info({ stationId: registered.stationId, distributionCenter: body.distributionCenter }, 'station registered');
        return registered;
      },
    },
  };
}
