import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { WAREHOUSE_AND_UP } from '../../core/roles';
import { AppError } from '../../core/errors';
import type { ApiContext } from '../http/context';
import { requireRole, stationOf } from '../http/guards';
import { parseInput } from '../http/validate';
import { claimShipments } from '../packing/claims';
import { allocateSerialRange } from '../packing/serials';

const ClaimBody = z.object({ count: z.number().int().min(1).max(50) }).strict();
const SerialBody = z.object({ count: z.number().int().min(10).max(5000) }).strict();

/** Packing-station coordination; the station's distribution center comes from its credential, never from the request. */
export function packingRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    app.post('/packing/claim', { preHandler: requireRole(ctx, WAREHOUSE_AND_UP) }, async (request) => {
      const { count } = parseInput(ClaimBody, request.body);
      return { claimed: await claimShipments(ctx.db.knex, stationOf(request), count, ctx.clock()) };
    });

    app.post('/packing/serials', { preHandler: requireRole(ctx, WAREHOUSE_AND_UP) }, async (request) => {
      const { count } = parseInput(SerialBody, request.body);
      const station = stationOf(request);
      const dc = await ctx.db.knex('distribution_centers').where('code', station.distributionCenter).first('mailer_id');
      if (!dc) throw new AppError('NOT_FOUND', `Distribution center ${station.distributionCenter} is unknown.`);
      return allocateSerialRange(ctx.db.knex, dc.mailer_id, count, station.id, ctx.clock());
    });
  };
}
