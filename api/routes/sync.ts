/**
 * Sync routes (DESIGN §4); the wire format is core/sync/protocol.ts.
 *
 *   POST /v1/sync/push       station credential; each mutation names its staff member
 *   POST /v1/sync/pull       station credential + staff session (the role decides the scope)
 *   POST /v1/sync/subscribe  station credential + staff session, cs_rep or above; audited per customer with its reason
 *   POST /v1/sync/release    station credential + staff session (a desk lets go of customers it no longer needs)
 *   POST /v1/sync/wait       station credential + staff session; long-poll, answers when the scope changed after the cursor (api/sync/live.ts)
 *
 * Scopes come from the credential and the session only: a body that asks for
 * scopes is refused, not ignored, so a misbehaving station shows up in tests
 * and logs instead of silently getting less than it thinks.
 */
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { AppError } from '../../core/errors';
import { ANY_STAFF } from '../../core/roles';
import { PULL_LIMIT_DEFAULT, PullRequestSchema, PushRequestSchema, ReleaseRequestSchema, SubscribeRequestSchema, WAIT_MS_DEFAULT, WaitRequestSchema, type WaitResponse } from '../../core/sync/protocol';
import { SUBSCRIBE_ROLES, scopeFor, scopeSignature } from '../../core/sync/scopes';
import type { ApiContext } from '../http/context';
import { requireRole, sessionOf, stationOf } from '../http/guards';
import { parseInput } from '../http/validate';
import { scopeKeys } from '../sync/live-scan';
import { buildPull, decodeCursor } from '../sync/pull';
import { applyPush } from '../sync/push';
import { releaseCustomers, subscribeCustomer } from '../sync/subscriptions';
import { pruneTombstones, TOMBSTONE_RETENTION_DAYS } from '../sync/tombstones';

const DAY_MS = 24 * 60 * 60 * 1000;
const PRUNE_EVERY_MS = 60 * 60 * 1000;

export interface SyncRouteOptions {
  tombstoneRetentionDays?: number;
}

function refuseRequestedScopes(request: FastifyRequest): void {
  const body = request.body;
  if (body && typeof body === 'object' && ('scopes' in body || 'scope' in body)) {
    throw new AppError('FORBIDDEN', 'A station cannot choose what it syncs: scopes come from its credential and the signed-in role.');
  }
}

export function syncRoutes(ctx: ApiContext, opts: SyncRouteOptions = {}): FastifyPluginAsync {
  const retentionMs = (opts.tombstoneRetentionDays ?? TOMBSTONE_RETENTION_DAYS) * DAY_MS;
  let lastPruneAt = 0;

  return async (app) => {
    app.post('/sync/push', async (request) => {
      const station = stationOf(request);
      const body = parseInput(PushRequestSchema, request.body);
      return applyPush(
        {
          knex: ctx.db.knex,
          now: ctx.clock,
          onMutatorBug: (err, m) => request.log.error({ err, mutationId: m.id, mutation: m.name }, 'mutator failed on the server; rejected'),
        },
        station,
        body,
      );
    });

    app.post('/sync/pull', { preHandler: requireRole(ctx, ANY_STAFF) }, async (request) => {
      refuseRequestedScopes(request);
      const station = stationOf(request);
      const session = sessionOf(request);
      const body = parseInput(PullRequestSchema, request.body);
      const now = ctx.clock().getTime();
      if (now - lastPruneAt >= PRUNE_EVERY_MS) {
        lastPruneAt = now;
        await pruneTombstones(ctx.db.knex, new Date(now - retentionMs));
      }
      return buildPull(ctx.db.knex, {
        station,
        role: session.staff.role,
        clientId: body.clientId,
        cursor: body.cursor,
        limit: body.limit ?? PULL_LIMIT_DEFAULT,
      });
    });

    app.post('/sync/subscribe', { preHandler: requireRole(ctx, SUBSCRIBE_ROLES) }, async (request) => {
      refuseRequestedScopes(request);
      const station = stationOf(request);
      const { customerId, reason } = parseInput(SubscribeRequestSchema, request.body);
      await subscribeCustomer(ctx.db.knex, station, sessionOf(request).staff.id, customerId, reason, ctx.clock());
      return { customerId, subscribed: true as const };
    });

    // The live channel: held until the station's scope changes after its cursor (or the wait runs out).
    app.post('/sync/wait', { preHandler: requireRole(ctx, ANY_STAFF) }, async (request, reply): Promise<WaitResponse> => {
      refuseRequestedScopes(request);
      const station = stationOf(request);
      const body = parseInput(WaitRequestSchema, request.body);
      const scope = scopeFor(sessionOf(request).staff.role, station.distributionCenter);
      const cursor = body.cursor === null ? null : decodeCursor(body.cursor);
      // No cursor yet, another scope's, or a full sync under way: the station has pulling to do now.
      if (!cursor || cursor.s !== scopeSignature(scope) || cursor.t !== undefined) return { changed: true, version: ctx.live.version() };
      const hangUp = new AbortController();
      reply.raw.once('close', () => hangUp.abort());
      return ctx.live.wait(scopeKeys(scope, station.id), cursor.v, body.waitMs ?? WAIT_MS_DEFAULT, hangUp.signal);
    });

    // Any signed-in staff: letting go of data only ever narrows what the station holds.
    app.post('/sync/release', { preHandler: requireRole(ctx, ANY_STAFF) }, async (request) => {
      refuseRequestedScopes(request);
      const { customerIds } = parseInput(ReleaseRequestSchema, request.body);
      return { released: await releaseCustomers(ctx.db.knex, stationOf(request), customerIds, ctx.clock()) };
    });
  };
}
