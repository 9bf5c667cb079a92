/**
 * A change that keeps failing (issue 12). The central office rejects what can
 * never succeed, so what is left failing is a failure of the moment that does
 * not pass. After STUCK_AFTER_FAILURES pushes of the change alone, it is set
 * aside as `stuck` so the rest of the outbox keeps flowing, and a supervisor
 * retries or dismisses it from the status bar.
 *
 * What must stay in order: changes to the same customer, order (shipment),
 * disc or distribution center. Their order is meaning (packed before shipped;
 * the later of two edits of a name wins; a check-in after the pack), so a
 * change that touches what a stuck change touches is held behind it (`stuck`
 * too, `held_by` naming it) instead of overtaking it. Unrelated changes go on.
 *
 * The central office's ledger is one "last mutation id" per client: once a
 * later change has gone through, an id below it reads as already applied. So
 * a retried change, and every change held behind a stuck one, is sent again
 * under a fresh id (its undo entries follow it), in its original order.
 */
import type { Knex } from 'knex';
import { STUCK_AFTER_FAILURES, type SyncStatus } from '../../core/sync/contract';
import { issueMutationId } from './mutation-ids';

interface OutboxRow {
  mutation_id: string;
  name: string;
  args: string;
  status: string;
  created_at: string;
  push_attempts: number;
  push_error: string | null;
  held_by: string | null;
}

/** What a change touches that orders it: its customer, order, disc, distribution center. */
export function orderingKeys(argsJson: string): string[] {
  let args: Record<string, unknown>;
  try {
    args = JSON.parse(argsJson) as Record<string, unknown>;
  } catch {
    return [];
  }
  const keys: string[] = [];
  for (const field of ['customerId', 'shipmentId', 'discId', 'distributionCenter']) {
    const v = args?.[field];
    if (typeof v === 'string' || typeof v === 'number') keys.push(`${field}:${v}`);
  }
  return keys;
}

/** A push of this change alone failed: counts it, and sets it aside once it has failed often enough. */
export async function notePushFailure(knex: Knex, mutationId: string, message: string): Promise<{ stuck: boolean }> {
  return knex.transaction(async (trx) => {
    const row = (await trx('outbox').where({ mutation_id: mutationId, status: 'pending' }).first()) as OutboxRow | undefined;
    if (!row) return { stuck: false };
    const attempts = Number(row.push_attempts ?? 0) + 1;
    const stuck = attempts >= STUCK_AFTER_FAILURES;
    await trx('outbox').where({ mutation_id: mutationId }).update({ push_attempts: attempts, push_error: message.slice(0, 500), ...(stuck ? { status: 'stuck' } : {}) });
    if (stuck) await holdBehindStuck(trx);
    return { stuck };
  });
}

/** Pending changes that touch what a stuck change touches wait behind it (also changes made after it got stuck). */
export async function holdBehindStuck(trx: Knex | Knex.Transaction): Promise<number> {
  const stuck = (await trx('outbox').where({ status: 'stuck' }).orderBy('mutation_id')) as OutboxRow[];
  if (stuck.length === 0) return 0;
  const owner = new Map<string, string>();
  for (const s of stuck) for (const k of orderingKeys(s.args)) if (!owner.has(k)) owner.set(k, s.held_by ?? s.mutation_id);
  let held = 0;
  for (const row of (await trx('outbox').where({ status: 'pending' }).orderBy('mutation_id')) as OutboxRow[]) {
    const keys = orderingKeys(row.args);
    const by = keys.map((k) => owner.get(k)).find(Boolean);
    if (!by) continue;
    await trx('outbox').where({ mutation_id: row.mutation_id }).update({ status: 'stuck', held_by: by, push_error: null });
    for (const k of keys) if (!owner.has(k)) owner.set(k, by);
    held++;
  }
  return held;
}

/** The stuck changes (not those held behind them), oldest first, for the status bar. */
export async function listStuck(knex: Knex): Promise<SyncStatus['stuck']> {
  const rows = (await knex('outbox').where({ status: 'stuck' }).orderBy('mutation_id')) as OutboxRow[];
  return rows
    .filter((r) => !r.held_by)
    .map((r) => ({
      mutationId: r.mutation_id,
      name: r.name,
      message: r.push_error ?? 'The central office did not take this change.',
      attempts: Number(r.push_attempts ?? 0),
      at: r.created_at,
      held: rows.filter((h) => h.held_by === r.mutation_id).length,
    }));
}

/**
 * Sends a stuck change (or, with `dropFirst`, only the changes held behind it)
 * again: each under a fresh id, in its original order, pending.
 */
export async function reissueStuck(trx: Knex.Transaction, mutationId: string, now: Date, opts: { dropFirst: boolean }): Promise<{ name: string; reissued: number } | null> {
  const head = (await trx('outbox').where({ mutation_id: mutationId, status: 'stuck' }).whereNull('held_by').first()) as OutboxRow | undefined;
  if (!head) return null;
  const group = (await trx('outbox').where({ status: 'stuck', held_by: mutationId }).orderBy('mutation_id')) as OutboxRow[];
  if (opts.dropFirst) await trx('outbox').where({ mutation_id: mutationId }).del();
  const resend = opts.dropFirst ? group : [head, ...group];
  for (const row of resend) {
    const fresh = await issueMutationId(trx, now);
    await trx('sync_undo').where({ mutation_id: row.mutation_id }).update({ mutation_id: fresh });
    await trx('outbox').where({ mutation_id: row.mutation_id }).update({ mutation_id: fresh, status: 'pending', push_attempts: 0, push_error: null, held_by: null });
  }
  return { name: head.name, reissued: resend.length };
}
