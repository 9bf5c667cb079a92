/**
 * Every route of the central API, declared once (`core/route.ts`): the
 * station's client (`main/central/central-client.ts`) calls them by name, and
 * the API registers one Fastify route per entry (`api/http/serve.ts`, where a
 * missing handler fails the type check).
 *
 * Adding a central method = one `route()` entry in its capability's
 * `routes.ts` (spread here), one handler in `api/<capability>/routes.ts`, and
 * the station's `central.call('<name>', input)` where it is used.
 */
import type { z } from 'zod';
import { authRoutes } from './auth/routes';
import { staffRoutes } from './staff/routes';
import { auditRoutes } from './audit/routes';
import { privacyRoutes } from './privacy/routes';
import { customerRoutes } from './customers/routes';
import { lookupRoutes } from './lookup/routes';
import { packingRoutes } from './packing/routes';
import { stationRoutes } from './station/routes';
import { syncRoutes } from './sync/routes';
import { floorRoutes } from './floor/routes';

export const centralRoutes = {
  ...stationRoutes,
  ...authRoutes,
  ...staffRoutes,
  ...lookupRoutes,
  ...customerRoutes,
  ...packingRoutes,
  ...syncRoutes,
  ...privacyRoutes,
  ...auditRoutes,
  ...floorRoutes,
} as const;

export type CentralRoutes = typeof centralRoutes;
export type RouteName = keyof CentralRoutes;
/** What the caller hands in (defaults may be left out). */
export type RouteCallInput<N extends RouteName> = z.input<CentralRoutes[N]['input']>;
/** What a handler receives, after validation. */
export type RouteInput<N extends RouteName> = z.output<CentralRoutes[N]['input']>;
/** What a handler returns. */
export type RouteAnswer<N extends RouteName> = z.input<CentralRoutes[N]['output']>;
/** What the station gets back, after parsing. */
export type RouteOutput<N extends RouteName> = z.output<CentralRoutes[N]['output']>;
