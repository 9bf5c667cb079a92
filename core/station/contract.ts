import { z } from 'zod';
import { method } from '../method';
import { ADMINS } from '../roles';
import { StationSettingsSchema, StationStatusSchema } from './schemas';

export const stationMethods = {
  'station.status': method({
    summary: 'Station name, connection and sync state for the status bar (no personal data, so callable before sign-in).',
    input: z.object({}).strict(),
    output: StationStatusSchema,
    roles: 'public',
    passive: true,
    whileLocked: true,
  }),
  'station.settings.get': method({
    summary: 'This station’s settings.',
    input: z.object({}).strict(),
    output: StationSettingsSchema,
    roles: ADMINS,
  }),
  'station.settings.update': method({
    summary: 'Change this station’s settings.',
    input: StationSettingsSchema.partial().strict(),
    output: StationSettingsSchema,
    roles: ADMINS,
  }),
} as const;
