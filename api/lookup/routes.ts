import type { ApiContext } from '../http/context';
import { sessionOf } from '../http/guards';
import type { RouteHandlers, RoutesOf } from '../http/serve';
import { searchCustomers } from './customer-search';

/** Customer lookups for CS desks; the warehouse has no route here (it never receives contact details). */
export function lookupRoutes(ctx: ApiContext): RouteHandlers<RoutesOf<'lookup'>> {
  return {
    'lookup.searchCustomers': async ({ q, reason }, request) => {
      const session = sessionOf(request);
      return { customers: await searchCustomers(ctx.db.knex, q, { staffId: session.staff.id, stationId: session.stationId, reason }, ctx.clock.now()) };
    },
  };
}
