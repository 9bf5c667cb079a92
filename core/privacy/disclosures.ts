/**
 * The disclosure register: every legal request answered and every file of
 * personal or customer-derived data that left the back office.
 *
 * policy: "Except as described in this section, we will not sell, rent or
 * disclose your personally identifying information to third parties ...
 * Netflix also reserves the right to disclose information when required by
 * law." The register is append-only (database triggers refuse UPDATE and
 * DELETE) and each row is written in the transaction that made the export.
 */
import { z } from 'zod';
import { multiline } from '../text';
import { DaySchema, RecipientSchema, StaffRefSchema } from './common';
import { DownloadFileSchema } from './files';

export const DisclosureKindSchema = z.enum(['legal_request', 'export']);
export type DisclosureKind = z.infer<typeof DisclosureKindSchema>;

export const ExportKindSchema = z.enum([
  'campaign_vendor_list',
  'campaign_vendor_keys',
  'campaign_partner_file',
  'aggregate_report',
  'anonymous_statements',
  'disclosure_register',
  'audit_log',
]);
export type ExportKind = z.infer<typeof ExportKindSchema>;

export const DISCLOSURES_HEADER = [
  'id', 'at', 'kind', 'export_kind', 'recipient', 'legal_basis', 'scope', 'approver', 'recorded_by', 'requested_on', 'rows', 'filename', 'content_sha256', 'reference', 'customer_ids',
] as const;

export const DisclosureSchema = z.object({
  id: z.string(),
  at: z.string(),
  kind: DisclosureKindSchema,
  exportKind: ExportKindSchema.nullable(),
  recipient: z.string(),
  legalBasis: z.string(),
  scope: z.string(),
  approver: StaffRefSchema.nullable(),
  recordedBy: StaffRefSchema,
  requestedOn: z.string().nullable(),
  rows: z.number().int().nullable(),
  filename: z.string().nullable(),
  contentSha256: z.string().nullable(),
  reference: z.string().nullable(),
  customerIds: z.array(z.number().int()),
});
export type Disclosure = z.infer<typeof DisclosureSchema>;

export const DisclosureFilterSchema = z
  .object({
    kind: DisclosureKindSchema.optional(),
    from: DaySchema.optional(),
    to: DaySchema.optional(),
    limit: z.number().int().min(1).max(1000).default(200),
  })
  .strict();
export type DisclosureFilter = z.output<typeof DisclosureFilterSchema>;

export const DisclosureListSchema = z.object({ disclosures: z.array(DisclosureSchema) });

export const LegalRequestInputSchema = z
  .object({
    requestingParty: RecipientSchema,
    legalBasis: z.string().trim().min(3, 'Name the legal basis (a subpoena, a court order ...).').max(300),
    scope: multiline(z.string().trim().min(3, 'Describe which data was disclosed.').max(1000)),
    /** The supervisor or admin who approved the disclosure. */
    approverUsername: z.string().trim().toLowerCase().min(2, 'Enter the username of the supervisor or admin who approved it, e.g. sue.').max(40, 'A username is at most 40 characters.'),
    requestedOn: DaySchema,
    customerIds: z
      .array(z.number({ error: 'Customer numbers are whole numbers, e.g. 1042, separated by commas.' }).int('Customer numbers are whole numbers, e.g. 1042.').positive('Customer numbers are whole numbers, e.g. 1042.'))
      .max(100, 'At most 100 customers per request; record a larger one in parts.')
      .default([]),
  })
  .strict();
export type LegalRequestInput = z.output<typeof LegalRequestInputSchema>;

export const DisclosureExportSchema = z.object({ file: DownloadFileSchema, disclosureId: z.string() });
