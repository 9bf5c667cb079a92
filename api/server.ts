/**
 * The central API as a Fastify instance, not yet listening: `start.ts` binds
 * it to a port, tests drive it with `app.inject`.
 */
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { wallClock, type Clock } from '../core/clock';
import { AppError } from '../core/errors';
import type { Logger } from '../platform/logger';
import type { Database } from '../platform/database';
import { ApiConfigSchema, type ApiConfig } from './config';
import type { ApiContext } from './http/context';
import { installErrorEnvelope } from '../platform/http-refusals';
import { registerRoutes } from './http/serve';
import { authRoutes } from './auth/routes';
import { staffRoutes } from './staff/routes';
import { lookupRoutes } from './lookup/routes';
import { customerRoutes } from './customers/routes';
import { packingRoutes } from './packing/routes';
import { privacyRoutes } from './privacy/routes';
import { auditRoutes } from './audit/routes';
import { stationRoutes } from './station/routes';
import { syncRoutes } from './sync/routes';
import { floorRoutes } from './floor/routes';
import { prepareDummyHash } from './security/secrets';
import { demoProcessor, type PaymentProcessor } from './customers/payment-processor';
import { packingWindows } from './sync/pull';
import { LiveHub, type CommitFeed } from './sync/live';
import { AccessCache } from './auth/access-cache';
import { LocalCommitFeed, PgCommitFeed } from './sync/commit-feed';
import type { MailConfig } from './mail/mail-config';
import { MAIL_NOT_CONFIGURED, ProblemMailSender, type ProblemMailSenderOptions } from './mail/problem-mail-sender';

/** Stations send small JSON documents; anything bigger is a mistake or an attack. */
const BODY_LIMIT = 256 * 1024;

export interface ApiDeps {
  db: Database;
  logger: Logger;
  config: ApiConfig;
  /** Injected so tests can move time past a lock-out or a session's expiry. */
  clock?: Clock;
  payments?: PaymentProcessor;
  tls?: { key: string; cert: string };
  /**
   * PostgreSQL: where the live hub LISTENs (one direct connection per
   * instance). Defaults to the database's own URL; set it when that URL is a
   * transaction-mode pooler.
   */
  listenUrl?: string;
  /**
   * The SMTP relay and sender for customers' order-problem emails
   * (BACKLOT_SMTP_URL, BACKLOT_MAIL_FROM). Without it nothing is sent and the
   * emails stay queued; `tuning` is for tests (retry and lease times).
   */
  mail?: { config: MailConfig; tuning?: Omit<ProblemMailSenderOptions, 'knex' | 'kind' | 'clock' | 'logger' | 'config'> } | null;
}

/** How long requests still in flight at shutdown may take before their connections are cut. */
const CLOSE_GRACE_MS = 1_000;

export function buildApi(deps: ApiDeps): FastifyInstance {
  const listenUrl = deps.listenUrl ?? deps.db.listenUrl ?? deps.db.url;
  // Stations and sessions are remembered only while this instance hears access change (the feed's LISTEN is up).
  const feed: CommitFeed =
    deps.db.kind === 'postgres' && listenUrl
      ? new PgCommitFeed({ knex: deps.db.knex, url: listenUrl, logger: deps.logger, onAccessChange: () => access.forget() })
      : new LocalCommitFeed();
  const access = new AccessCache({ hearsChanges: () => feed.pushes() });
  const live = new LiveHub({ knex: deps.db.knex, feed, logger: deps.logger });
  const clock = deps.clock ?? wallClock;
  const mailer = deps.mail
    ? new ProblemMailSender({ knex: deps.db.knex, kind: deps.db.kind, clock, logger: deps.logger, config: deps.mail.config, ...deps.mail.tuning })
    : null;
  const ctx: ApiContext = { db: deps.db, config: ApiConfigSchema.parse(deps.config), clock, payments: deps.payments ?? demoProcessor(), live, packingWindows: packingWindows(deps.db.knex), mail: mailer ?? MAIL_NOT_CONFIGURED, access };

  const app = Fastify({
    // HTTPS when a certificate is configured (policy: personal information travels over SSL).
    ...(deps.tls ? { https: { key: deps.tls.key, cert: deps.tls.cert } } : {}),
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: BODY_LIMIT,
  });

  app.decorateRequest('station', null);
  app.decorateRequest('staffSession', null);
  installErrorEnvelope(app, { bodyLimit: BODY_LIMIT, what: 'this API' });

  // Station clients send `content-type: application/json` on every POST, bodiless ones included (sign-out, unlock).
  const defaultJsonParser = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString();
    if (text === '') return done(null, undefined);
    defaultJsonParser(request, text, (err, value) => (err ? done(AppError.because('REQUEST_NOT_JSON', 'The request body is not valid JSON.'), undefined) : done(null, value)));
  });

  // Not global: only routes that opt in (sign-in) are limited, each with its own key.
  app.register(rateLimit, { global: false });

  app.addHook('onReady', async () => {
    await prepareDummyHash();
    // Listening from the start; a failure here is retried by the first station that waits.
    live.start().catch((err: unknown) => deps.logger.warn({ err }, 'live changes: the hub did not start; retrying when a station waits'));
    // Emails queued while no instance was sending (or while mail was not configured) go out now.
    mailer?.start();
  });
  // Long-polls end before the server waits for its requests to finish. Node's close() also waits for a
  // connection that never sent a request (a client's spare socket, e.g. undici's after an aborted long-poll)
  // until its headers timeout, a minute: what is still open after a grace is cut.
  app.addHook('preClose', async () => {
    await live.close();
    await mailer?.close();
    const server = app.server;
    setTimeout(() => server.closeAllConnections?.(), CLOSE_GRACE_MS).unref();
  });
  if (deps.db.kind === 'sqlite') {
    // The embedded SQLite API is the only writer: after a write route answered (its transaction committed), the hub looks.
    app.addHook('onResponse', async (request) => {
      if (request.method === 'POST' && !request.url.startsWith('/v1/sync/wait')) live.poke();
    });
  }

  // Every route of core/routes.ts, each with its handler (a missing one fails the type check); see http/serve.ts.
  app.register(async (routes) =>
    registerRoutes(routes, ctx, {
      ...stationRoutes(ctx),
      ...authRoutes(ctx),
      ...staffRoutes(ctx),
      ...syncRoutes(ctx),
      ...lookupRoutes(ctx),
      ...customerRoutes(ctx),
      ...packingRoutes(ctx),
      ...privacyRoutes(ctx),
      ...auditRoutes(ctx),
      ...floorRoutes(ctx),
    }),
  );
  return app;
}
