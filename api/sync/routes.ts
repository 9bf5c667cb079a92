/**
 * Sync routes (DESIGN §4; declared in core/sync/routes.ts, wire format in
 * core/sync/protocol.ts). `sync.wait` is the live channel's long-poll
 * (api/sync/live.ts).
 *
 * Scopes come from the credential and the session only: a body that asks for
 * scopes is refused, not ignored, so a misbehaving station shows up in tests
 * and logs instead of silently getting less than it thinks.
 */
import type { FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors';
import { PULL_LIMIT_DEFAULT, WAIT_MS_DEFAULT } from '../../core/sync/protocol';
import { scopeFor, scopeSignature } from '../../core/sync/scopes';
import type { ApiContext } from '../http/context';
import { sessionOf, stationOf } from '../http/guards';
import type { RouteHandlers, RoutesOf } from '../http/serve';
import { scopeKeys } from './live-scan';
import { buildPull, decodeCursor } from './pull';
import { applyPush } from './push';
import { QUEUES_PROBLEM_EMAIL } from '../mail/problem-mail-sender';
import { releaseCustomers, subscribeCustomer } from './subscriptions';
import { pruneTombstones, TOMBSTONE_RETENTION_DAYS } from './tombstones';

const DAY_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export interface SyncRouteOptions {
  tombstoneRetentionDays?: number;
}

async function refuseRequestedScopes(request: FastifyRequest): Promise<void> {
  const body = request.body;
  if (body && typeof body === 'object' && ('scopes' in body || 'scope' in body)) {
    throw new AppError('FORBIDDEN', 'A station cannot choose what it syncs: scopes come from its credential and the signed-in role.');
  }
}

export function syncRoutes(ctx: ApiContext, opts: SyncRouteOptions = {}): RouteHandlers<RoutesOf<'sync'>> {
  const retentionMs = (opts.tombstoneRetentionDays ?? TOMBSTONE_RETENTION_DAYS) * DAY_MS;
  let lastPruneAt = 0;

  return {
    'sync.push': async (body, request) => {
      const answer = await applyPush(
        {
          knex: ctx.db.knex,
          clock: ctx.clock,
          access: ctx.access,
          onMutatorBug: (err, m) => request.log.error({ err, mutationId: m.id, mutation: m.name }, 'mutator failed on the server; rejected'),
        },
        stationOf(request),
        body,
      );
      // A settled order problem queued its email (committed by now): the customer hears at once, not at the next poll.
      const applied = new Set(answer.results.filter((r) => r.status === 'applied').map((r) => r.id));
      if (body.mutations.some((m) => applied.has(m.id) && QUEUES_PROBLEM_EMAIL.has(m.name))) ctx.mail.wake();
      return answer;
    },

    'sync.pull': {
      before: refuseRequestedScopes,
      handle: async (body, request) => {
        const now = ctx.clock.now().getTime();
        if (now - lastPruneAt >= PRUNE_EVERY_MS) {
          lastPruneAt = now;
          await pruneTombstones(ctx.db.knex, new Date(now - retentionMs));
        }
        return buildPull(ctx.db.knex, {
          station: stationOf(request),
          role: sessionOf(request).staff.role,
          clientId: body.clientId,
          cursor: body.cursor,
          limit: body.limit ?? PULL_LIMIT_DEFAULT,
          windows: ctx.packingWindows,
        });
      },
    },

    'sync.subscribe': {
      before: refuseRequestedScopes,
      handle: async ({ customerId, reason }, request) => {
        await subscribeCustomer(ctx.db.knex, stationOf(request), sessionOf(request).staff.id, customerId, reason, ctx.clock.now());
        return { customerId, subscribed: true as const };
      },
    },

    // The live channel: held until the station's scope changes after its cursor (or the wait runs out).
    'sync.wait': {
      before: refuseRequestedScopes,
      handle: async (body, request, reply) => {
        const station = stationOf(request);
        const scope = scopeFor(sessionOf(request).staff.role, station.distributionCenter);
        const cursor = body.cursor === null ? null : decodeCursor(body.cursor);
        // No cursor yet, another scope's, or a full sync under way: the station has pulling to do now.
        if (!cursor || cursor.s !== scopeSignature(scope) || cursor.t !== undefined) return { changed: true, version: ctx.live.version() };
        const hangUp = new AbortController();
        reply.raw.once('close', () => hangUp.abort());
        return ctx.live.wait(scopeKeys(scope, station.id), cursor.v, body.waitMs ?? WAIT_MS_DEFAULT, hangUp.signal);
      },
    },

    // Any signed-in staff: letting go of data only ever narrows what the station holds.
    'sync.release': {
      before: refuseRequestedScopes,
      handle: async ({ customerIds }, request) => ({ released: await releaseCustomers(ctx.db.knex, stationOf(request), customerIds, ctx.clock.now()) }),
    },
  };
}
