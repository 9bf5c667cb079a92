/**
 * The disclosure register (table `disclosures`): legal requests and every
 * file of customer data that leaves the back office.
 *
 * policy: "Except as described in this section, we will not sell, rent or
 * disclose your personally identifying information to third parties ...
 * Netflix also reserves the right to disclose information when required by
 * law." A disclosure that is not on record did not follow the policy, so:
 * - rows are written only through `recordDisclosure`, which takes a
 *   transaction, never a plain knex: the export and its record commit
 *   together or not at all;
 * - there is no update or delete here or anywhere, and the database refuses
 *   both (triggers in migration 004_privacy).
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { monotonicFactory } from 'ulidx';
import { AppError } from '../../core/errors';
import { DISCLOSURES_HEADER, type Disclosure, type DisclosureFilter, type ExportKind, type LegalRequestInput } from '../../core/privacy/disclosures';
import { safeFilename, type DownloadFile } from '../../core/privacy/files';
import { toCsv } from '../../platform/csv';
import { SUPERVISORS, type Role } from '../../core/roles';
import type { Actor } from '../staff/accounts';
import { writeAudit } from '../audit/write-audit';

const nextDisclosureId = monotonicFactory();

export interface DisclosureRecord {
  kind: 'legal_request' | 'export';
  exportKind?: ExportKind | null;
  recipient: string;
  legalBasis: string;
  scope: string;
  approverStaffId?: string | null;
  requestedOn?: string | null;
  rows?: number | null;
  filename?: string | null;
  /** The exact text handed over: only its SHA-256 is kept, so the register can prove which file left without holding another copy. */
  content?: string | null;
  reference?: string | null;
  customerIds?: readonly number[];
}

export function sha256Of(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export async function recordDisclosure(trx: Knex.Transaction, record: DisclosureRecord, actor: Actor, now: Date): Promise<string> {
  const id = nextDisclosureId();
  await trx('disclosures').insert({
    id,
    at: now.toISOString(),
    kind: record.kind,
    export_kind: record.exportKind ?? null,
    recipient: record.recipient,
    legal_basis: record.legalBasis,
    scope: record.scope,
    approver_staff_id: record.approverStaffId ?? null,
    recorded_by: actor.staffId,
    station_id: actor.stationId,
    requested_on: record.requestedOn ?? null,
    row_count: record.rows ?? null,
    filename: record.filename ?? null,
    content_sha256: record.content == null ? null : sha256Of(record.content),
    reference: record.reference ?? null,
    customer_ids: record.customerIds && record.customerIds.length > 0 ? JSON.stringify(record.customerIds) : null,
  });
  return id;
}

/** An export's register row, from the file itself: name, row count and fingerprint cannot disagree with what was handed over. */
export function recordFileExport(
  trx: Knex.Transaction,
  file: DownloadFile,
  what: { exportKind: ExportKind; recipient: string; legalBasis: string; scope: string; reference?: string | null },
  actor: Actor,
  now: Date,
): Promise<string> {
  return recordDisclosure(
    trx,
    { kind: 'export', ...what, rows: file.rows, filename: file.filename, content: file.content },
    actor,
    now,
  );
}

interface DisclosureRow {
  id: string;
  at: string;
  kind: 'legal_request' | 'export';
  export_kind: ExportKind | null;
  recipient: string;
  legal_basis: string;
  scope: string;
  requested_on: string | null;
  row_count: number | null;
  filename: string | null;
  content_sha256: string | null;
  reference: string | null;
  customer_ids: string | null;
  approver_username: string | null;
  approver_name: string | null;
  recorder_username: string;
  recorder_name: string;
}

function selectDisclosures(knex: Knex | Knex.Transaction) {
  return knex('disclosures as d')
    .join('staff as r', 'r.id', 'd.recorded_by')
    .leftJoin('staff as a', 'a.id', 'd.approver_staff_id')
    .select(
      'd.id', 'd.at', 'd.kind', 'd.export_kind', 'd.recipient', 'd.legal_basis', 'd.scope', 'd.requested_on', 'd.row_count', 'd.filename',
      'd.content_sha256', 'd.reference', 'd.customer_ids',
      'a.username as approver_username', 'a.display_name as approver_name', 'r.username as recorder_username', 'r.display_name as recorder_name',
    );
}

function toDisclosure(row: DisclosureRow): Disclosure {
  return {
    id: row.id,
    at: row.at,
    kind: row.kind,
    exportKind: row.export_kind,
    recipient: row.recipient,
    legalBasis: row.legal_basis,
    scope: row.scope,
    approver: row.approver_username ? { username: row.approver_username, displayName: row.approver_name ?? row.approver_username } : null,
    recordedBy: { username: row.recorder_username, displayName: row.recorder_name },
    requestedOn: row.requested_on,
    rows: row.row_count == null ? null : Number(row.row_count),
    filename: row.filename,
    contentSha256: row.content_sha256,
    reference: row.reference,
    customerIds: row.customer_ids ? (JSON.parse(row.customer_ids) as number[]) : [],
  };
}

function filtered(knex: Knex | Knex.Transaction, filter: Omit<DisclosureFilter, 'limit'>) {
  const q = selectDisclosures(knex);
  if (filter.kind) q.where('d.kind', filter.kind);
  if (filter.from) q.where('d.at', '>=', `${filter.from}T00:00:00.000Z`);
  if (filter.to) q.where('d.at', '<', nextDay(filter.to));
  return q.orderBy('d.id', 'desc');
}

function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00.000Z`) + 24 * 60 * 60 * 1000).toISOString();
}

export async function listDisclosures(knex: Knex, filter: DisclosureFilter): Promise<Disclosure[]> {
  const rows = (await filtered(knex, filter).limit(filter.limit)) as DisclosureRow[];
  return rows.map(toDisclosure);
}

/** A disclosure required by law, approved by a supervisor or admin; each customer named gets an audit row (who disclosed whose data). */
export async function recordLegalRequest(knex: Knex, input: LegalRequestInput, actor: Actor, now: Date): Promise<Disclosure> {
  return knex.transaction(async (trx) => {
    const approver = await trx('staff').where({ username: input.approverUsername }).first<{ id: string; role: Role; active: boolean | number } | undefined>('id', 'role', 'active');
    if (!approver || !SUPERVISORS.includes(approver.role) || !approver.active) {
      throw new AppError('INVALID_INPUT', `The approver must be an active supervisor or admin; "${input.approverUsername}" is not.`, [
        { field: 'approverUsername', message: 'Name an active supervisor or admin.' },
      ]);
    }
    const customerIds = [...new Set(input.customerIds)].sort((a, b) => a - b);
    if (customerIds.length > 0) {
      const found = (await trx('customers').whereIn('id', customerIds).pluck('id')).map(Number);
      const missing = customerIds.filter((id) => !found.includes(id));
      if (missing.length > 0) throw new AppError('INVALID_INPUT', `No customer ${missing.join(', ')}.`, [{ field: 'customerIds', message: `No customer ${missing.join(', ')}.` }]);
    }
    const id = await recordDisclosure(
      trx,
      {
        kind: 'legal_request',
        recipient: input.requestingParty,
        legalBasis: input.legalBasis,
        scope: input.scope,
        approverStaffId: approver.id,
        requestedOn: input.requestedOn,
        customerIds,
      },
      actor,
      now,
    );
    for (const customerId of customerIds) {
      await writeAudit(trx, {
        at: now, action: 'disclosure.legal_request', staffId: actor.staffId, stationId: actor.stationId, customerId,
        reason: input.legalBasis, detail: { disclosureId: id, requestingParty: input.requestingParty },
      });
    }
    if (customerIds.length === 0) {
      await writeAudit(trx, { at: now, action: 'disclosure.legal_request', staffId: actor.staffId, stationId: actor.stationId, reason: input.legalBasis, detail: { disclosureId: id, requestingParty: input.requestingParty } });
    }
    const row = (await selectDisclosures(trx).where('d.id', id).first()) as DisclosureRow;
    return toDisclosure(row);
  });
}

/** The register as a CSV; the export is itself recorded, after the file is made (so it is not in the file it describes). */
export async function exportDisclosures(knex: Knex, filter: Omit<DisclosureFilter, 'limit'>, actor: Actor, now: Date): Promise<{ file: DownloadFile; disclosureId: string }> {
  return knex.transaction(async (trx) => {
    const rows = ((await filtered(trx, filter)) as DisclosureRow[]).map(toDisclosure);
    const content = toCsv(
      DISCLOSURES_HEADER,
      rows.map((d) => [
        d.id, d.at, d.kind, d.exportKind, d.recipient, d.legalBasis, d.scope, d.approver?.username ?? null, d.recordedBy.username, d.requestedOn, d.rows, d.filename,
        d.contentSha256, d.reference, d.customerIds.join(' '),
      ]),
    );
    const file: DownloadFile = {
      filename: `${safeFilename('disclosure-register', now.toISOString().slice(0, 10))}.csv`,
      mimeType: 'text/csv',
      content,
      rows: rows.length,
      audience: 'internal',
      description: `The disclosure register, ${rows.length} entries.`,
    };
    const disclosureId = await recordFileExport(
      trx,
      file,
      { exportKind: 'disclosure_register', recipient: 'Backlot (internal record)', legalBasis: 'Internal accountability record', scope: 'Disclosure register entries, incl. customer ids named in legal requests' },
      actor,
      now,
    );
    await writeAudit(trx, { at: now, action: 'disclosures.exported', staffId: actor.staffId, stationId: actor.stationId, detail: { disclosureId, rows: rows.length } });
    return { file, disclosureId };
  });
}
