import type { AggregateReport, ReportTable } from '../../../core/privacy/reports';

const BAR_HEIGHT = 18;
const GAP = 8;
const LABEL_WIDTH = 150;
const PLOT_WIDTH = 380;
const VALUE_WIDTH = 90;

/**
 * One bar per row (genre or plan) for one region, or for all regions (the
 * row totals). A withheld value is drawn as a short hatched stub marked
 * "withheld": the chart must not suggest a size the table does not publish.
 * Plain SVG attributes (no style attribute, no <style>): the CSP forbids inline styles.
 */
export function ReportChart({ report, table, col }: { report: AggregateReport; table: ReportTable; col: number | 'total' }) {
  const values = report.rows.map((_, i) => (col === 'total' ? table.rowTotals[i] : table.cells[i]?.[col]) ?? null);
  const max = Math.max(1, ...values.map((v) => v ?? 0));
  const height = report.rows.length * (BAR_HEIGHT + GAP) + GAP;
  const where = col === 'total' ? 'all regions' : report.cols[col];
  const titleId = `privacy-report-chart-title-${table.month}`;
  const withheld = values.filter((v) => v === null).length;
  return (
    <svg
      className="chart"
      data-testid="privacy-report-chart"
      role="img"
      aria-labelledby={titleId}
      width={LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH}
      height={height}
      viewBox={`0 0 ${LABEL_WIDTH + PLOT_WIDTH + VALUE_WIDTH} ${height}`}
    >
      <title id={titleId}>
        {`${report.measure} by ${report.rowLabel.toLowerCase()}, ${where}, ${table.month}: ${withheld} of ${values.length} withheld`}
      </title>
      <defs>
        <pattern id="privacy-withheld-hatch" patternUnits="userSpaceOnUse" width="6" height="6" patternTransform="rotate(45)">
          <rect width="6" height="6" fill="#ffffff" />
          <line x1="0" y1="0" x2="0" y2="6" stroke="#4a5060" strokeWidth="3" />
        </pattern>
      </defs>
      {report.rows.map((label, i) => {
        const v = values[i] ?? null;
        const y = GAP + i * (BAR_HEIGHT + GAP);
        const width = v === null ? 24 : Math.max(v > 0 ? 2 : 0, (v / max) * PLOT_WIDTH);
        return (
          <g key={label} data-testid={`privacy-report-bar-${i}`} data-withheld={v === null ? 'true' : 'false'}>
            <text x={LABEL_WIDTH - 8} y={y + BAR_HEIGHT - 4} textAnchor="end" fill="#16181d" fontSize="13">
              {label}
            </text>
            <rect x={LABEL_WIDTH} y={y} width={width} height={BAR_HEIGHT} fill={v === null ? 'url(#privacy-withheld-hatch)' : '#0b57d0'} stroke={v === null ? '#4a5060' : 'none'} />
            <text x={LABEL_WIDTH + width + 6} y={y + BAR_HEIGHT - 4} fill={v === null ? '#4a5060' : '#16181d'} fontSize="13">
              {v === null ? 'withheld' : String(v)}
            </text>
          </g>
        );
      })}
    </svg>
  );
}
