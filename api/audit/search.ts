/**
 * The audit viewer's side of the central API: who viewed or changed which
 * customer's data, filtered by staff member, customer and dates, newest
 * first. Rows written at stations reach the central audit_log through sync;
 * this reads the central table only.
 *
 * policy: "strict internal guidelines, to safeguard the privacy of your
 * personal information from unauthorized access or improper use": a
 * guideline is only as good as the ability to check who did what.
 */
import type { Knex } from 'knex';
import { AUDIT_HEADER, type AuditEntry, type AuditFilter, type AuditSearchInput } from '../../core/audit/schemas';
import { safeFilename, type DownloadFile } from '../../core/privacy/files';
import { toCsv } from '../../platform/csv';
import type { Actor } from '../staff/accounts';
import { writeAudit } from './write-audit';
import { recordFileExport } from '../privacy/disclosures';

export const AUDIT_EXPORT_LIMIT = 10_000;

interface AuditRow {
  id: string;
  at: string;
  station_id: string | null;
  action: string;
  customer_id: number | null;
  fields: string | null;
  reason: string | null;
  detail: string | null;
  username: string | null;
  display_name: string | null;
  customer_name: string | null;
  station_name: string | null;
}

function parseJson<T>(text: string | null): T | null {
  if (text == null) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

function toEntry(r: AuditRow): AuditEntry {
  const fields = parseJson<unknown>(r.fields);
  const detail = parseJson<unknown>(r.detail);
  return {
    id: r.id,
    at: r.at,
    staff: r.username ? { username: r.username, displayName: r.display_name ?? r.username } : null,
    stationId: r.station_id,
    stationName: r.station_name ?? null,
    action: r.action,
    customerId: r.customer_id == null ? null : Number(r.customer_id),
    customerName: r.customer_name ?? null,
    fields: Array.isArray(fields) ? fields.map(String) : null,
    reason: r.reason,
    detail: detail !== null && typeof detail === 'object' && !Array.isArray(detail) ? (detail as Record<string, unknown>) : null,
  };
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 24 * 60 * 60 * 1000).toISOString();
}

function filteredRows(db: Knex | Knex.Transaction, filter: AuditFilter) {
  const q = db('audit_log as l')
    .leftJoin('staff as s', 's.id', 'l.staff_id')
    .leftJoin('customers as c', 'c.id', 'l.customer_id')
    .leftJoin('stations as st', 'st.id', 'l.station_id')
    .select(
      'l.id', 'l.at', 'l.station_id', 'l.action', 'l.customer_id', 'l.fields', 'l.reason', 'l.detail', 's.username', 's.display_name',
      'c.full_name as customer_name', 'st.name as station_name',
    );
  if (filter.staffUsername) q.where('s.username', filter.staffUsername);
  if (filter.customerId) q.where('l.customer_id', filter.customerId);
  if (filter.from) q.where('l.at', '>=', `${filter.from}T00:00:00.000Z`);
  if (filter.to) q.where('l.at', '<', nextDay(filter.to));
  return q.orderBy([{ column: 'l.at', order: 'desc' }, { column: 'l.id', order: 'desc' }]);
}

/** Cursor = "at|id" of the last row shown: rows from stations carry their own ids, so time orders them, the id breaks ties. */
export async function searchAudit(knex: Knex, input: AuditSearchInput): Promise<{ entries: AuditEntry[]; nextCursor: string | null }> {
  const q = filteredRows(knex, input);
  if (input.before) {
    const [at, id] = input.before.split('|');
    if (at && id) q.where((w) => w.where('l.at', '<', at).orWhere((x) => x.where('l.at', '=', at).andWhere('l.id', '<', id)));
  }
  const rows = (await q.limit(input.limit + 1)) as AuditRow[];
  const page = rows.slice(0, input.limit).map(toEntry);
  const last = page.at(-1);
  return { entries: page, nextCursor: rows.length > input.limit && last ? `${last.at}|${last.id}` : null };
}

export async function exportAudit(knex: Knex, filter: AuditFilter, actor: Actor, now: Date): Promise<{ file: DownloadFile; disclosureId: string }> {
  return knex.transaction(async (trx) => {
    const rows = ((await filteredRows(trx, filter).limit(AUDIT_EXPORT_LIMIT)) as AuditRow[]).map(toEntry);
    const file: DownloadFile = {
      filename: `${safeFilename('audit-log', filter.staffUsername ?? '', filter.customerId ? `customer-${filter.customerId}` : '', now.toISOString().slice(0, 10))}.csv`,
      mimeType: 'text/csv',
      content: toCsv(AUDIT_HEADER, rows.map((e) => [e.id, e.at, e.staff?.username ?? null, e.stationId, e.action, e.customerId, e.fields?.join(' ') ?? null, e.reason])),
      rows: rows.length,
      audience: 'internal',
      description: `Audit rows${rows.length === AUDIT_EXPORT_LIMIT ? ` (the newest ${AUDIT_EXPORT_LIMIT}; narrow the filter for the rest)` : ''}: ${rows.length}.`,
    };
    const scope = [
      filter.staffUsername ? `staff ${filter.staffUsername}` : null,
      filter.customerId ? `customer ${filter.customerId}` : null,
      filter.from ? `from ${filter.from}` : null,
      filter.to ? `to ${filter.to}` : null,
    ].filter(Boolean).join(', ');
    const disclosureId = await recordFileExport(
      trx,
      file,
      { exportKind: 'audit_log', recipient: 'Backlot (internal review)', legalBasis: 'Internal access review', scope: `Audit log rows${scope ? ` (${scope})` : ''}` },
      actor,
      now,
    );
    await writeAudit(trx, {
      at: now, action: 'audit.exported', staffId: actor.staffId, stationId: actor.stationId, customerId: filter.customerId ?? null,
      detail: { disclosureId, rows: rows.length, filter },
    });
    return { file, disclosureId };
  });
}
