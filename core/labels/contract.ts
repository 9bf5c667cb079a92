import { z } from 'zod';
import { method } from '../method';
import { ADMINS, WAREHOUSE_AND_UP } from '../roles';
import { PrinterStatusSchema } from '../packing/schemas';
import { PrinterSettingsSchema } from '../station/schemas';

/** What a test print found out, in words for the admin at the printer settings. */
export const TestPrintOutcomeSchema = z.object({
  /**
   * Whether the label reached the printer, as far as this kind of printer can
   * say: TCP, the connection was made and every byte sent; PDF file, the file
   * was written; system printer, the operating system accepted the job.
   */
  arrived: z.boolean(),
  printer: z.string(),
  message: z.string(),
  bytes: z.number().int().nullable(),
  path: z.string().nullable(),
  jobId: z.string().nullable(),
});
export type TestPrintOutcome = z.infer<typeof TestPrintOutcomeSchema>;

export const labelsMethods = {
  'labels.testPrint': method({
    summary: 'Print a test label on these printer settings (saved or not) and say whether it arrived.',
    input: z.object({ printer: PrinterSettingsSchema }).strict(),
    output: TestPrintOutcomeSchema,
    roles: ADMINS,
  }),
  'labels.printerStatus': method({
    summary: 'The label printer’s state (online, printing, offline) as the station last saw it; polled by the pack screen.',
    input: z.object({}).strict(),
    output: PrinterStatusSchema.nullable(),
    roles: WAREHOUSE_AND_UP,
    passive: true,
  }),
} as const;
