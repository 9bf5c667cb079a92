/**
 * audit_log rows. Takes a transaction, never a plain knex, so an audit row can
 * only be written together with the change it records (policy: strict
 * internal guidelines against unauthorized access).
 */
import type { Knex } from 'knex';
import { monotonicFactory } from 'ulidx';
import { auditRow } from '../../core/audit/audit-row';

export type AuditAction =
  | 'station.registered'
  | 'auth.sign_in'
  | 'auth.sign_in_failed'
  | 'auth.locked_out'
  | 'auth.sign_out'
  | 'staff.created'
  | 'staff.unlocked'
  | 'staff.active_changed'
  | 'customer.fetched'
  // A customer's personal data copied to a desk: subscribed (its rows come with the pull), or listed in a central search answer.
  | 'customer.subscribed'
  | 'customer.listed'
  | 'customer.card_changed'
  | 'customer.password_reset_requested'
  // The central office's email about an order problem (api/mail/): accepted by the mail server, or given up.
  | 'customer.problem_emailed'
  | 'customer.problem_email_failed'
  // Privacy back office (api/privacy/): decisions, moderation, policy changes and every export.
  | 'affiliate.decided'
  | 'campaign.exported'
  | 'report.exported'
  | 'review.moderated'
  | 'statements.exported'
  | 'disclosure.legal_request'
  | 'disclosures.exported'
  | 'policy.version_published'
  | 'policy.use_declared'
  | 'policy.consent_recorded'
  | 'audit.exported'
  // The supervisor's floor view (api/floor/).
  | 'floor.exported';

export interface AuditEntry {
  at: Date;
  action: AuditAction;
  /** Who acted; null when nobody is signed in (station registration, an unknown username). */
  staffId: string | null;
  stationId: string | null;
  customerId?: number | null;
  /** Personal-data fields viewed or changed. */
  fields?: string[] | null;
  reason?: string | null;
  detail?: Record<string, unknown> | null;
}

// Monotonic so rows written in the same millisecond still sort in the order they happened.
const nextAuditId = monotonicFactory();

export async function writeAudit(trx: Knex.Transaction, entry: AuditEntry): Promise<string> {
  const id = nextAuditId();
  await trx('audit_log').insert(auditRow(id, { ...entry, at: entry.at.toISOString() }));
  return id;
}
