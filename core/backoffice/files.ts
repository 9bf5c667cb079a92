/**
 * Files a supervisor downloads from the privacy back office (partner and
 * vendor deliverables, reports, registers) and the one CSV writer they are
 * written with, so every export quotes, escapes and guards cells the same way.
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

export type CsvCell = string | number | boolean | null | undefined;

/**
 * A spreadsheet opening the file would run a cell that starts with = + - @
 * (CSV injection): such text cells get a leading apostrophe. Numbers are
 * written as numbers, so a negative count is never touched.
 */
function csvCell(value: CsvCell): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const guarded = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(guarded) ? `"${guarded.replace(/"/g, '""')}"` : guarded;
}

/** RFC 4180: CRLF line ends, a header line, quotes doubled inside quoted cells. */
export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) {
    if (row.length !== header.length) throw new Error(`CSV row has ${row.length} cells, the header ${header.length}`);
    lines.push(row.map(csvCell).join(','));
  }
  return `${lines.join('\r\n')}\r\n`;
}

/** A file name safe on every OS: letters, digits, dot, dash, underscore. */
export function safeFilename(...parts: string[]): string {
  return parts
    .map((p) => p.toLowerCase().replace(/[^a-z0-9._-]+/g, '-').replace(/^-+|-+$/g, ''))
    .filter((p) => p.length > 0)
    .join('-')
    .slice(0, 120);
}
