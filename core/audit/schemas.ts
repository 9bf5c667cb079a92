/**
 * The audit viewer: who viewed or changed which customer's data, from the
 * central audit_log (station rows arrive there through sync).
 *
 * policy: "We have implemented technology and security features, as well as
 * strict internal guidelines, to safeguard the privacy of your personal
 * information from unauthorized access or improper use."
 */
import { z } from 'zod';
import { DaySchema, StaffRefSchema } from '../privacy/common';
import { DownloadFileSchema } from '../privacy/files';

export const AUDIT_HEADER = ['id', 'at', 'staff', 'station', 'action', 'customer_id', 'fields', 'reason'] as const;

export const AuditFilterSchema = z
  .object({
    staffUsername: z.string().trim().toLowerCase().min(1, 'Enter a username, e.g. carl, or leave it empty.').max(40, 'A username is at most 40 characters.').optional(),
    customerId: z.number({ error: 'A customer number is a whole number, e.g. 1042.' }).int('A customer number is a whole number, e.g. 1042.').positive('A customer number is a whole number, e.g. 1042.').optional(),
    from: DaySchema.optional(),
    to: DaySchema.optional(),
  })
  .strict();
export type AuditFilter = z.output<typeof AuditFilterSchema>;

export const AuditSearchInputSchema = AuditFilterSchema.extend({
  limit: z.number().int().min(1).max(500).default(100),
  /** Paging: the id of the last row of the previous page (rows come newest first). */
  before: z.string().max(80).optional(),
}).strict();
export type AuditSearchInput = z.output<typeof AuditSearchInputSchema>;

export const AuditEntrySchema = z.object({
  id: z.string(),
  at: z.string(),
  staff: StaffRefSchema.nullable(),
  stationId: z.string().nullable(),
  /** The station's name, when the row came from one the central office knows. */
  stationName: z.string().nullable().optional(),
  action: z.string(),
  customerId: z.number().int().nullable(),
  /** The customer's name, so the viewer shows people, not numbers alone. */
  customerName: z.string().nullable().optional(),
  fields: z.array(z.string()).nullable(),
  reason: z.string().nullable(),
  /** What the action was about (an affiliate, a campaign, a review), as the writer recorded it. */
  detail: z.record(z.string(), z.unknown()).nullable(),
});
export type AuditEntry = z.infer<typeof AuditEntrySchema>;

export const AuditSearchSchema = z.object({ entries: z.array(AuditEntrySchema), nextCursor: z.string().nullable() });

export const AuditExportSchema = z.object({ file: DownloadFileSchema, disclosureId: z.string() });
