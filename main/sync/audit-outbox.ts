/**
 * An audit fact written at the station and queued for the central office in
 * the caller's own transaction (policy: who viewed which customer's data,
 * recorded with the access). It is the `audit.record` mutation run by the
 * mutation runner like every other change: the audit row (built by
 * `core/audit/audit-row.ts`, as the server builds it) and its outbox row.
 */
import type { Db } from '../db/prepared';
import type { Role } from '../../core/roles';
import { runMutationIn } from './mutate';
import { ensureClientId } from './sync-state';

export interface AuditFact {
  staffId: string;
  role: Role;
  stationId: string | null;
  at: Date;
  action: string;
  customerId?: number | null;
  fields?: readonly string[] | null;
  reason?: string | null;
}

export async function appendAudit(trx: Db, fact: AuditFact): Promise<string> {
  const { mutationId } = await runMutationIn(trx, {
    name: 'audit.record',
    args: { action: fact.action, customerId: fact.customerId ?? null, fields: fact.fields ? [...fact.fields] : null, reason: fact.reason ?? null },
    staffId: fact.staffId,
    role: fact.role,
    clientId: await ensureClientId(trx),
    stationId: fact.stationId,
    at: fact.at,
  });
  return mutationId;
}
