import { z } from 'zod';
import { multiline } from '../text';
/** The labels a printer has loaded: 4x6, or the letter mailer's 4x4 panels. */
export const PRINTER_LAYOUTS = ['4x6', 'letter-mailer'] as const;

const PrinterNameSchema = z.string().trim().min(1, 'Give the printer a name, e.g. “Zebra at packing line 1”.').max(200, 'A printer name is at most 200 characters.');
/** Which labels the printer has loaded (the test label prints on them; the packing line's piece decides each label's sheet). */
export const PrinterLayoutSchema = z.enum(PRINTER_LAYOUTS, { error: 'Choose the labels this printer has loaded: 4x6 or letter mailer.' });

export const PrinterSettingsSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({
      kind: z.literal('zpl-tcp'),
      name: PrinterNameSchema,
      host: z
        .string()
        .trim()
        .min(1, 'Enter the printer’s network address, e.g. 192.168.1.50 or zebra-1.local.')
        .max(253, 'A network address is at most 253 characters.')
        .regex(/^[A-Za-z0-9.:[\]-]+$/, 'A network address has only letters, digits, dots, dashes and colons, e.g. 192.168.1.50.'),
      port: z.number({ error: 'The port is a number; Zebra printers listen on 9100.' }).int('The port is a whole number, e.g. 9100.').min(1, 'The port is from 1 to 65535 (Zebra printers use 9100).').max(65535, 'The port is from 1 to 65535 (Zebra printers use 9100).').default(9100),
      layout: PrinterLayoutSchema.default('4x6'),
    }),
    z.object({
      kind: z.literal('pdf-file'),
      name: PrinterNameSchema,
      directory: z.string().trim().min(1, 'Enter the folder the PDF labels go to.').max(1024, 'A folder path is at most 1,024 characters.'),
      layout: PrinterLayoutSchema.default('4x6'),
    }),
    z.object({
      kind: z.literal('system'),
      /** The printer's name in the operating system (CUPS queue, Windows printer). */
      name: PrinterNameSchema,
      /** `zpl`: a label printer that takes ZPL, sent raw past any driver; `page`: any printer, sent the label as a page. */
      language: z.enum(['zpl', 'page'], { error: 'Choose whether this printer takes ZPL or ordinary pages.' }).default('page'),
      layout: PrinterLayoutSchema.default('4x6'),
    }),
  ],
  { error: 'Choose a kind of printer: ZPL over the network, a printer of this computer, or PDF files.' },
);
export type PrinterSettings = z.infer<typeof PrinterSettingsSchema>;
export type PrinterSettingsInput = z.input<typeof PrinterSettingsSchema>;

export const DistributionCenterCodeSchema = z
  .string()
  .regex(/^[A-Z]{3}$/, 'Distribution center is a 3-letter code such as SJC.');

/** Everything a station keeps about itself (electron-store in Electron, `conf` elsewhere). */
export const StationSettingsSchema = z.object({
  stationName: z.string({ error: 'Give the station a name, e.g. “Packing line 1”.' }).trim().min(1, 'Give the station a name, e.g. “Packing line 1”.').max(60, 'A station name is at most 60 characters.'),
  distributionCenter: DistributionCenterCodeSchema,
  apiUrl: z.string({ error: 'Enter the central office’s full address, e.g. https://backlot.example:8443.' }).url('Enter the central office’s full address, e.g. https://backlot.example:8443.'),
  kiosk: z.boolean({ error: 'Kiosk mode is either on or off.' }),
  /** Seconds of no input before a kiosk locks itself (policy: strict internal guidelines against unauthorized access). */
  idleLockSeconds: z
    .number({ error: 'Enter the idle time as a number of seconds, e.g. 300 for five minutes.' })
    .int('Use whole seconds, e.g. 300 for five minutes.')
    .min(30, 'Lock after at least 30 seconds without typing or clicking.')
    .max(3600, 'Lock after at most 3,600 seconds (one hour) without typing or clicking.'),
  printer: PrinterSettingsSchema.nullable(),
  /** PEM of the only certificate authority this station trusts for the central API (HTTPS). */
  apiCa: multiline(z.string().max(20_000).regex(/-----BEGIN CERTIFICATE-----/, 'The certificate authority must be a PEM certificate.')).nullable().default(null),
});

/**
 * A change to some settings: only the keys given change. (zod keeps a field's
 * default under `.partial()`, so the settings schema's own partial would set
 * a missing `apiCa` to null and cut the station off its central office.)
 */
export const StationSettingsPatchSchema = StationSettingsSchema.extend({
  apiCa: multiline(z.string().max(20_000).regex(/-----BEGIN CERTIFICATE-----/, 'The certificate authority must be a PEM certificate.')).nullable(),
})
  .partial()
  .strict();
export type StationSettings = z.infer<typeof StationSettingsSchema>;
/** A change to some settings, as callers write it (defaults, such as a printer's port and layout, filled in by the schema). */
export type StationSettingsPatch = Partial<z.input<typeof StationSettingsSchema>>;

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

/**
 * A change the central office keeps failing to take (a failure of the moment
 * that does not pass): after STUCK_AFTER_FAILURES pushes of it alone it stops
 * blocking the outbox, and a supervisor retries or dismisses it.
 */
export const StuckChangeSchema = z.object({
  mutationId: z.string(),
  name: z.string(),
  /** Why the last push of it failed, in words. */
  message: z.string(),
  attempts: z.number().int(),
  /** When the staff member made the change: how long it has waited. */
  at: z.string(),
  /** Later changes to the same customer, order or disc, held back so they stay in order behind it. */
  held: z.number().int(),
});
export const StationStatusSchema = z.object({
  stationName: z.string(),
  distributionCenter: z.string(),
  apiUrl: z.string(),
  kiosk: z.boolean(),
  idleLockSeconds: z.number(),
  registered: z.boolean(),
  /** A registration is under way (first start with an enrollment key, or the setup screen's). */
  registering: z.boolean(),
  /** Something the person at the station should read (the settings file was damaged and set aside). */
  notice: z.string().nullable(),
  online: z.boolean(),
  sync: z.object({
    state: SyncStateSchema,
    pendingMutations: z.number().int(),
    rejectedMutations: z.number().int(),
    conflicts: z.number().int(),
    lastSyncAt: z.string().nullable(),
    /** While a full sync runs: rows so far and the server's estimate of the total (the status bar's progress). */
    initialSync: z.object({ pulled: z.number().int(), estimatedTotal: z.number().int().nullable() }).nullable(),
    /** Changes that keep failing, oldest first (the status bar names them). */
    stuck: z.array(StuckChangeSchema),
  }),
});
export type StationStatus = z.infer<typeof StationStatusSchema>;

/** A CA certificate as PEM text (what the central office's `tls/ca.crt` holds). */
export const CaPemSchema = multiline(
  z
    .string()
    .trim()
    .max(20_000, 'That is too long for a certificate; paste only the CA certificate.')
    .regex(/-----BEGIN CERTIFICATE-----[\s\S]+-----END CERTIFICATE-----/, 'Paste the whole certificate, from -----BEGIN CERTIFICATE----- to -----END CERTIFICATE-----.'),
);

/** What the setup screen (and an admin's re-enrollment) sends to join a central office. */
export const StationEnrollmentSchema = z
  .object({
    apiUrl: z
      .string()
      .trim()
      .min(1, 'Enter the central office’s address, e.g. https://backlot.example:7450.')
      .url('Enter the full address, starting with https://, e.g. https://backlot.example:7450.')
      .refine((u) => /^https?:\/\//i.test(u), 'The address starts with https://.'),
    /** Required for https; plain http is allowed only on this computer (development). */
    ca: CaPemSchema.nullable(),
    enrollmentKey: z
      .string()
      .trim()
      .min(16, 'The enrollment key is the long line the central office keeps in its enrollment.key file (at least 16 characters).')
      .max(200, 'That is too long for an enrollment key; copy only the key.'),
    distributionCenter: DistributionCenterCodeSchema,
    stationName: z.string().trim().min(1, 'Give this station a name, e.g. “Pack 3”.').max(60, 'A station name is at most 60 characters.'),
  })
  .strict();
export type StationEnrollment = z.infer<typeof StationEnrollmentSchema>;

/** A CA certificate as the setup screen shows it, for the admin to compare with what the central office printed. */
export const CaCertificateInfoSchema = z.object({
  /** SHA-256 of the certificate, as colon-separated hex pairs (the form the central office prints). */
  fingerprint256: z.string(),
  subject: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
  isCa: z.boolean(),
});
export type CaCertificateInfo = z.infer<typeof CaCertificateInfoSchema>;

/** A printer of this computer, as the operating system names it. */
export const SystemPrinterSchema = z.object({
  name: z.string(),
  displayName: z.string(),
  isDefault: z.boolean(),
});
export type SystemPrinter = z.infer<typeof SystemPrinterSchema>;
export const SystemPrintersSchema = z.object({
  /** Where the list came from: Electron asks the OS; the web host asks CUPS; `none` when this computer has neither. */
  source: z.enum(['electron', 'cups', 'none']),
  printers: z.array(SystemPrinterSchema),
  /** Why the list may be empty, in words. */
  note: z.string().nullable(),
});
