import { z } from 'zod';
import { method } from '../method';
import { ADMINS } from '../roles';
import { DcPostalSetupInputSchema, DcPostalSetupSchema } from './postal-setup';
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
  'station.postal.get': method({
    summary: 'This station’s distribution center’s postal set-up (permit imprint, Business Reply Mail, IMb services) and the STID it gives letters.',
    input: z.object({}).strict(),
    output: DcPostalSetupSchema,
    roles: ADMINS,
  }),
  'station.postal.update': method({
    summary: 'Set this distribution center’s postal set-up; every station of the DC prints with it after its next sync.',
    input: DcPostalSetupInputSchema,
    output: DcPostalSetupSchema,
    roles: ADMINS,
  }),
} as const;
