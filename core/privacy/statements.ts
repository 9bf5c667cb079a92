/**
 * Customer quotes for marketing.
 *
 * policy: "We may also disclose, on an anonymous basis, literal statements
 * made by our customers. At no time, however, will we disclose personal
 * information about specific users." Quotes come from published reviews
 * only, through core/privacy anonymizeStatement: no name, no pseudonym, no
 * place finer than a state, no date finer than a month.
 */
import { z } from 'zod';
import { RecipientSchema } from './common';
import { DownloadFileSchema } from './files';

export const STATEMENTS_HEADER = ['quote', 'attribution', 'title', 'stars'] as const;

export const StatementsInputSchema = z
  .object({
    minStars: z.number().int().min(1).max(5).default(4),
    limit: z.number().int().min(1).max(200).default(25),
    /** Only quotes about these titles; empty = any title. */
    titleIds: z.array(z.number().int().positive()).max(50).default([]),
  })
  .strict();
export type StatementsInput = z.output<typeof StatementsInputSchema>;

export const StatementSchema = z.object({
  quote: z.string(),
  attribution: z.string(),
  titleName: z.string(),
  stars: z.number().int(),
  /** How many details were taken out (kinds only, never the words). */
  removed: z.number().int(),
});
export type Statement = z.infer<typeof StatementSchema>;

export const StatementsPreviewSchema = z.object({ statements: z.array(StatementSchema) });

export const StatementsExportInputSchema = z.object({ selection: StatementsInputSchema, recipient: RecipientSchema }).strict();
export const StatementsExportSchema = z.object({ file: DownloadFileSchema, disclosureId: z.string() });
