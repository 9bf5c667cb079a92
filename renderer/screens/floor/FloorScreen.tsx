import { useCallback, useEffect, useRef, useState } from 'react';
import type { AppErrorShape } from '../../../core/errors';
import type { FloorOverview } from '../../../core/floor/schemas';
import type { DownloadFile } from '../../../core/privacy/files';
import { call, CallError } from '../../api/client';
import { ErrorMessage } from '../../components/ErrorMessage';
import { useAction } from '../../components/use-call';
import { DownloadFiles } from '../privacy/DownloadFiles';
import './floor.css';

/** Well under the 5 s the floor promises: an answer takes a few milliseconds, and the next ask waits for it. */
const REFRESH_MS = 3000;

type Figures = FloorOverview['floor'];

function clock(iso: string | null, timeZone: string, seconds = false): string {
  if (!iso) return '—';
  return new Intl.DateTimeFormat('en-US', { timeZone, hour: 'numeric', minute: '2-digit', second: seconds ? '2-digit' : undefined }).format(new Date(iso));
}

/** "4 min ago", against the central office's time of the answer (the station's own clock may be off). */
function ago(iso: string | null, asOf: string): string {
  if (!iso) return '';
  const s = Math.max(0, Math.round((Date.parse(asOf) - Date.parse(iso)) / 1000));
  if (s < 60) return 'just now';
  if (s < 3600) return `${Math.floor(s / 60)} min ago`;
  const h = Math.floor(s / 3600);
  return `${h} h ${Math.floor((s % 3600) / 60)} min ago`;
}

function percent(rate: number | null): string {
  if (rate === null) return '—';
  return `${(rate * 100).toFixed(rate > 0 && rate < 0.1 ? 1 : 0)}%`;
}

/** Packed in the hour now running. */
const thisHour = (f: Figures) => f.perHour[f.perHour.length - 1] ?? 0;

const PRINTER_WORDS: Record<string, string> = { online: 'Ready', printing: 'Printing', offline: 'Offline', none: 'No printer set up' };

/** Orders packed per hour of the shift, as bars; the numbers are on the bars, so the chart reads without colour. */
function HourChart({ hours: allHours, perHour: allPerHour, subject, from }: { hours: string[]; perHour: number[]; subject: string; from: number }) {
  const hours = allHours.slice(from);
  const perHour = allPerHour.slice(from);
  const max = Math.max(1, ...perHour);
  // Wide, as the figure is: the chart fills a 1024 or 1366 screen's width at about 160-210 px high.
  const width = 1200;
  const height = 190;
  const top = 18;
  const bottom = 22;
  const slot = width / Math.max(perHour.length, 1);
  const bar = Math.min(56, slot * 0.72);
  const plot = height - top - bottom;
  // Labels every hour while they fit, else every second or third.
  const every = slot >= 30 ? 1 : slot >= 15 ? 2 : 3;
  return (
    <svg data-testid="floor-chart" role="img" aria-label={`Orders packed per hour, ${subject}: ${perHour.map((n, i) => `${hours[i]} ${n}`).join(', ')}`} viewBox={`0 0 ${width} ${height}`} className="floor-chart">
      <line x1={0} x2={width} y1={top + plot} y2={top + plot} className="floor-chart-axis" />
      {perHour.map((n, i) => {
        const h = (n / max) * plot;
        const x = i * slot + (slot - bar) / 2;
        const current = i === perHour.length - 1;
        return (
          <g key={i} data-testid={`floor-chart-bar-${i + from}`} data-count={n} data-hour={hours[i]}>
            <title>{`${hours[i]}: ${n} packed${current ? ' (this hour, so far)' : ''}`}</title>
            <rect x={x} y={top + plot - h} width={bar} height={Math.max(h, n > 0 ? 1 : 0)} className={current ? 'floor-bar floor-bar-now' : 'floor-bar'} />
            {n > 0 && (
              <text x={x + bar / 2} y={top + plot - h - 4} textAnchor="middle" className="floor-chart-count">
                {n}
              </text>
            )}
            {i % every === 0 && (
              <text x={x + bar / 2} y={height - 6} textAnchor="middle" className="floor-chart-hour">
                {hours[i]?.slice(0, 2)}
              </text>
            )}
          </g>
        );
      })}
    </svg>
  );
}

/** A row's hours as a small strip of bars, scaled to the floor's busiest hour so rows compare. */
function Spark({ perHour: all, max, from }: { perHour: number[]; max: number; from: number }) {
  const perHour = all.slice(from);
  const w = 4;
  const gap = 1;
  const hgt = 22;
  return (
    <svg className="floor-spark" width={perHour.length * (w + gap)} height={hgt} aria-hidden="true">
      {perHour.map((n, i) => {
        const h = max > 0 ? (n / max) * hgt : 0;
        return <rect key={i} x={i * (w + gap)} y={hgt - h} width={w} height={h} className={i === perHour.length - 1 ? 'floor-bar-now' : 'floor-bar'} />;
      })}
    </svg>
  );
}

/**
 * The supervisor's live floor (issue 16 item 7): per station and per packer
 * for the shift (the distribution center's day, in its own time zone),
 * from the central office, asked again every few seconds while open. When
 * the central office cannot be reached the last figures stay, with their time.
 */
export function FloorScreen() {
  const [overview, setOverview] = useState<FloorOverview | null>(null);
  const [problem, setProblem] = useState<AppErrorShape | null>(null);
  const [dc, setDc] = useState<string | null>(null);
  const [subject, setSubject] = useState('floor');
  const [file, setFile] = useState<DownloadFile | null>(null);
  const dcRef = useRef<string | null>(null);
  dcRef.current = dc;

  const load = useCallback(async () => {
    const asked = dcRef.current;
    try {
      const o = await call('floor.overview', asked ? { dc: asked } : {});
      // An answer for the DC shown before a change of DC is dropped.
      if (dcRef.current !== asked) return;
      setOverview(o);
      setProblem(null);
    } catch (err) {
      setProblem(err instanceof CallError ? err.error : { code: 'INTERNAL', message: 'The floor could not be read. It is asked for again in a few seconds.' });
    }
  }, []);

  useEffect(() => {
    let stopped = false;
    let timer: ReturnType<typeof setTimeout>;
    const tick = async () => {
      await load();
      if (!stopped) timer = setTimeout(() => void tick(), REFRESH_MS);
    };
    void tick();
    return () => {
      stopped = true;
      clearTimeout(timer);
    };
  }, [load, dc]);

  const exportCsv = useAction(async () => setFile((await call('floor.export', dc ? { dc } : {})).file));

  if (!overview) {
    return (
      <section className="floor" data-testid="floor-screen">
        <h1>Packing floor</h1>
        {problem ? <ErrorMessage error={problem} testId="floor-error" /> : <p className="muted" data-testid="floor-loading">Reading the floor from the central office…</p>}
      </section>
    );
  }

  const o = overview;
  const tz = o.timeZone;
  const max = Math.max(1, ...o.stations.flatMap((s) => s.perHour), ...o.packers.flatMap((p) => p.perHour));
  // The quiet hours after midnight are left off: the chart starts an hour before the floor's first label (and shows at least the last 8 hours).
  const firstBusy = o.floor.perHour.findIndex((n) => n > 0);
  const from = Math.max(0, Math.min(firstBusy < 0 ? o.hours.length : firstBusy - 1, o.hours.length - 8));
  const online = o.stations.filter((s) => s.online).length;
  const printersDown = o.stations.filter((s) => s.online && s.printerState === 'offline').length;
  const chartOf = subject.startsWith('station:')
    ? o.stations.find((s) => `station:${s.stationId}` === subject)
    : subject.startsWith('packer:')
      ? o.packers.find((p) => `packer:${p.staffId}` === subject)
      : undefined;
  const chartFigures: Figures = chartOf ?? o.floor;
  const chartName = chartOf ? ('username' in chartOf ? chartOf.displayName : chartOf.name) : 'whole floor';
  const zoneName = tz.split('/').pop()?.replace(/_/g, ' ') ?? tz;

  return (
    <section className="floor" data-testid="floor-screen">
      <div className="floor-head">
        <h1>
          Packing floor · {o.dcName} ({o.dc})
        </h1>
        <label className="floor-dc">
          Distribution center{' '}
          <select
            data-testid="floor-dc"
            value={o.dc}
            onChange={(e) => {
              setDc(e.target.value);
              setSubject('floor');
              setFile(null);
            }}
          >
            {o.distributionCenters.map((c) => (
              <option key={c.code} value={c.code}>
                {c.code} · {c.name}
              </option>
            ))}
          </select>
        </label>
        <button type="button" className="secondary" data-testid="floor-export" disabled={exportCsv.busy} onClick={() => void exportCsv.run()}>
          {exportCsv.busy ? 'Exporting…' : 'Export CSV'}
        </button>
      </div>
      <p className={problem ? 'floor-updated warn' : 'floor-updated muted'} data-testid="floor-updated-at" data-state={problem ? 'stale' : 'current'} data-as-of={o.asOf} role={problem ? 'status' : undefined}>
        {problem
          ? `${problem.code === 'OFFLINE' ? 'The central office cannot be reached' : 'The floor could not be read again'}: these figures are from ${clock(o.asOf, tz, true)} (${zoneName} time). They update again on their own.`
          : `Shift since midnight, ${zoneName} time · updated ${clock(o.asOf, tz, true)}, every few seconds`}
      </p>
      <ErrorMessage error={exportCsv.error} testId="floor-export-error" />
      {file && <DownloadFiles files={[file]} testIdPrefix="floor" />}

      <div className="floor-totals" data-testid="floor-totals">
        <div>
          <span className="floor-big" data-testid="floor-total-packed">{o.floor.packed}</span> packed today
        </div>
        <div>
          <span className="floor-big" data-testid="floor-total-hour">{thisHour(o.floor)}</span> this hour
        </div>
        <div>
          <span className="floor-big" data-testid="floor-total-mismatch-rate">{percent(o.floor.mismatchRate)}</span> wrong discs ({o.floor.mismatches})
        </div>
        <div>
          <span className="floor-big" data-testid="floor-total-online">
            {online} of {o.stations.length}
          </span>{' '}
          stations reporting
          {printersDown > 0 && (
            <span className="floor-alert" data-testid="floor-printers-down">
              {' '}
              · {printersDown} printer{printersDown === 1 ? '' : 's'} offline
            </span>
          )}
        </div>
      </div>

      <figure className="floor-figure">
        <figcaption>
          <label>
            Orders packed per hour:{' '}
            <select data-testid="floor-chart-subject" value={chartOf ? subject : 'floor'} onChange={(e) => setSubject(e.target.value)}>
              <option value="floor">Whole floor</option>
              <optgroup label="Stations">
                {o.stations.map((s) => (
                  <option key={s.stationId} value={`station:${s.stationId}`}>
                    {s.name}
                  </option>
                ))}
              </optgroup>
              <optgroup label="Packers">
                {o.packers.map((p) => (
                  <option key={p.staffId} value={`packer:${p.staffId}`}>
                    {p.displayName}
                  </option>
                ))}
              </optgroup>
            </select>
          </label>
        </figcaption>
        <HourChart hours={o.hours} perHour={chartFigures.perHour} subject={chartName} from={from} />
      </figure>

      <h2>Stations</h2>
      <div className="table-scroll">
        <table data-testid="floor-stations">
          <thead>
            <tr>
              <th>Station</th>
              <th>Printer</th>
              <th className="num">Waiting to sync</th>
              <th className="num">Packed</th>
              <th className="num">This hour</th>
              <th>Per hour</th>
              <th className="num">Wrong discs</th>
              <th>Last activity</th>
            </tr>
          </thead>
          <tbody>
            {o.stations.length === 0 && (
              <tr>
                <td colSpan={8} className="muted" data-testid="floor-stations-empty">
                  No station of {o.dc} has joined the central office.
                </td>
              </tr>
            )}
            {o.stations.map((s) => {
              const printerBad = s.online && s.printerState === 'offline';
              return (
                <tr key={s.stationId} data-testid="floor-station-row" data-station-id={s.stationId} data-online={s.online} data-printer={s.printerState ?? 'unknown'} className={!s.online ? 'floor-row-quiet' : printerBad ? 'floor-row-alert' : undefined}>
                  <td>
                    <strong>{s.name}</strong>
                    <div className={s.online ? 'floor-ok' : 'floor-warn'} data-testid="floor-station-online">
                      {s.online ? 'Reporting' : s.reportedAt ? `Not reporting since ${clock(s.reportedAt, tz)}` : 'Has not reported yet'}
                    </div>
                  </td>
                  <td data-testid="floor-station-printer">
                    {s.printerState === null ? (
                      <span className="muted">Not known</span>
                    ) : (
                      <>
                        <span className={printerBad ? 'floor-alert' : s.printerState === 'none' ? 'muted' : 'floor-ok'}>{PRINTER_WORDS[s.printerState]}</span>
                        {s.printerWaiting ? <span> · {s.printerWaiting} waiting</span> : null}
                        {printerBad && s.printerProblem && <div className="floor-problem">{s.printerProblem}</div>}
                        {!s.online && <div className="muted">as last reported</div>}
                      </>
                    )}
                  </td>
                  <td className="num" data-testid="floor-station-pending">
                    {s.pendingChanges ?? '—'}
                  </td>
                  <td className="num" data-testid="floor-station-packed">
                    {s.packed}
                  </td>
                  <td className="num">{thisHour(s)}</td>
                  <td>
                    <Spark perHour={s.perHour} max={max} from={from} />
                  </td>
                  <td className="num" data-testid="floor-station-mismatch-rate" data-mismatches={s.mismatches}>
                    {percent(s.mismatchRate)}
                    {s.mismatches > 0 && <span className="muted"> ({s.mismatches})</span>}
                  </td>
                  <td data-testid="floor-station-last">
                    {s.lastActivityAt ? (
                      <>
                        <span className="floor-when">{clock(s.lastActivityAt, tz)}</span> <span className="muted floor-when">{ago(s.lastActivityAt, o.asOf)}</span>
                      </>
                    ) : (
                      <span className="muted">Nothing packed today</span>
                    )}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>

      <h2>Packers</h2>
      <div className="table-scroll">
        <table data-testid="floor-packers">
          <thead>
            <tr>
              <th>Packer</th>
              <th>At station</th>
              <th className="num">Packed</th>
              <th className="num">This hour</th>
              <th>Per hour</th>
              <th className="num">Wrong discs</th>
              <th>Last activity</th>
            </tr>
          </thead>
          <tbody>
            {o.packers.length === 0 && (
              <tr>
                <td colSpan={7} className="muted" data-testid="floor-packers-empty">
                  Nobody has packed or scanned at {o.dc} today.
                </td>
              </tr>
            )}
            {o.packers.map((p) => (
              <tr key={p.staffId} data-testid="floor-packer-row" data-username={p.username}>
                <td>
                  <strong>{p.displayName}</strong> <span className="muted">{p.username}</span>
                </td>
                <td>{p.stationName ?? <span className="muted">—</span>}</td>
                <td className="num" data-testid="floor-packer-packed">
                  {p.packed}
                </td>
                <td className="num">{thisHour(p)}</td>
                <td>
                  <Spark perHour={p.perHour} max={max} from={from} />
                </td>
                <td className="num" data-testid="floor-packer-mismatch-rate" data-mismatches={p.mismatches}>
                  <span className={p.mismatchRate !== null && p.mismatchRate >= 0.1 ? 'floor-alert' : undefined}>{percent(p.mismatchRate)}</span>
                  {p.mismatches > 0 && <span className="muted"> ({p.mismatches})</span>}
                </td>
                <td>
                  <span className="floor-when">{clock(p.lastActivityAt, tz)}</span> <span className="muted floor-when">{ago(p.lastActivityAt, o.asOf)}</span>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
