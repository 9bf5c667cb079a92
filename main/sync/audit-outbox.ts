/**
 * An audit fact written at the station and queued for the central office in
 * the caller's own transaction (policy: who viewed which customer's data,
 * recorded with the access). It is the `audit.record` mutation without the
 * mutator machinery: the row the server will write (same id: the mutation
 * id) and its outbox row, two inserts on the hot path of a customer opening.
 */
import type { Knex } from 'knex';
import type { Role } from '../../core/roles';
import { issueMutationId } from './mutation-ids';
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

export async function appendAudit(trx: Knex.Transaction, fact: AuditFact): Promise<string> {
  const mutationId = await issueMutationId(trx, fact.at);
  const at = fact.at.toISOString();
  const args = { action: fact.action, customerId: fact.customerId ?? null, fields: fact.fields ? [...fact.fields] : null, reason: fact.reason ?? null };
  await trx('audit_log').insert({
    id: mutationId,
    at,
    staff_id: fact.staffId,
    station_id: fact.stationId,
    action: fact.action,
    customer_id: args.customerId,
    fields: args.fields ? JSON.stringify(args.fields) : null,
    reason: args.reason,
    detail: null,
  });
  await trx('outbox').insert({
    mutation_id: mutationId,
    client_id: await ensureClientId(trx as unknown as Knex),
    staff_id: fact.staffId,
    name: 'audit.record',
    args: JSON.stringify(args),
    base_versions: '{}',
    created_at: at,
    status: 'pending',
    role: fact.role,
  });
  return mutationId;
}
