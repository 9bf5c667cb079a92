/**
 * The affiliate program's own data access: applications (`affiliates`) and
 * the decisions on them (`affiliate_decisions`). The only module that reads
 * these tables.
 *
 * policy: "The information collected from our affiliates is used strictly
 * for that program; none of this information is used for general marketing
 * purposes." Marketing code reads through marketing-scope.ts, which does not
 * open these tables at all.
 */
import type { Knex } from 'knex';
import { monotonicFactory } from 'ulidx';
import { AppError } from '../../core/errors';
import {
  AffiliateStatusSchema, affiliateStatusAfter, decisionsAllowed, type Affiliate, type AffiliateDecideInput, type AffiliateDecision, type AffiliateStatus,
} from '../../core/privacy/affiliates';
import type { Actor } from '../staff/accounts';
import { writeAudit } from '../audit/write-audit';

const nextDecisionId = monotonicFactory();

const PAST: Record<AffiliateDecideInput['decision'], string> = { approve: 'approved', reject: 'rejected', suspend: 'suspended' };

interface AffiliateRow {
  id: number;
  site_name: string;
  site_url: string;
  mailing_address: string;
  primary_contact: string;
  pay_to_address: string;
  technical_contact: string;
  status: AffiliateStatus;
  created_at: string;
}

interface DecisionRow {
  id: string;
  affiliate_id: number;
  decision: AffiliateDecision['decision'];
  from_status: AffiliateStatus;
  to_status: AffiliateStatus;
  reason: string;
  at: string;
  username: string;
  display_name: string;
}

async function decisionsFor(db: Knex | Knex.Transaction, ids: number[]): Promise<Map<number, AffiliateDecision[]>> {
  const out = new Map<number, AffiliateDecision[]>();
  if (ids.length === 0) return out;
  const rows = (await db('affiliate_decisions as d')
    .join('staff as s', 's.id', 'd.staff_id')
    .whereIn('d.affiliate_id', ids)
    .orderBy('d.id', 'asc')
    .select('d.id', 'd.affiliate_id', 'd.decision', 'd.from_status', 'd.to_status', 'd.reason', 'd.at', 's.username', 's.display_name')) as DecisionRow[];
  for (const r of rows) {
    const list = out.get(Number(r.affiliate_id)) ?? [];
    list.push({ id: r.id, decision: r.decision, fromStatus: r.from_status, toStatus: r.to_status, reason: r.reason, at: r.at, staff: { username: r.username, displayName: r.display_name } });
    out.set(Number(r.affiliate_id), list);
  }
  return out;
}

function toAffiliate(row: AffiliateRow, decisions: AffiliateDecision[]): Affiliate {
  return {
    id: Number(row.id),
    siteName: row.site_name,
    siteUrl: row.site_url,
    mailingAddress: row.mailing_address,
    primaryContact: row.primary_contact,
    payToAddress: row.pay_to_address,
    technicalContact: row.technical_contact,
    status: AffiliateStatusSchema.parse(row.status),
    createdAt: row.created_at,
    decisions,
  };
}

/** Applications first (they wait for a decision), then by site name. */
export async function listAffiliates(knex: Knex, filter: { status?: AffiliateStatus | undefined }): Promise<Affiliate[]> {
  const q = knex<AffiliateRow>('affiliates').select('*');
  if (filter.status) q.where('status', filter.status);
  const rows = (await q) as AffiliateRow[];
  const order: Record<AffiliateStatus, number> = { applied: 0, suspended: 1, approved: 2, rejected: 3 };
  rows.sort((a, b) => order[a.status] - order[b.status] || a.site_name.localeCompare(b.site_name) || a.id - b.id);
  const decisions = await decisionsFor(knex, rows.map((r) => Number(r.id)));
  return rows.map((r) => toAffiliate(r, decisions.get(Number(r.id)) ?? []));
}

/**
 * A decision changes the status, leaves a history row with its reason and an
 * audit row, all in one transaction. The status is re-read inside it, so two
 * supervisors deciding at once cannot both move the same application.
 */
export async function decideAffiliate(knex: Knex, input: AffiliateDecideInput, actor: Actor, now: Date): Promise<Affiliate> {
  return knex.transaction(async (trx) => {
    const row = (await trx<AffiliateRow>('affiliates').where('id', input.affiliateId).first()) as AffiliateRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No affiliate application ${input.affiliateId}.`);
    const to = affiliateStatusAfter(row.status, input.decision);
    if (!to) {
      const allowed = decisionsAllowed(row.status).map((d) => PAST[d]);
      const options = allowed.length > 0 ? `it can only be ${allowed.join(' or ')}` : 'no decision applies';
      throw new AppError('CONFLICT', `${row.site_name} is ${row.status}: ${options}, not ${PAST[input.decision]}.`);
    }
    const updated = await trx('affiliates').where({ id: row.id, status: row.status }).update({ status: to });
    if (updated !== 1) throw new AppError('CONFLICT', `${row.site_name} was changed by someone else at the same time. Reload and try again.`);
    await trx('affiliate_decisions').insert({
      id: nextDecisionId(),
      affiliate_id: row.id,
      decision: input.decision,
      from_status: row.status,
      to_status: to,
      reason: input.reason,
      staff_id: actor.staffId,
      station_id: actor.stationId,
      at: now.toISOString(),
    });
    await writeAudit(trx, {
      at: now, action: 'affiliate.decided', staffId: actor.staffId, stationId: actor.stationId, reason: input.reason,
      detail: { affiliateId: row.id, site: row.site_name, decision: input.decision, from: row.status, to },
    });
    const decisions = await decisionsFor(trx, [row.id]);
    return toAffiliate({ ...row, status: to }, decisions.get(row.id) ?? []);
  });
}
