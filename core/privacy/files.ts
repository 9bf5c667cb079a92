/**
 * Files a supervisor downloads from the privacy back office (partner and
 * vendor deliverables, reports, registers). Their CSV is written by the one
 * CSV writer, `platform/csv.ts`, so every export quotes, escapes and guards
 * cells the same way.
 */
import { z } from 'zod';

/** Who a file is meant for: the mailing vendor, the partner, another outside recipient, or staff. */
export const FileAudienceSchema = z.enum(['vendor', 'partner', 'recipient', 'internal']);
export type FileAudience = z.infer<typeof FileAudienceSchema>;

export const DownloadFileSchema = z.object({
  filename: z.string(),
  mimeType: z.literal('text/csv'),
  content: z.string(),
  /** Data rows (the header line not counted). */
  rows: z.number().int().nonnegative(),
  audience: FileAudienceSchema,
  /** One line for the person about to hand the file over: who it is for and what it holds. */
  description: z.string(),
});
export type DownloadFile = z.infer<typeof DownloadFileSchema>;

/** A file name safe on every OS: letters, digits, dot, dash, underscore. */
export function safeFilename(...parts: string[]): string {
  return parts
    .map((p) => p.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter((p) => p.length > 0)
    .join('-')
    .slice(0, 120);
}
