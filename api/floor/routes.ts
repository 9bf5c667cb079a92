/**
 * The floor view's central routes (declared in core/floor/routes.ts):
 * stations report themselves; supervisors and admins read and export the
 * floor of their station's distribution center, or of another they name.
 */
import type { ApiContext } from '../http/context';
import { stationOf } from '../http/guards';
import type { RouteHandlers, RoutesOf } from '../http/serve';
import { actorOf } from '../privacy/routes';
import { exportFloor, floorOverview, recordStationReport } from './overview';

export function floorRoutes(ctx: ApiContext): RouteHandlers<RoutesOf<'floor'>> {
  const knex = ctx.db.knex;
  return {
    'floor.report': (report, request) => recordStationReport(knex, stationOf(request).id, report, ctx.clock.now()),
    'floor.overview': ({ dc }, request) => floorOverview(knex, dc ?? stationOf(request).distributionCenter, ctx.clock.now()),
    'floor.export': ({ dc }, request) => exportFloor(knex, dc ?? stationOf(request).distributionCenter, actorOf(request), ctx.clock.now()),
  };
}
