import { useState, type FormEvent } from 'react';
import { DEFAULT_MIN_GROUP_SIZE } from '../../../core/privacy';
import { REPORT_LABELS, ReportKindSchema, type AggregateReport, type RegionLevel, type ReportKind } from '../../../core/privacy/reports';
import type { DownloadFile } from '../../../core/privacy/files';
import { call } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { FieldNote, fieldAria, formLevel, issueFor } from '../../components/fields';
import { useAction } from '../../components/use-call';
import { useReveal } from '../../components/use-reveal';
import { DownloadFiles } from './DownloadFiles';
import { ReportChart } from './ReportChart';
import { RecipientSchema } from '../../../core/privacy/common';
import { maxLengthOf } from '../../../core/text';

function monthsAgo(n: number): string {
  const d = new Date();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() - n);
  return d.toISOString().slice(0, 7);
}

/**
 * Aggregate reports for partners. policy: analyses of users in the aggregate;
 * every group smaller than k customers withheld, and whatever would reveal it.
 */
export function ReportsTab() {
  const [kind, setKind] = useState<ReportKind>('rentals_by_genre_region');
  const [level, setLevel] = useState<RegionLevel>('census_region');
  const [from, setFrom] = useState(monthsAgo(2));
  const [to, setTo] = useState(monthsAgo(0));
  const [k, setK] = useState(DEFAULT_MIN_GROUP_SIZE);
  const [recipient, setRecipient] = useState('');
  const [report, setReport] = useState<AggregateReport | null>(null);
  // The report opens below its form: brought into view with the keyboard on its title.
  const reportTitle = useReveal<HTMLHeadingElement>(report);
  const [month, setMonth] = useState(0);
  const [chartCol, setChartCol] = useState<number | 'total'>('total');
  const [file, setFile] = useState<DownloadFile | null>(null);

  const input = () => ({ kind, regionLevel: level, fromMonth: from, toMonth: to, k });
  const run = useAction(async () => {
    const r = await call('privacy.reports.aggregate', input());
    setReport(r);
    setMonth(Math.max(0, r.months.length - 1));
    setChartCol('total');
    setFile(null);
  });
  const exportCsv = useAction(async () => setFile((await call('privacy.reports.export', { report: input(), recipient })).file));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void run.run();
  };

  const table = report?.months[month] ?? null;
  const withheldCount = table ? table.suppressed.length : 0;
  const cell = (v: number | null, testId: string) => (
    <td data-testid={testId} data-suppressed={v === null ? 'true' : 'false'} className={v === null ? 'withheld' : 'num'}>
      {v === null ? <abbr title="withheld: fewer than k customers, or would reveal such a group">–</abbr> : v}
    </td>
  );

  return (
    <div className="stack">
      <form className="form-grid" onSubmit={submit} aria-label="Aggregate report">
        <label htmlFor="privacy-report-kind">Report</label>
        <select id="privacy-report-kind" data-testid="privacy-report-kind" value={kind} onChange={(e) => setKind(ReportKindSchema.parse(e.target.value))}>
          {ReportKindSchema.options.map((o) => (
            <option key={o} value={o}>
              {REPORT_LABELS[o].title}
            </option>
          ))}
        </select>
        <label htmlFor="privacy-report-level">Region</label>
        <select id="privacy-report-level" data-testid="privacy-report-level" value={level} onChange={(e) => setLevel(e.target.value === 'state' ? 'state' : 'census_region')}>
          <option value="census_region">Census region (Northeast, Midwest, South, West)</option>
          <option value="state">State</option>
        </select>
        <label htmlFor="privacy-report-from">From month</label>
        <input id="privacy-report-from" data-testid="privacy-report-from" type="month" value={from} onChange={(e) => setFrom(e.target.value)} />
        <label htmlFor="privacy-report-to">To month</label>
        <input id="privacy-report-to" data-testid="privacy-report-to" type="month" value={to} onChange={(e) => setTo(e.target.value)} />
        <label htmlFor="privacy-report-k">Smallest group published (k customers)</label>
        <input id="privacy-report-k" data-testid="privacy-report-k" type="number" min={5} value={k} onChange={(e) => setK(Number(e.target.value))} />
        <div />
        <button type="submit" data-testid="privacy-report-run" disabled={run.busy}>
          Show report
        </button>
      </form>
      <ErrorMessage error={run.error} testId="privacy-report-error" />
      {report && table && (
        <section className="stack" aria-labelledby="privacy-report-title" data-testid="privacy-report">
          <h2 id="privacy-report-title" ref={reportTitle} tabIndex={-1}>
            {report.title}, {table.month}
          </h2>
          <div className="toolbar">
            <label htmlFor="privacy-report-month">Month</label>
            <select id="privacy-report-month" data-testid="privacy-report-month" value={month} onChange={(e) => setMonth(Number(e.target.value))}>
              {report.months.map((m, i) => (
                <option key={m.month} value={i}>
                  {m.month}
                </option>
              ))}
            </select>
            <span role="status" data-testid="privacy-report-withheld">
              {withheldCount} of {(report.rows.length + 1) * (report.cols.length + 1)} figures withheld (k = {report.k})
            </span>
          </div>
          <div className="table-scroll">
            <table data-testid="privacy-report-table">
              <caption className="sr-only">
                {report.measure} by {report.rowLabel.toLowerCase()} and region; a dash is a withheld figure
              </caption>
              <thead>
                <tr>
                  <th scope="col">{report.rowLabel}</th>
                  {report.cols.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                  <th scope="col">All regions</th>
                </tr>
              </thead>
              <tbody>
                {report.rows.map((r, i) => (
                  <tr key={r}>
                    <th scope="row">{r}</th>
                    {report.cols.map((_, j) => cell(table.cells[i]?.[j] ?? null, `privacy-report-cell-${i}-${j}`))}
                    {cell(table.rowTotals[i] ?? null, `privacy-report-cell-${i}-total`)}
                  </tr>
                ))}
                <tr>
                  <th scope="row">All</th>
                  {report.cols.map((_, j) => cell(table.colTotals[j] ?? null, `privacy-report-cell-total-${j}`))}
                  {cell(table.grandTotal, 'privacy-report-cell-total-total')}
                </tr>
              </tbody>
            </table>
          </div>
          <div className="toolbar">
            <label htmlFor="privacy-report-chart-region">Chart for</label>
            <select
              id="privacy-report-chart-region"
              data-testid="privacy-report-chart-region"
              value={String(chartCol)}
              onChange={(e) => setChartCol(e.target.value === 'total' ? 'total' : Number(e.target.value))}
            >
              <option value="total">All regions</option>
              {report.cols.map((c, j) => (
                <option key={c} value={j}>
                  {c}
                </option>
              ))}
            </select>
          </div>
          <ReportChart report={report} table={table} col={chartCol} />
          <form
            className="toolbar"
            aria-label="Export the report"
            onSubmit={(e) => {
              e.preventDefault();
              void exportCsv.run();
            }}
          >
            <label htmlFor="privacy-report-recipient">Recipient</label>
            <input maxLength={maxLengthOf(RecipientSchema)} id="privacy-report-recipient" data-testid="privacy-report-recipient" value={recipient} onChange={(e) => setRecipient(e.target.value)} {...fieldAria('privacy-report-recipient', issueFor(exportCsv.error, 'recipient'))} />
            <FieldNote id="privacy-report-recipient" error={issueFor(exportCsv.error, 'recipient')} />
            <button type="submit" data-testid="privacy-report-export" disabled={exportCsv.busy}>
              Export CSV (recorded in the register)
            </button>
          </form>
          <ErrorMessage error={formLevel(exportCsv.error, ['recipient'])} testId="privacy-report-export-error" />
          {file && <DownloadFiles files={[file]} testIdPrefix="privacy-report" />}
        </section>
      )}
    </div>
  );
}
