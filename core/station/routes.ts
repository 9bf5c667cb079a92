/** The central API's routes about stations themselves (`core/routes.ts`). */
import { z } from 'zod';
import { route } from '../route';
import { DistributionCenterCodeSchema } from './schemas';

export const stationRoutes = {
  'station.health': route({
    summary: 'Whether the central API and its database answer (load balancers, and the station’s connectivity check).',
    verb: 'GET',
    path: '/health',
    access: 'public',
    input: z.object({}).strict(),
    // live: how this instance hears of commits for the live channel (`listen`: LISTEN/NOTIFY works; `poll`: it looks every 200 ms: SQLite, or a LISTEN connection that is down or behind a pooler).
    // mail: whether this instance sends customers' order-problem emails (`smtp`), or leaves them queued (`not configured`: no BACKLOT_SMTP_URL).
    output: z
      .object({ status: z.literal('ok'), database: z.string(), time: z.string(), live: z.enum(['listen', 'poll']), mail: z.enum(['smtp', 'not configured']) })
      .partial({ database: true, time: true, live: true, mail: true }),
  }),
  'station.register': route({
    summary: 'Register a station with the enrollment key: the station keeps a credential, the API only its SHA-256.',
    verb: 'POST',
    path: '/v1/stations/register',
    access: 'enrollment',
    input: z
      .object({
        name: z.string().trim().min(1, 'Station name is required.').max(60, 'Station name must be at most 60 characters.'),
        distributionCenter: DistributionCenterCodeSchema,
      })
      .strict(),
    output: z.object({ stationId: z.string(), credential: z.string() }),
  }),
} as const;
