/**
 * Aggregate reports for partners and advertisers, with small groups withheld.
 *
 * policy: "We also provide analyses of our users in the aggregate to
 * prospective partners, advertisers and other third parties. ... At no time,
 * however, will we disclose personal information about specific users."
 *
 * Suppression (core/privacy suppressTable), per month:
 * - new customers by plan x region: the counts are customers; every entry
 *   (cell or total) with 0 < count < k is withheld (primary);
 * - rentals by genre x region: the published counts are rentals, but k is a
 *   number of customers: 40 rentals by 3 households still point at 3
 *   households. Every entry whose rentals come from fewer than k distinct
 *   customers is withheld, even when the rental count is k or more (passed
 *   as `forced`), and every entry with fewer than k rentals is withheld;
 * - then complementary suppression withholds whatever would let a withheld
 *   entry be worked back out from its row, column and totals.
 * Zeros are published ("nobody" describes no one). No table across months
 * is published, so months cannot be subtracted from a period total.
 */
import type { Knex } from 'knex';
import { suppressTable, type TableEntryRef } from '../../core/privacy';
import { CENSUS_REGIONS, OUTSIDE_REGIONS, censusRegionOf } from '../../core/privacy/census-regions';
import { monthsBetween, startOfMonth, startOfNextMonth } from '../../core/privacy/common';
import { safeFilename, type DownloadFile } from '../../core/privacy/files';
import { toCsv, type CsvCell } from '../../platform/csv';
import { REPORT_LABELS, type AggregateReport, type ReportInput, type ReportTable } from '../../core/privacy/reports';
import type { Actor } from '../staff/accounts';
import { writeAudit } from '../audit/write-audit';
import { recordFileExport } from './disclosures';
import { marketingDimensions, newCustomerFacts, rentalFacts } from './marketing-data';
import { marketingReader } from './marketing-scope';

const UNKNOWN_STATE = 'Unknown';

export function planLabel(plan: number): string {
  return `${plan} disc${plan === 1 ? '' : 's'} out`;
}

interface Fact {
  customerId: number;
  row: string;
  col: string;
  month: string;
}

function tableFor(month: string, rows: string[], cols: string[], facts: Fact[], k: number, byCustomers: boolean): ReportTable {
  const r = rows.length;
  const c = cols.length;
  if (r === 0 || c === 0) return { month, cells: rows.map(() => []), rowTotals: rows.map(() => 0), colTotals: cols.map(() => 0), grandTotal: 0, suppressed: [] };
  const rowIndex = new Map(rows.map((label, i) => [label, i]));
  const colIndex = new Map(cols.map((label, j) => [label, j]));
  const counts = Array.from({ length: r }, () => new Array<number>(c).fill(0));
  // Distinct customers behind every entry: (row|total) x (col|total).
  const people = Array.from({ length: r + 1 }, () => Array.from({ length: c + 1 }, () => new Set<number>()));
  for (const f of facts) {
    const i = rowIndex.get(f.row);
    const j = colIndex.get(f.col);
    if (i === undefined || j === undefined) continue;
    counts[i]![j]! += 1;
    for (const [a, b] of [[i, j], [i, c], [r, j], [r, c]] as const) people[a]![b]!.add(f.customerId);
  }
  const forced: TableEntryRef[] = [];
  if (byCustomers) {
    for (let i = 0; i <= r; i++) {
      for (let j = 0; j <= c; j++) {
        const n = people[i]![j]!.size;
        if (n > 0 && n < k) forced.push({ row: i === r ? 'total' : i, col: j === c ? 'total' : j });
      }
    }
  }
  const table = suppressTable({ rows, cols, counts, k, forced });
  return {
    month,
    cells: table.cells,
    rowTotals: table.rowTotals,
    colTotals: table.colTotals,
    grandTotal: table.grandTotal,
    suppressed: table.suppressed.map((s) => ({ row: s.row, col: s.col, reason: s.reason === 'complementary' ? ('complementary' as const) : ('small_group' as const) })),
  };
}

export async function aggregateReport(knex: Knex | Knex.Transaction, input: ReportInput): Promise<AggregateReport> {
  const read = marketingReader(knex);
  const months = monthsBetween(input.fromMonth, input.toMonth);
  const fromIso = startOfMonth(input.fromMonth);
  const toIso = startOfNextMonth(input.toMonth);
  const dims = await marketingDimensions(read);
  const regionOf = (state: string | null): string =>
    input.regionLevel === 'census_region' ? (state === null ? OUTSIDE_REGIONS : censusRegionOf(state)) : (state ?? UNKNOWN_STATE);

  let rows: string[];
  let facts: Fact[];
  if (input.kind === 'rentals_by_genre_region') {
    rows = dims.genres;
    facts = (await rentalFacts(read, fromIso, toIso)).map((f) => ({ customerId: f.customerId, row: f.genre, col: regionOf(f.state), month: f.month }));
  } else {
    rows = dims.plans.map(planLabel);
    facts = (await newCustomerFacts(read, fromIso, toIso)).map((f) => ({ customerId: f.customerId, row: planLabel(f.plan), col: regionOf(f.state), month: f.month }));
  }
  const baseCols: string[] = input.regionLevel === 'census_region' ? [...CENSUS_REGIONS] : [...dims.states];
  const extraCols = [...new Set(facts.map((f) => f.col).filter((col) => !baseCols.includes(col)))].sort();
  const cols = [...baseCols, ...extraCols];
  for (const f of facts) if (!rows.includes(f.row)) rows = [...rows, f.row];

  const byMonth = new Map<string, Fact[]>(months.map((m) => [m, []]));
  for (const f of facts) byMonth.get(f.month)?.push(f);
  const labels = REPORT_LABELS[input.kind];
  return {
    kind: input.kind,
    title: labels.title,
    regionLevel: input.regionLevel,
    k: input.k,
    rowLabel: labels.rowLabel,
    measure: labels.measure,
    rows,
    cols,
    months: months.map((m) => tableFor(m, rows, cols, byMonth.get(m)!, input.k, input.kind === 'rentals_by_genre_region')),
  };
}

/** Long form, one line per entry, totals as "All ...": a withheld entry has an empty count and the status "withheld". */
export function reportCsv(report: AggregateReport): { content: string; rows: number } {
  const labels = REPORT_LABELS[report.kind];
  const header = ['month', labels.rowLabel.toLowerCase(), 'region', labels.measureColumn, 'status'];
  const lines: CsvCell[][] = [];
  const allRows = `All ${labels.rowLabel.toLowerCase()}s`;
  for (const t of report.months) {
    const emit = (rowLabel: string, colLabel: string, value: number | null) => lines.push([t.month, rowLabel, colLabel, value, value === null ? 'withheld' : 'published']);
    report.rows.forEach((rowLabel, i) => {
      report.cols.forEach((colLabel, j) => emit(rowLabel, colLabel, t.cells[i]?.[j] ?? null));
      emit(rowLabel, 'All regions', t.rowTotals[i] ?? null);
    });
    report.cols.forEach((colLabel, j) => emit(allRows, colLabel, t.colTotals[j] ?? null));
    emit(allRows, 'All regions', t.grandTotal);
  }
  return { content: toCsv(header, lines), rows: lines.length };
}

export async function exportReport(knex: Knex, input: ReportInput, recipient: string, actor: Actor, now: Date): Promise<{ file: DownloadFile; disclosureId: string }> {
  // The figures, the file and its register row in one transaction: what is recorded is what was handed over.
  return knex.transaction(async (trx) => {
    const report = await aggregateReport(trx, input);
    const { content, rows } = reportCsv(report);
    const file: DownloadFile = {
      filename: `${safeFilename('report', input.kind, input.regionLevel, input.fromMonth, input.toMonth, recipient)}.csv`,
      mimeType: 'text/csv',
      content,
      rows,
      audience: 'recipient',
      description: `For ${recipient}: ${report.title.toLowerCase()}, ${input.fromMonth} to ${input.toMonth}; every group under ${input.k} customers withheld.`,
    };
    const disclosureId = await recordFileExport(
      trx,
      file,
      {
        exportKind: 'aggregate_report',
        recipient,
        legalBasis: 'Aggregate analysis of customers, groups under k withheld (no personal information)',
        scope: `${report.title} by ${input.regionLevel === 'state' ? 'state' : 'census region'}, ${input.fromMonth} to ${input.toMonth}, k = ${input.k}`,
        reference: `report:${input.kind}`,
      },
      actor,
      now,
    );
    await writeAudit(trx, {
      at: now, action: 'report.exported', staffId: actor.staffId, stationId: actor.stationId, reason: `aggregate report for ${recipient}`,
      detail: { disclosureId, kind: input.kind, regionLevel: input.regionLevel, fromMonth: input.fromMonth, toMonth: input.toMonth, k: input.k },
    });
    return { file, disclosureId };
  });
}
