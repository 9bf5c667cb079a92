/**
 * The audit viewer's central routes (declared in core/audit/routes.ts for
 * supervisors and admins only). An export is written to the disclosure
 * register in the same transaction.
 */
import type { ApiContext } from '../http/context';
import type { RouteHandlers, RoutesOf } from '../http/serve';
import { actorOf } from '../privacy/routes';
import { exportAudit, searchAudit } from './search';

export function auditRoutes(ctx: ApiContext): RouteHandlers<RoutesOf<'audit'>> {
  const knex = ctx.db.knex;
  return {
    'audit.search': (input) => searchAudit(knex, input),
    'audit.export': (filter, request) => exportAudit(knex, filter, actorOf(request), ctx.clock.now()),
  };
}
