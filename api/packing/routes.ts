import { AppError } from '../../core/errors';
import type { ApiContext } from '../http/context';
import { stationOf } from '../http/guards';
import type { RouteHandlers, RoutesOf } from '../http/serve';
import { claimShipments } from './claims';
import { allocateSerialRange } from './serials';

/** Packing-station coordination; the station's distribution center comes from its credential, never from the request. */
export function packingRoutes(ctx: ApiContext): RouteHandlers<RoutesOf<'packing'>> {
  return {
    'packing.claim': async ({ count }, request) => ({ claimed: await claimShipments(ctx.db.knex, stationOf(request), count, ctx.clock.now()) }),
    'packing.serials': async ({ count }, request) => {
      const station = stationOf(request);
      const dc = await ctx.db.knex('distribution_centers').where('code', station.distributionCenter).first('mailer_id');
      if (!dc) throw new AppError('NOT_FOUND', `Distribution center ${station.distributionCenter} is unknown.`);
      return allocateSerialRange(ctx.db.knex, dc.mailer_id, count, station.id, ctx.clock.now());
    },
  };
}
