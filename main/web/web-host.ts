import { installErrorEnvelope } from '../../platform/http-refusals';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyStatic from '@fastify/static';
import { z } from 'zod';
import type { Logger } from '../../platform/logger';
import type { StationHost } from '../host/station-host';
import { RENDERER_CSP } from './csp';

/**
 * Serves the built renderer and the station's one dispatch over HTTP, on
 * loopback only, guarded by a token made fresh at every launch. This is how
 * Playwright drives the whole UI in Debian's Chromium, and how a browser-only
 * kiosk could run.
 */
export interface WebHostOptions {
  host: StationHost;
  logger: Logger;
  rendererDir: string;
  port?: number;
  /** Exposes POST /__test/clock (the testers' kit moves the station clock). Never in production. */
  testHooks?: boolean;
  token?: string;
}

export interface RunningWebHost {
  app: FastifyInstance<any, any, any, any>;
  url: string;
  token: string;
  /** The URL a person opens: the token rides in the fragment, which browsers never send to a server. */
  openUrl: string;
  close(): Promise<void>;
}

const ClientKey = z.string().regex(/^[A-Za-z0-9-]{8,64}$/);
const RpcBody = z.object({ input: z.unknown() }).strict();
const ClockBody = z.object({ advanceMs: z.number().int().min(0).max(365 * 24 * 3600 * 1000) }).strict();

function sameToken(given: unknown, expected: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

const BODY_LIMIT = 256 * 1024;

export async function startWebHost(opts: WebHostOptions): Promise<RunningWebHost> {
  const token = opts.token ?? randomBytes(24).toString('base64url');
  const app = Fastify({ loggerInstance: opts.logger, bodyLimit: BODY_LIMIT });
  installErrorEnvelope(app, { bodyLimit: BODY_LIMIT, what: 'this station' });
  let allowedHosts = new Set<string>();

  app.addHook('onRequest', async (req, reply) => {
    // DNS rebinding: a page on another origin that resolves to 127.0.0.1 still sends its own Host.
    if (!allowedHosts.has(req.headers.host ?? '')) {
      return reply.code(421).send({ ok: false, error: { code: 'FORBIDDEN', message: 'Wrong host.' } });
    }
    reply.header('content-security-policy', RENDERER_CSP);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'no-referrer');
    reply.header('x-frame-options', 'DENY');
    // Vite names every file under assets/ by its content hash: a browser keeps it until the name changes. The page and the calls are never kept.
    reply.header('cache-control', req.method === 'GET' && req.url.startsWith('/assets/') ? 'public, max-age=31536000, immutable' : 'no-store');
  });

  const refuse = { ok: false, error: { code: 'NOT_SIGNED_IN', message: 'This page was not opened with the station’s launch link. Open the URL printed by `npm run web`.' } };

  app.post<{ Params: { method: string } }>('/rpc/:method', async (req, reply) => {
    if (!sameToken(req.headers['x-backlot-token'], token)) return reply.code(401).send(refuse);
    const client = ClientKey.safeParse(req.headers['x-backlot-client']);
    if (!client.success) return reply.code(400).send({ ok: false, error: { code: 'INVALID_INPUT', message: 'Missing or malformed client id.' } });
    const body = RpcBody.safeParse(req.body ?? {});
    if (!body.success) return reply.code(400).send({ ok: false, error: { code: 'INVALID_INPUT', message: 'The request body must be {"input": ...}.' } });
    return opts.host.dispatch({ method: req.params.method, input: body.data.input, clientKey: `web:${client.data}` });
  });

  if (opts.testHooks) {
    app.post('/__test/clock', async (req, reply) => {
      if (!sameToken(req.headers['x-backlot-token'], token)) return reply.code(401).send(refuse);
      const body = ClockBody.safeParse(req.body);
      if (!body.success) return reply.code(400).send({ ok: false, error: { code: 'INVALID_INPUT', message: 'advanceMs must be a whole number of milliseconds.' } });
      opts.host.clock.advance(body.data.advanceMs);
      return { ok: true, data: { now: opts.host.clock.now().toISOString() } };
    });
  }

  if (!existsSync(opts.rendererDir)) {
    throw new Error(`The renderer is not built (${opts.rendererDir} is missing). Run \`npm run build\` first.`);
  }
  // Its own cache-control (public, max-age=0) would replace the one set above for every file.
  await app.register(fastifyStatic, { root: opts.rendererDir, index: ['index.html'], cacheControl: false });
  // The page names its icon (the installer's, built with a hashed name); anything that asks the old way gets sent there.
  const indexHtml = join(opts.rendererDir, 'index.html');
  const icon = existsSync(indexHtml) ? /<link rel="icon"[^>]*href="\.\/([^"]+)"/.exec(readFileSync(indexHtml, 'utf8'))?.[1] : undefined;
  if (icon) app.get('/favicon.ico', (_req, reply) => reply.redirect(`/${icon}`, 302));

  await app.listen({ host: '127.0.0.1', port: opts.port ?? 0 });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : opts.port;
  allowedHosts = new Set([`127.0.0.1:${port}`, `localhost:${port}`]);
  const url = `http://127.0.0.1:${port}`;
  return { app, url, token, openUrl: `${url}/#token=${token}`, close: () => app.close() };
}
