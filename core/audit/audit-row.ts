/**
 * The one shape of an `audit_log` row, built here for every writer: the
 * mutators (an audit fact recorded at a station, or a change's own audit row,
 * on both sides) and the central API's own audit (`api/audit/write-audit.ts`).
 * An audit row is written in the transaction of what it records (policy:
 * strict internal guidelines against unauthorized access); who writes it
 * decides the transaction, this decides the row.
 */
export interface AuditEntry {
  /** ISO-8601 UTC: when the staff member acted. */
  at: string;
  /** Who acted; null when nobody is signed in (a station registering, an unknown username). */
  staffId: string | null;
  stationId: string | null;
  /** Dotted lower case: `customer.viewed`, `auth.sign_in`. */
  action: string;
  customerId?: number | null;
  /** The personal-data fields viewed or changed. */
  fields?: readonly string[] | null;
  reason?: string | null;
  detail?: Readonly<Record<string, unknown>> | null;
}

export function auditRow(id: string, entry: AuditEntry) {
  return {
    id,
    at: entry.at,
    staff_id: entry.staffId,
    station_id: entry.stationId,
    action: entry.action,
    customer_id: entry.customerId ?? null,
    fields: entry.fields ? JSON.stringify(entry.fields) : null,
    reason: entry.reason ?? null,
    detail: entry.detail ? JSON.stringify(entry.detail) : null,
  };
}
