import type { FastifyPluginAsync } from 'fastify';
import type { ApiContext } from '../http/context';

/** For load balancers and the station's "is the office reachable" check; touches the database so a dead pool shows up here. */
export function healthRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/health', async () => {
      await ctx.db.knex.raw('select 1');
      // How this instance hears of commits for the live channel: `listen` (LISTEN/NOTIFY, or in-process on SQLite) or `poll` (its LISTEN connection is down or behind a pooler).
      return { status: 'ok' as const, database: ctx.db.kind, time: ctx.clock().toISOString(), live: ctx.live.mode() };
    });
  };
}
