import type { FastifyRequest } from 'fastify';
import type { ApiContext } from '../http/context';
import { sessionOf } from '../http/guards';
import type { RouteHandlers, RoutesOf } from '../http/serve';
import { listStaffAccounts, setStaffActive, staffStatusFor, unlockStaffAccount, type Actor } from './accounts';

function actorOf(request: FastifyRequest): Actor {
  const session = sessionOf(request);
  return { staffId: session.staff.id, stationId: session.stationId };
}

export function staffRoutes(ctx: ApiContext): RouteHandlers<RoutesOf<'staff'>> {
  return {
    'staff.list': () => listStaffAccounts(ctx.db.knex, ctx.clock.now()),
    // Station credential only: a station asks, at every exchange, whether the people it knows are still
    // active and not locked out, and ends their sessions there when not (a deactivation reaches every station).
    'staff.status': async ({ staffIds }) => ({ staff: await staffStatusFor(ctx.db.knex, staffIds, ctx.clock.now()) }),
    'staff.unlock': ({ username }, request) => unlockStaffAccount(ctx.db.knex, username, actorOf(request), ctx.clock.now()),
    'staff.setActive': async ({ username, active }, request) => {
      const account = await setStaffActive(ctx.db.knex, username, active, actorOf(request), ctx.clock.now());
      ctx.access.forget();
      return account;
    },
  };
}
