import type { z } from 'zod';
import type { Role } from './roles';

/**
 * One route of the central API, declared once (`core/routes.ts`): the
 * station's client builds its requests from it and the API registers its
 * Fastify route from it, so a path, a verb or a schema cannot drift between
 * the two sides.
 *
 * The input is one object: path parameters are named in `path` (`:customerId`)
 * and taken from it; the rest travels as the query string of a GET and as the
 * JSON body of a POST. The API validates the whole input with `input`, and
 * the station parses every answer with `output` (a version skew fails loudly
 * instead of corrupting the cache).
 */
export type RouteAccess =
  /** No credential at all: the load balancer's and the station's health check. */
  | 'public'
  /** The enrollment key stands in for a credential: a station registering itself. */
  | 'enrollment'
  /** The station credential only: mutations name their own staff member, sign-in has none yet. */
  | 'station'
  /** The station credential and a staff session of one of these roles. */
  | readonly Role[];

/** Headers of the central API besides `authorization: Station <credential>`. */
export const CENTRAL_HEADERS = {
  /** The signed-in staff member's central session token. */
  staffSession: 'x-staff-session',
  /** The enrollment key, on registration only. */
  enrollmentKey: 'x-enrollment-key',
} as const;

export interface RouteSpec<I extends z.ZodObject = z.ZodObject, O extends z.ZodType = z.ZodType> {
  verb: 'GET' | 'POST';
  path: string;
  access: RouteAccess;
  input: I;
  output: O;
  /** How long the station waits for the answer (a full sync page or an export of the customer base takes longer than a lookup). */
  timeoutMs?: number;
  /** A long-poll: the central office holds the request until something happens, so `timeoutMs` is its own and never overridden. */
  holds?: boolean;
  summary: string;
}

export function route<I extends z.ZodObject, O extends z.ZodType>(spec: RouteSpec<I, O>): RouteSpec<I, O> {
  return spec;
}

/** The names of a path's parameters, in order: `/v1/staff/:username/unlock` -> `['username']`. */
export function pathParams(path: string): string[] {
  return [...path.matchAll(/:([A-Za-z][A-Za-z0-9]*)/g)].map((m) => m[1]!);
}

/**
 * The scalar type a field of an input object reads as, under its optional,
 * default and nullable wrappers: what a path segment or a query value (text
 * on the wire) is turned back into before the input is validated.
 */
export function fieldKind(schema: z.ZodObject, field: string): 'number' | 'boolean' | 'other' {
  let current = schema.shape[field] as { _zod: { def: { type: string; innerType?: unknown; in?: unknown } } } | undefined;
  while (current) {
    const def = current._zod.def;
    if (def.type === 'number' || def.type === 'int' || def.type === 'bigint') return 'number';
    if (def.type === 'boolean') return 'boolean';
    if (def.innerType) current = def.innerType as typeof current;
    else if (def.type === 'pipe') current = def.in as typeof current;
    else return 'other';
  }
  return 'other';
}
