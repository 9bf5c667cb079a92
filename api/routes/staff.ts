import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { UsernameSchema } from '../../core/auth/schemas';
import { ADMINS, SUPERVISORS } from '../../core/roles';
import type { ApiContext } from '../http/context';
import { requireRole, sessionOf } from '../http/guards';
import { parseInput } from '../http/validate';
import { listStaffAccounts, setStaffActive, staffStatusFor, unlockStaffAccount, type Actor } from '../services/staff-accounts';
import { StaffStatusRequestSchema } from '../../core/auth/schemas';

const UsernameParams = z.object({ username: UsernameSchema });
const SetActiveBody = z.object({ active: z.boolean('active must be true or false.') }).strict();

function actorOf(request: FastifyRequest): Actor {
  const session = sessionOf(request);
  return { staffId: session.staff.id, stationId: session.stationId };
}

export function staffRoutes(ctx: ApiContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/staff', { preHandler: requireRole(ctx, SUPERVISORS) }, async () => listStaffAccounts(ctx.db.knex, ctx.clock()));

    // Station credential only: a station asks, at every exchange, whether the people it knows are still
    // active and not locked out, and ends their sessions there when not (a deactivation reaches every station).
    app.post('/staff/status', async (request) => {
      const { staffIds } = parseInput(StaffStatusRequestSchema, request.body);
      return { staff: await staffStatusFor(ctx.db.knex, staffIds, ctx.clock()) };
    });

    app.post('/staff/:username/unlock', { preHandler: requireRole(ctx, SUPERVISORS) }, async (request) => {
      const { username } = parseInput(UsernameParams, request.params);
      return unlockStaffAccount(ctx.db.knex, username, actorOf(request), ctx.clock());
    });

    app.post('/staff/:username/active', { preHandler: requireRole(ctx, ADMINS) }, async (request) => {
      const { username } = parseInput(UsernameParams, request.params);
      const { active } = parseInput(SetActiveBody, request.body);
      return setStaffActive(ctx.db.knex, username, active, actorOf(request), ctx.clock());
    });
  };
}
