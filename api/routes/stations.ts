import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { AppError } from '../../core/errors';
import { DistributionCenterCodeSchema } from '../../core/station/schemas';
import type { ApiContext } from '../http/context';
import { parseInput } from '../http/validate';
import { registerStation } from '../services/stations';
import { constantTimeEqual } from '../security/tokens';

export const ENROLLMENT_KEY_HEADER = 'x-enrollment-key';

const RegisterStationBody = z
  .object({
    name: z.string().trim().min(1, 'Station name is required.').max(60, 'Station name must be at most 60 characters.'),
    distributionCenter: DistributionCenterCodeSchema,
  })
  .strict();

/** Registration is the one /v1 route a station calls before it has a credential; the enrollment key stands in for one. */
export function stationRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    app.post('/stations/register', async (request, reply) => {
      const key = request.headers[ENROLLMENT_KEY_HEADER];
      // Checked before the body so nobody without the key learns which distribution centers exist.
      if (typeof key !== 'string' || !constantTimeEqual(key, ctx.config.enrollmentKey)) {
        throw new AppError('BAD_STATION_CREDENTIAL', 'The enrollment key is missing or wrong.');
      }
      const body = parseInput(RegisterStationBody, request.body);
      const registered = await registerStation(ctx.db.knex, body, ctx.clock());
      request.log.info({ stationId: registered.stationId, distributionCenter: body.distributionCenter }, 'station registered');
      return reply.status(201).send(registered);
    });
  };
}
