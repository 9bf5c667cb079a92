/**
 * The supervisor's floor view (issue 16 item 7): per station and per packer
 * for the shift, from the label events and scan mismatches stations already
 * sync and the state each station reports on its regular exchange with the
 * central office. No customer, order or title data anywhere in it.
 */
import { z } from 'zod';
import { DistributionCenterCodeSchema } from '../station/schemas';
import { DownloadFileSchema } from '../privacy/files';

/** Scan refusals that count as a mismatch on the floor: the packer scanned a disc that does not belong in this mailer. */
export const MISMATCH_REASONS = ['DISC_UNKNOWN', 'DISC_WRONG_TITLE', 'DISC_NOT_IN_STOCK', 'DISC_OTHER_DC', 'DISC_DAMAGED'] as const;
export type MismatchReason = (typeof MISMATCH_REASONS)[number];
export function isMismatchReason(reason: string): reason is MismatchReason {
  return (MISMATCH_REASONS as readonly string[]).includes(reason);
}

export const FLOOR_PRINTER_STATES = ['online', 'offline', 'printing', 'none'] as const;

/** What a station tells the central office about itself every few seconds: only it knows its printer and its outbox. */
export const StationReportSchema = z
  .object({
    /** `none`: no label printer set up at this station. */
    printerState: z.enum(FLOOR_PRINTER_STATES),
    printerName: z.string().trim().max(80).nullable(),
    /** The printer's last error in words (paper out, connection refused), when it has one. */
    printerProblem: z.string().trim().max(200).nullable(),
    /** Labels waiting for the printer. */
    printerWaiting: z.number().int().nonnegative().max(1_000_000),
    /** Changes made here that have not reached the central office yet. */
    pendingChanges: z.number().int().nonnegative().max(10_000_000),
  })
  .strict();
export type StationReport = z.infer<typeof StationReportSchema>;

export const FloorOverviewInputSchema = z.object({ dc: DistributionCenterCodeSchema.optional() }).strict();

const Figures = {
  packed: z.number().int().nonnegative(),
  /** Orders packed in each hour of the shift, from local midnight (as many entries as `hours`). */
  perHour: z.array(z.number().int().nonnegative()),
  mismatches: z.number().int().nonnegative(),
  /** Mismatches over all scans (packed + mismatched), 0..1; null before the first scan. */
  mismatchRate: z.number().min(0).max(1).nullable(),
  lastActivityAt: z.string().nullable(),
};

export const FloorStationSchema = z.object({
  stationId: z.string(),
  name: z.string(),
  /** It reported within the last 15 s. */
  online: z.boolean(),
  reportedAt: z.string().nullable(),
  printerState: z.enum(FLOOR_PRINTER_STATES).nullable(),
  printerName: z.string().nullable(),
  printerProblem: z.string().nullable(),
  printerWaiting: z.number().int().nullable(),
  pendingChanges: z.number().int().nullable(),
  ...Figures,
});
export type FloorStation = z.infer<typeof FloorStationSchema>;

export const FloorPackerSchema = z.object({
  staffId: z.string(),
  username: z.string(),
  displayName: z.string(),
  /** The station of the packer's latest label or mismatch. */
  stationName: z.string().nullable(),
  ...Figures,
});
export type FloorPacker = z.infer<typeof FloorPackerSchema>;

export const FloorOverviewSchema = z.object({
  dc: z.string(),
  dcName: z.string(),
  timeZone: z.string(),
  /** Local midnight of the DC's day, and the central office's time of this answer. */
  shiftStart: z.string(),
  asOf: z.string(),
  /** "00:00", "01:00", ... up to the hour now running. */
  hours: z.array(z.string()),
  /** The distribution centers one may look at. */
  distributionCenters: z.array(z.object({ code: z.string(), name: z.string() })),
  floor: z.object(Figures),
  stations: z.array(FloorStationSchema),
  packers: z.array(FloorPackerSchema),
});
export type FloorOverview = z.infer<typeof FloorOverviewSchema>;

export const FloorExportSchema = z.object({ file: DownloadFileSchema });
