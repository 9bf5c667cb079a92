/**
 * Conflict notices for the CS desk (DESIGN §4): when this desk's edit of a
 * field met an edit of the same field made at another desk that this desk
 * had not seen, the central office decided (the later arrival wins, an
 * opt-out beats an opt-in) and told this desk through its `conflicts` table.
 * The rep sees it in the customer's 360 view, in words, until marked seen.
 */
import type { Knex } from 'knex';
import { AppError, isReason } from '../../../core/errors';
import type { ConflictView, RejectedChange } from '../../../core/customers/schemas';

const FIELD_LABELS: Record<string, string> = {
  full_name: 'Name',
  email: 'Email',
  phone: 'Phone',
  address: 'Shipping address',
  email_newsletter: 'Newsletters (email)',
  email_offers: 'Special offers (email)',
  email_promotions: 'Promotional announcements (email)',
  email_surveys: 'Consumer surveys (email)',
  postal_offers: 'Offers by postal mail',
  partner_mailings_excluded: 'Excluded from partner mailings',
};

interface ConflictRow {
  id: string;
  entity: string;
  entity_id: string;
  field: string;
  local_value: string | null;
  server_value: string | null;
  resolution: string | null;
  at: string;
}

/** A value as the wire carried it (JSON), in words: an address reads as an address, a preference as yes/no. */
function describe(json: string | null): string | null {
  if (json === null) return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    return json;
  }
  if (value === null || value === undefined) return '(none)';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (typeof value === 'object') {
    const a = value as Record<string, unknown>;
    if ('line1' in a && 'city' in a) {
      const zip = `${String(a.zip5 ?? '')}${a.zip4 ? `-${String(a.zip4)}` : ''}`;
      return [a.line1, a.line2, `${String(a.city)} ${String(a.state)}  ${zip}`].filter((p) => typeof p === 'string' && p.trim() !== '').join(', ');
    }
    return JSON.stringify(value);
  }
  return String(value);
}

const MUTATION_LABELS: Record<string, string> = {
  'customer.updateContact': 'Name, email or phone',
  'address.update': 'Shipping address',
  'preferences.set': 'Mailing preference',
};

/** How long a refused change stays on the customer's 360 view (it is in the sync status for good). */
const REJECTION_SHOWN_MS = 24 * 60 * 60 * 1000;

/**
 * Changes of this customer made at this desk that the central office refused
 * (a duplicate email that the desk could not see offline): the rep who made
 * one must hear it, with the reason, on the customer's page.
 */
export async function rejectionsOf(knex: Knex, customerId: number, now: Date): Promise<RejectedChange[]> {
  const since = new Date(now.getTime() - REJECTION_SHOWN_MS).toISOString();
  const rows = (await knex('outbox')
    .where({ status: 'rejected' })
    .whereIn('name', Object.keys(MUTATION_LABELS))
    .andWhere('created_at', '>=', since)
    .orderBy('mutation_id', 'desc')
    .limit(200)
    .select('mutation_id', 'name', 'args', 'error', 'error_code', 'created_at')) as Array<{ mutation_id: string; name: string; args: string; error: string | null; error_code: string | null; created_at: string }>;
  return rows
    .filter((r) => {
      try {
        return (JSON.parse(r.args) as { customerId?: unknown }).customerId === customerId;
      } catch {
        return false;
      }
    })
    .slice(0, 10)
    .map((r) => ({
      mutationId: r.mutation_id,
      what: MUTATION_LABELS[r.name] ?? r.name,
      reason: isReason(r.error_code) ? r.error_code : null,
      message: r.error ?? 'Refused by the central office.',
      at: r.created_at,
    }));
}

export async function conflictsOf(knex: Knex, customerId: number, now: Date): Promise<{ conflicts: ConflictView[]; rejections: RejectedChange[] }> {
  const id = String(customerId);
  const rows = (await knex('conflicts')
    .whereNull('seen_at')
    .andWhere((q) => {
      // customers and preferences rows are keyed by the customer id; an address by its own id.
      q.where((w) => w.whereIn('entity', ['customers', 'preferences']).andWhere('entity_id', id)).orWhere((w) =>
        w.where('entity', 'addresses').whereIn('entity_id', knex('addresses').where('customer_id', customerId).select(knex.raw('CAST(id AS TEXT)'))),
      );
    })
    .orderBy([
      { column: 'at', order: 'desc' },
      { column: 'id', order: 'desc' },
    ])
    .limit(100)) as ConflictRow[];
  return {
    conflicts: rows.map((r) => {
      const what = FIELD_LABELS[r.field] ?? r.field;
      const yours = describe(r.local_value);
      const other = describe(r.server_value);
      const resolution = r.resolution === 'kept_server' ? 'kept_server' : r.resolution === 'replaced' ? 'replaced' : 'applied';
      const message =
        resolution === 'applied'
          ? `${what}: your change (${yours}) replaced "${other}", which another desk had saved before your change reached the central office. Check with the customer which is right.`
          : resolution === 'replaced'
            ? `${what}: your change (${yours}) was replaced by "${other}", saved later at another desk. Check with the customer which is right.`
            : `${what}: your change (${yours}) was not applied. Another desk had already recorded "${other}", and an opt-out made elsewhere wins over an opt-in that had not seen it. Change it again only if the customer asks now.`;
      return { id: r.id, what, yourValue: yours, otherValue: other, resolution, at: r.at, message };
    }),
    rejections: await rejectionsOf(knex, customerId, now),
  };
}

export async function markConflictSeen(knex: Knex, customerId: number, conflictId: string, now: Date): Promise<{ conflictId: string; seenAt: string }> {
  const mine = (await conflictsOf(knex, customerId, now)).conflicts.some((c) => c.id === conflictId);
  const row = (await knex('conflicts').where({ id: conflictId }).first('seen_at')) as { seen_at: string | null } | undefined;
  if (!row || (!mine && row.seen_at === null)) throw new AppError('NOT_FOUND', 'This conflict notice is not about this customer, or does not exist.');
  if (row.seen_at) return { conflictId, seenAt: row.seen_at };
  const seenAt = now.toISOString();
  await knex('conflicts').where({ id: conflictId }).whereNull('seen_at').update({ seen_at: seenAt });
  return { conflictId, seenAt };
}
