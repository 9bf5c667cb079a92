/**
 * Aggregate reports for partners and advertisers.
 *
 * policy: "We also provide analyses of our users in the aggregate to
 * prospective partners, advertisers and other third parties. ... At no time,
 * however, will we disclose personal information about specific users."
 *
 * Every count (cell or total) that describes fewer than k customers is
 * withheld, and so is whatever would let it be worked back out
 * (complementary suppression, core/privacy suppressTable). Each month is its
 * own table; no across-months table is published, so the months cannot be
 * subtracted from one another.
 */
import { z } from 'zod';
import { DEFAULT_MIN_GROUP_SIZE } from '.';
import { MonthSchema, RecipientSchema, monthsBetween } from './common';
import { DownloadFileSchema } from './files';

export const ReportKindSchema = z.enum(['rentals_by_genre_region', 'new_customers_by_plan_region']);
export type ReportKind = z.infer<typeof ReportKindSchema>;

export const RegionLevelSchema = z.enum(['census_region', 'state']);
export type RegionLevel = z.infer<typeof RegionLevelSchema>;

/** Smallest k a report may ask for: below it a "group" is a household or two. */
export const MIN_K = 5;
export const MAX_REPORT_MONTHS = 24;

export const REPORT_LABELS: Readonly<Record<ReportKind, { title: string; rowLabel: string; measure: string; measureColumn: string }>> = {
  rentals_by_genre_region: { title: 'Rentals by genre and region', rowLabel: 'Genre', measure: 'Rentals', measureColumn: 'rentals' },
  new_customers_by_plan_region: { title: 'New customers by plan and region', rowLabel: 'Plan', measure: 'New customers', measureColumn: 'new_customers' },
};

export const ReportInputSchema = z
  .object({
    kind: ReportKindSchema,
    regionLevel: RegionLevelSchema,
    fromMonth: MonthSchema,
    toMonth: MonthSchema,
    k: z.number().int().min(MIN_K, `k is at least ${MIN_K}.`).max(1000).default(DEFAULT_MIN_GROUP_SIZE),
  })
  .strict()
  .refine((r) => r.fromMonth <= r.toMonth, { message: 'The first month comes before the last.', path: ['toMonth'] })
  .refine((r) => r.fromMonth > r.toMonth || monthsBetween(r.fromMonth, r.toMonth).length <= MAX_REPORT_MONTHS, {
    message: `A report covers at most ${MAX_REPORT_MONTHS} months.`,
    path: ['fromMonth'],
  });
export type ReportInput = z.output<typeof ReportInputSchema>;

const Index = z.union([z.number().int().nonnegative(), z.literal('total')]);

export const ReportTableSchema = z.object({
  month: z.string(),
  /** cells[row][col]; null = withheld. */
  cells: z.array(z.array(z.number().int().nullable())),
  rowTotals: z.array(z.number().int().nullable()),
  colTotals: z.array(z.number().int().nullable()),
  grandTotal: z.number().int().nullable(),
  /** Why each withheld entry is withheld: a small group of customers, or to protect one (complementary). */
  suppressed: z.array(z.object({ row: Index, col: Index, reason: z.enum(['small_group', 'complementary']) })),
});
export type ReportTable = z.infer<typeof ReportTableSchema>;

export const AggregateReportSchema = z.object({
  kind: ReportKindSchema,
  title: z.string(),
  regionLevel: RegionLevelSchema,
  k: z.number().int(),
  rowLabel: z.string(),
  measure: z.string(),
  rows: z.array(z.string()),
  cols: z.array(z.string()),
  months: z.array(ReportTableSchema),
});
export type AggregateReport = z.infer<typeof AggregateReportSchema>;

export const ReportExportInputSchema = z
  .object({ report: ReportInputSchema, recipient: RecipientSchema })
  .strict();

export const ReportExportSchema = z.object({ file: DownloadFileSchema, disclosureId: z.string() });
