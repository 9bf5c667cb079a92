import { AppError } from '../../core/errors';
import type { ApiContext } from '../http/context';
import { stationOf } from '../http/guards';
import type { RouteHandlers, RoutesOf } from '../http/serve';
import { claimShipments } from './claims';
import { allocateSerialRange } from './serials';

/** Packing-station coordination; the station's distribution center comes from its credential, never from the request. */
export function packingRoutes(ctx: ApiContext): RouteHandlers<RoutesOf<'packing'>> {
  return {
    'packing.claim': async ({ count }, request) => ({ claimed: await claimShipments(ctx.db.knex, stationOf(request), count, ctx.clock.now(), ctx.config.claimIdleMinutes) }),
    'packing.serials': async ({ count }, request) => {
      const station = stationOf(request);
      const dc = await ctx.db.knex('distribution_centers').where('code', station.distributionCenter).first('mailer_id');
      if (!dc) throw new AppError('NOT_FOUND', `Distribution center ${station.distributionCenter} is unknown.`);
      return allocateSerialRange(ctx.db.knex, dc.mailer_id, count, station.id, ctx.clock.now());
    },
    // Any station may ask: the answer is a building's code and name, nothing about the disc or who has it.
    'packing.discHome': async ({ barcode }) => {
      const code = barcode.toUpperCase();
      const byAlias = ctx.db.knex('disc_barcodes').where('alias', code).select('disc_id');
      const home = await ctx.db.knex('discs as d')
        .join('distribution_centers as dc', 'dc.code', 'd.home_dc')
        .where('d.barcode', code)
        .orWhereIn('d.id', byAlias)
        .first('dc.code', 'dc.name');
      return { home: home ? { code: String(home.code), name: String(home.name) } : null };
    },
  };
}
