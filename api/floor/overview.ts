/**
 * The floor view at the central office (issue 16 item 7): the shift's label
 * events and scan mismatches of one distribution center, counted per station
 * and per packer, with what each station last reported of its printer and
 * its unsent changes.
 *
 * The shift's rows are read once (a DC's day is thousands of labels, not
 * millions; `label_events.at` is indexed) and counted here, so both
 * databases run the same two plain queries.
 */
import type { Knex } from 'knex';
import { AppError } from '../../core/errors';
import type { FloorOverview, FloorPacker, FloorStation, StationReport } from '../../core/floor/schemas';
import { FLOOR_PRINTER_STATES } from '../../core/floor/schemas';
import { hourLabel, hourOfShift, hoursSoFar, shiftStart } from '../../core/floor/shift';
import { safeFilename, type DownloadFile } from '../../core/privacy/files';
import { toCsv } from '../../platform/csv';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../staff/accounts';

/** A station that has not reported for this long is shown offline (it reports every 5 s). */
export const REPORT_FRESH_MS = 15_000;

export async function recordStationReport(knex: Knex, stationId: string, report: StationReport, now: Date): Promise<{ ok: true }> {
  await knex('stations').where({ id: stationId }).update({
    printer_state: report.printerState,
    printer_name: report.printerName,
    printer_problem: report.printerProblem,
    printer_waiting: report.printerWaiting,
    pending_changes: report.pendingChanges,
    reported_at: now.toISOString(),
  });
  return { ok: true };
}

interface Tally {
  packed: number;
  perHour: number[];
  mismatches: number;
  lastActivityAt: string | null;
}

const newTally = (hours: number): Tally => ({ packed: 0, perHour: Array.from({ length: hours }, () => 0), mismatches: 0, lastActivityAt: null });

function count(t: Tally, kind: 'packed' | 'mismatch', at: string, hour: number | null): void {
  if (kind === 'packed') {
    t.packed += 1;
    if (hour !== null) t.perHour[hour] = (t.perHour[hour] ?? 0) + 1;
  } else t.mismatches += 1;
  if (t.lastActivityAt === null || at > t.lastActivityAt) t.lastActivityAt = at;
}

function figures(t: Tally) {
  const scans = t.packed + t.mismatches;
  return { ...t, mismatchRate: scans === 0 ? null : t.mismatches / scans };
}

export async function floorOverview(knex: Knex, dc: string, now: Date): Promise<FloorOverview> {
  const centers = (await knex('distribution_centers').orderBy('code').select('code', 'name', 'timezone')) as { code: string; name: string; timezone: string }[];
  const center = centers.find((c) => c.code === dc);
  if (!center) throw new AppError('NOT_FOUND', `There is no distribution center ${dc}.`);
  const start = shiftStart(now, center.timezone);
  const hours = hoursSoFar(now, start);
  const from = start.toISOString();
  const until = now.toISOString();

  const [labels, mismatches, stationRows] = await Promise.all([
    knex('label_events as l')
      .join('shipments as s', 's.id', 'l.shipment_id')
      .where('s.dc', dc)
      .andWhere('l.kind', 'printed')
      .andWhere('l.at', '>=', from)
      .andWhere('l.at', '<=', until)
      .select('l.station_id', 'l.staff_id', 'l.at') as Promise<{ station_id: string | null; staff_id: string; at: string }[]>,
    knex('scan_mismatches').where('dc', dc).andWhere('at', '>=', from).andWhere('at', '<=', until).select('station_id', 'staff_id', 'at') as Promise<
      { station_id: string | null; staff_id: string; at: string }[]
    >,
    knex('stations')
      .where({ distribution_center: dc })
      .whereNull('revoked_at')
      .orderBy('name')
      .select('id', 'name', 'printer_state', 'printer_name', 'printer_problem', 'printer_waiting', 'pending_changes', 'reported_at') as Promise<StationRow[]>,
  ]);

  const floor = newTally(hours);
  const byStation = new Map<string, Tally>();
  const byStaff = new Map<string, Tally & { lastStation: string | null }>();
  const events = [
    ...labels.map((e) => ({ ...e, kind: 'packed' as const })),
    ...mismatches.map((e) => ({ ...e, kind: 'mismatch' as const })),
  ].sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0));
  for (const e of events) {
    const hour = hourOfShift(e.at, start, hours);
    count(floor, e.kind, e.at, hour);
    if (e.station_id) {
      let t = byStation.get(e.station_id);
      if (!t) byStation.set(e.station_id, (t = newTally(hours)));
      count(t, e.kind, e.at, hour);
    }
    let p = byStaff.get(e.staff_id);
    if (!p) byStaff.set(e.staff_id, (p = { ...newTally(hours), lastStation: null }));
    count(p, e.kind, e.at, hour);
    if (e.station_id) p.lastStation = e.station_id;
  }

  const stationNames = new Map(stationRows.map((s) => [s.id, s.name]));
  // A station of another DC (or since revoked) that worked this DC's orders today still shows, by name.
  const strangers = [...byStation.keys()].filter((id) => !stationNames.has(id));
  if (strangers.length > 0) {
    for (const s of (await knex('stations').whereIn('id', strangers).select('id', 'name', 'printer_state', 'printer_name', 'printer_problem', 'printer_waiting', 'pending_changes', 'reported_at')) as StationRow[]) {
      stationRows.push(s);
      stationNames.set(s.id, s.name);
    }
  }
  const stations: FloorStation[] = stationRows.map((s) => {
    const fresh = s.reported_at !== null && now.getTime() - Date.parse(s.reported_at) <= REPORT_FRESH_MS;
    return {
      stationId: s.id,
      name: s.name,
      online: fresh,
      reportedAt: s.reported_at,
      printerState: (FLOOR_PRINTER_STATES as readonly string[]).includes(s.printer_state ?? '') ? (s.printer_state as FloorStation['printerState']) : null,
      printerName: s.printer_name,
      printerProblem: s.printer_problem,
      printerWaiting: s.printer_waiting === null ? null : Number(s.printer_waiting),
      pendingChanges: s.pending_changes === null ? null : Number(s.pending_changes),
      ...figures(byStation.get(s.id) ?? newTally(hours)),
    };
  });

  const staffRows = byStaff.size === 0 ? [] : ((await knex('staff').whereIn('id', [...byStaff.keys()]).select('id', 'username', 'display_name')) as { id: string; username: string; display_name: string }[]);
  const staffById = new Map(staffRows.map((s) => [s.id, s]));
  const packers: FloorPacker[] = [...byStaff.entries()]
    .map(([id, t]) => {
      const { lastStation, ...tally } = t;
      return {
        staffId: id,
        username: staffById.get(id)?.username ?? id,
        displayName: staffById.get(id)?.display_name ?? 'Unknown staff member',
        stationName: lastStation ? (stationNames.get(lastStation) ?? null) : null,
        ...figures(tally),
      };
    })
    .sort((a, b) => b.packed - a.packed || a.displayName.localeCompare(b.displayName));

  return {
    dc: center.code,
    dcName: center.name,
    timeZone: center.timezone,
    shiftStart: from,
    asOf: until,
    hours: Array.from({ length: hours }, (_, h) => hourLabel(start, h, center.timezone)),
    distributionCenters: centers.map((c) => ({ code: c.code, name: c.name })),
    floor: figures(floor),
    stations,
    packers,
  };
}

interface StationRow {
  id: string;
  name: string;
  printer_state: string | null;
  printer_name: string | null;
  printer_problem: string | null;
  printer_waiting: number | string | null;
  pending_changes: number | string | null;
  reported_at: string | null;
}

export const FLOOR_CSV_HEADER = [
  'kind', 'name', 'username', 'station', 'packed', 'mismatches', 'mismatch_rate', 'printer', 'pending_changes', 'last_activity_utc', 'reported_utc', 'per_hour',
] as const;

const rate = (r: number | null) => (r === null ? null : Number(r.toFixed(4)));

/**
 * The overview as a CSV (the one CSV writer). The figures are read first and
 * the audit row is written in its own short transaction: the file is handed
 * out only once that row has committed, and no write lock is held while the
 * shift is read (a read that turned into a write could fail on SQLite when a
 * station's push committed in between).
 */
export async function exportFloor(knex: Knex, dc: string, actor: Actor, now: Date): Promise<{ file: DownloadFile }> {
  const o = await floorOverview(knex, dc, now);
  const perHour = (h: number[]) => h.map((n, i) => `${o.hours[i]}=${n}`).join(' ');
  const rows = [
    ...o.stations.map((s) => ['station', s.name, null, null, s.packed, s.mismatches, rate(s.mismatchRate), s.printerState, s.pendingChanges, s.lastActivityAt, s.reportedAt, perHour(s.perHour)] as const),
    ...o.packers.map((p) => ['packer', p.displayName, p.username, p.stationName, p.packed, p.mismatches, rate(p.mismatchRate), null, null, p.lastActivityAt, null, perHour(p.perHour)] as const),
  ];
  const file: DownloadFile = {
    filename: `${safeFilename('floor', o.dc, o.asOf.slice(0, 16).replace(':', ''))}.csv`,
    mimeType: 'text/csv',
    content: toCsv(FLOOR_CSV_HEADER, rows),
    rows: rows.length,
    audience: 'internal',
    description: `The ${o.dc} floor for the shift so far: ${o.stations.length} stations, ${o.packers.length} packers.`,
  };
  await knex.transaction(async (trx) => {
    await writeAudit(trx, { at: now, action: 'floor.exported', staffId: actor.staffId, stationId: actor.stationId, detail: { dc: o.dc, rows: rows.length } });
  });
  return { file };
}
