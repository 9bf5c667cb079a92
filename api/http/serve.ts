/**
 * Registers the central API's routes from their one declaration
 * (`core/routes.ts`): verb, path, who may call and the input schema come from
 * there, so the station's client and these routes cannot drift apart. Each
 * capability's `api/<capability>/routes.ts` provides the handlers of its capability;
 * `server.ts` merges them into one `RouteHandlers<RouteName>`, so a declared
 * route without a handler fails the type check.
 *
 * Order per request: the station credential (onRequest), the role (or the
 * enrollment key), a route's own `before` check, then the input is
 * validated (path parameters and query values, text on the wire, are read as
 * the numbers and booleans the schema expects) and the handler runs.
 */
import type { FastifyContextConfig, FastifyInstance, FastifyReply, FastifyRequest, preHandlerHookHandler } from 'fastify';
import { AppError } from '../../core/errors';
import { CENTRAL_HEADERS, fieldKind, pathParams, type RouteSpec } from '../../core/route';
import { centralRoutes, type RouteAnswer, type RouteInput, type RouteName } from '../../core/routes';
import { constantTimeEqual } from '../security/tokens';
import type { ApiContext } from './context';
import { authenticateStationHook, requireRole } from './guards';
import { parseInput } from './validate';

export type RouteHandler<N extends RouteName> = (input: RouteInput<N>, request: FastifyRequest, reply: FastifyReply) => Promise<RouteAnswer<N>> | RouteAnswer<N>;

export interface RouteImpl<N extends RouteName> {
  handle: RouteHandler<N>;
  /** Runs before the input is read: a refusal that must not depend on the input's shape (a body asking for scopes). */
  before?: preHandlerHookHandler;
  /** The HTTP status of a success (201 for a creation); 200 otherwise. */
  status?: number;
  /** Fastify route config, e.g. a rate limit. */
  config?: FastifyContextConfig;
}

/** The handlers of the routes named `<prefix>.*`, e.g. `RouteHandlers<RoutesOf<'sync'>>`. */
export type RouteHandlers<N extends RouteName> = { [K in N]: RouteHandler<K> | RouteImpl<K> };
export type RoutesOf<P extends string> = Extract<RouteName, `${P}.${string}`>;

/** A path segment or query value (always text) as the scalar the schema expects. */
function fromText(spec: RouteSpec, field: string, value: unknown): unknown {
  if (typeof value !== 'string') return value;
  switch (fieldKind(spec.input, field)) {
    case 'number':
      return /^-?\d+(\.\d+)?$/.test(value) ? Number(value) : value;
    case 'boolean':
      return value === 'true' ? true : value === 'false' ? false : value;
    default:
      return value;
  }
}

function decodeText(spec: RouteSpec, values: unknown): Record<string, unknown> {
  if (!values || typeof values !== 'object') return {};
  return Object.fromEntries(Object.entries(values).map(([k, v]) => [k, fromText(spec, k, v)]));
}

/** The route's one input object: path parameters, then the query string (GET) or the JSON body (POST). */
function inputOf(spec: RouteSpec, request: FastifyRequest): unknown {
  const params = decodeText(spec, request.params);
  const rest = spec.verb === 'GET' ? decodeText(spec, request.query) : request.body;
  if (rest === undefined || rest === null) return params;
  if (typeof rest !== 'object' || Array.isArray(rest)) return rest;
  // A path parameter is not also accepted from the body: one place per value.
  const clash = pathParams(spec.path).find((p) => p in rest);
  if (clash) throw new AppError('INVALID_INPUT', `${clash} belongs in the path, not the body.`, [{ field: clash, message: `${clash} belongs in the path.` }]);
  return { ...params, ...rest };
}

function enrollmentKeyCheck(ctx: ApiContext): preHandlerHookHandler {
  return async (request) => {
    const key = request.headers[CENTRAL_HEADERS.enrollmentKey];
    // Checked before the body so nobody without the key learns which distribution centers exist.
    if (typeof key !== 'string' || !constantTimeEqual(key, ctx.config.enrollmentKey)) {
      throw new AppError('BAD_STATION_CREDENTIAL', 'The enrollment key is missing or wrong.');
    }
  };
}

export function registerRoutes(app: FastifyInstance, ctx: ApiContext, handlers: RouteHandlers<RouteName>): void {
  for (const name of Object.keys(centralRoutes) as RouteName[]) {
    const spec: RouteSpec = centralRoutes[name];
    const entry = handlers[name] as RouteHandler<RouteName> | RouteImpl<RouteName>;
    const impl: RouteImpl<RouteName> = typeof entry === 'function' ? { handle: entry } : entry;
    const onRequest = spec.access === 'public' || spec.access === 'enrollment' ? [] : [authenticateStationHook(ctx)];
    const preHandler: preHandlerHookHandler[] = [];
    if (spec.access === 'enrollment') preHandler.push(enrollmentKeyCheck(ctx));
    if (Array.isArray(spec.access)) preHandler.push(requireRole(ctx, spec.access));
    if (impl.before) preHandler.push(impl.before);
    app.route({
      method: spec.verb,
      url: spec.path,
      onRequest,
      preHandler,
      ...(impl.config ? { config: impl.config } : {}),
      handler: async (request, reply) => {
        const input = parseInput(spec.input, inputOf(spec, request)) as RouteInput<RouteName>;
        const answer = await impl.handle(input, request, reply);
        if (impl.status) reply.status(impl.status);
        return answer;
      },
    });
  }
}
