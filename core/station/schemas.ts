import { z } from 'zod';

export const PrinterSettingsSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('zpl-tcp'), name: z.string().min(1).max(80), host: z.string().min(1).max(253), port: z.number().int().min(1).max(65535).default(9100) }),
  z.object({ kind: z.literal('pdf-file'), name: z.string().min(1).max(80), directory: z.string().min(1).max(1024) }),
  z.object({ kind: z.literal('system'), name: z.string().min(1).max(200) }),
]);
export type PrinterSettings = z.infer<typeof PrinterSettingsSchema>;

export const DistributionCenterCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Distribution center is a 3-letter code such as SJC.');

/** Everything a station keeps about itself (electron-store in Electron, `conf` elsewhere). */
export const StationSettingsSchema = z.object({
  stationName: z.string().trim().min(1, 'Station name is required.').max(60),
  distributionCenter: DistributionCenterCodeSchema,
  apiUrl: z.string().url('Central API URL must be a full URL such as https://backlot.example:8443.'),
  kiosk: z.boolean(),
  /** Seconds of no input before a kiosk locks itself (policy: strict internal guidelines against unauthorized access). */
  idleLockSeconds: z.number().int().min(30).max(3600),
  printer: PrinterSettingsSchema.nullable(),
  /** PEM of the only certificate authority this station trusts for the central API (HTTPS). */
  apiCa: z.string().max(20_000).regex(/-----BEGIN CERTIFICATE-----/, 'The certificate authority must be a PEM certificate.').nullable().default(null),
});
export type StationSettings = z.infer<typeof StationSettingsSchema>;

export const DEFAULT_STATION_SETTINGS: StationSettings = {
  stationName: 'Station 1',
  distributionCenter: 'SJC',
  apiUrl: 'http://127.0.0.1:7450',
  kiosk: false,
  idleLockSeconds: 300,
  printer: null,
  apiCa: null,
};

export const SyncStateSchema = z.enum(['idle', 'syncing', 'offline', 'error']);

export const StationStatusSchema = z.object({
  stationName: z.string(),
  distributionCenter: z.string(),
  apiUrl: z.string(),
  kiosk: z.boolean(),
  idleLockSeconds: z.number(),
  registered: z.boolean(),
  online: z.boolean(),
  sync: z.object({
    state: SyncStateSchema,
    pendingMutations: z.number().int(),
    rejectedMutations: z.number().int(),
    conflicts: z.number().int(),
    lastSyncAt: z.string().nullable(),
    /** While a full sync runs: rows so far and the server's estimate of the total (the status bar's progress). */
    initialSync: z.object({ pulled: z.number().int(), estimatedTotal: z.number().int().nullable() }).nullable(),
  }),
});
export type StationStatus = z.infer<typeof StationStatusSchema>;
