import { z } from 'zod';
import { method } from '../method';
import { ADMINS } from '../roles';
import { DcPostalSetupInputSchema, DcPostalSetupSchema } from './postal-setup';
import { CaCertificateInfoSchema, CaPemSchema, StationEnrollmentSchema, StationSettingsPatchSchema, StationSettingsSchema, StationStatusSchema, SystemPrintersSchema } from './schemas';

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
    input: StationSettingsPatchSchema,
    output: StationSettingsSchema,
    roles: ADMINS,
  }),
  'station.inspectCa': method({
    summary: 'Read a CA certificate the setup screen was given: its SHA-256 fingerprint to compare with what the central office printed.',
    input: z.object({ pem: CaPemSchema }).strict(),
    output: CaCertificateInfoSchema,
    roles: 'public',
  }),
  'station.register': method({
    summary: 'First-run setup: join a central office with its address, CA certificate and enrollment key. Refused once the station is registered.',
    input: StationEnrollmentSchema,
    output: StationStatusSchema,
    roles: 'public',
  }),
  'station.reenroll': method({
    summary: 'Join a central office again (a new key, address or distribution center); the cache starts over and everyone signs in again.',
    input: StationEnrollmentSchema,
    output: StationStatusSchema,
    roles: ADMINS,
  }),
  'station.systemPrinters': method({
    summary: 'The printers this computer’s operating system knows, for the printer settings.',
    input: z.object({}).strict(),
    output: SystemPrintersSchema,
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
