/**
 * The central API's floor routes (`core/routes.ts`): stations report their
 * printer and outbox on their regular exchange; supervisors and admins read
 * the floor and export it (checked by the station's dispatch and the API).
 */
import { z } from 'zod';
import { route } from '../route';
import { SUPERVISORS } from '../roles';
import { FloorExportSchema, FloorOverviewInputSchema, FloorOverviewSchema, StationReportSchema } from './schemas';

export const floorRoutes = {
  'floor.report': route({
    summary: 'A station’s printer state and pending changes, sent with its connectivity check.',
    verb: 'POST', path: '/v1/floor/reports', access: 'station',
    input: StationReportSchema, output: z.object({ ok: z.literal(true) }),
  }),
  'floor.overview': route({
    summary: 'The distribution center’s floor for the shift, per station and per packer.',
    verb: 'GET', path: '/v1/floor', access: SUPERVISORS,
    input: FloorOverviewInputSchema, output: FloorOverviewSchema,
  }),
  'floor.export': route({
    summary: 'The floor figures as a CSV; an audit row in the same transaction.',
    verb: 'POST', path: '/v1/floor/exports', access: SUPERVISORS, timeoutMs: 30_000,
    input: FloorOverviewInputSchema, output: FloorExportSchema,
  }),
} as const;
