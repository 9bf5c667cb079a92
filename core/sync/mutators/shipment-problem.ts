/**
 * Order problems on a call (issue 15 item 5), the one use of the phone the
 * policy allows ("only if there is an order-related issue"). The desk records
 * the problem as reported (offline too); the central office settles it in the
 * same mutation's server run, since only it holds the stock and the queue:
 *
 * - not received: the shipment and its disc are booked lost in the mail;
 * - damaged / wrong disc: the disc is flagged, so Returns expects it;
 * - then a replacement of the same title is allocated if a copy is in stock
 *   at the customer's distribution center, else the next title of the queue
 *   that is, and the email that tells the customer is queued on the row;
 * - past the limit in core/customers/replacement-policy.ts, the replacement
 *   waits for a supervisor (`shipment.decideProblem`).
 */
import { z } from 'zod';
import { CS_AND_UP, SUPERVISORS, isRoleAllowed } from '../../roles';
import type { RowOf } from '../../data/tables';
import {
  PROBLEM_KINDS,
  PROBLEM_REASON_MAX_CHARS,
  PROBLEM_STATES,
  problemEmail,
  replacementNeedsApproval,
  type ProblemKind,
  type ProblemState,
} from '../../customers/replacement-policy';
import { MutationRejected, mutator, type MutationContext, type MutationTx } from '../mutation';
import { EntityIdSchema, mustGet, writeAuditRow } from './shared';
import { allocateShipment } from './allocate-shipment';

export const ProblemKindSchema = z.enum(PROBLEM_KINDS);
export const ProblemStateSchema = z.enum(PROBLEM_STATES);
export const ProblemReasonSchema = z
  .string()
  .trim()
  .min(3, 'Say in a few words what the caller told you.')
  .max(PROBLEM_REASON_MAX_CHARS, `A reason has at most ${PROBLEM_REASON_MAX_CHARS} characters.`)
  .refine((s) => !/[\u0000-\u001f\u007f]/.test(s), 'A reason is one line of text.');

type Shipment = Pick<RowOf<'shipments'>, 'id' | 'order_number' | 'status' | 'customer_id' | 'title_id' | 'disc_id'>;
type Problem = Pick<RowOf<'order_problems'>, 'id' | 'customer_id' | 'shipment_id' | 'kind' | 'state' | 'replacement_shipment_id' | 'settled_at' | 'reported_at'>;

const AUDIT_FIELDS = ['order_problems'];

export const shipmentReportProblem = mutator({
  name: 'shipment.reportProblem',
  summary: 'A caller reports that a disc never arrived, arrived damaged, or was the wrong one; the central office books it and sends a replacement.',
  roles: CS_AND_UP,
  args: z.object({ shipmentId: EntityIdSchema, kind: ProblemKindSchema, reason: ProblemReasonSchema }).strict(),
  async run(tx, args, ctx) {
    const s = await mustGet<Shipment>(tx, 'shipments', { id: args.shipmentId }, `Order ${args.shipmentId}`);
    if (s.status !== 'shipped') {
      throw new MutationRejected(
        'PROBLEM_NOT_REPORTABLE',
        `Order ${s.order_number} is ${s.status}; a problem can be reported only for a disc that was mailed and is still out with the customer.`,
      );
    }
    const earlier = await tx.find<Problem>('order_problems', { shipment_id: s.id }, { limit: 1 });
    if (earlier.length > 0) throw new MutationRejected('PROBLEM_ALREADY_REPORTED', `A problem with order ${s.order_number} was already reported; it is listed with the customer's open problems.`);

    const id = tx.newId();
    await tx.insert('order_problems', {
      id,
      customer_id: s.customer_id,
      shipment_id: s.id,
      kind: args.kind,
      reason: args.reason,
      state: 'reported',
      replacement_shipment_id: null,
      reported_by: ctx.staffId,
      reported_at: ctx.at,
      decided_by: null,
      decided_at: null,
      decision_reason: null,
      settled_at: null,
      email_subject: null,
      email_body: null,
      email_queued_at: null,
      email_sent_at: null,
      email_failed_at: null,
      email_last_error: null,
    });
    await writeAuditRow(tx, ctx, {
      action: 'shipment.problem_reported',
      customerId: s.customer_id,
      fields: AUDIT_FIELDS,
      reason: args.reason,
      detail: { shipmentId: s.id, orderNumber: s.order_number, kind: args.kind, problemId: id },
    });
    if (ctx.side !== 'server') return;

    // The central office's part: what happened to the disc, then the replacement.
    if (args.kind === 'not_received') {
      await tx.update('shipments', { id: s.id }, { status: 'lost' });
      if (s.disc_id !== null) await tx.update('discs', { id: s.disc_id }, { status: 'lost' });
    } else if (s.disc_id !== null) {
      await tx.update('discs', { id: s.disc_id }, { return_flag: args.kind });
    }
    const replaced = (await tx.find<Problem>('order_problems', { customer_id: s.customer_id }))
      .filter((p) => p.id !== id && p.replacement_shipment_id !== null && p.settled_at !== null)
      .map((p) => p.settled_at as string);
    // A supervisor on the phone approves by reporting; anyone else past the limit waits for one.
    const supervisor = ctx.role !== null && isRoleAllowed(ctx.role, SUPERVISORS);
    if (replacementNeedsApproval(replaced, ctx.at) && !supervisor) {
      await tx.update('order_problems', { id }, { state: 'awaiting_approval' });
      return;
    }
    await settle(tx, ctx, { id, kind: args.kind }, s, supervisor && replacementNeedsApproval(replaced, ctx.at) ? { by: ctx.staffId, reason: args.reason } : null);
  },
});

export const shipmentDecideProblem = mutator({
  name: 'shipment.decideProblem',
  summary: 'A supervisor approves or refuses a replacement past the limit of replacements in 90 days.',
  roles: SUPERVISORS,
  args: z
    .object({
      problemId: z.string().trim().min(1).max(64),
      decision: z.enum(['approve', 'refuse']),
      reason: ProblemReasonSchema,
    })
    .strict(),
  async run(tx, args, ctx) {
    const p = await mustGet<Problem>(tx, 'order_problems', { id: args.problemId }, 'The problem');
    if (p.state !== 'awaiting_approval') {
      throw new MutationRejected('PROBLEM_NOT_AWAITING_APPROVAL', 'This problem is not waiting for a supervisor any more; nothing was changed.');
    }
    const s = await mustGet<Shipment>(tx, 'shipments', { id: p.shipment_id }, `Order ${p.shipment_id}`);
    await writeAuditRow(tx, ctx, {
      action: args.decision === 'approve' ? 'shipment.problem_approved' : 'shipment.problem_refused',
      customerId: p.customer_id,
      fields: AUDIT_FIELDS,
      reason: args.reason,
      detail: { shipmentId: s.id, orderNumber: s.order_number, kind: p.kind, problemId: p.id },
    });
    const decided = { decided_by: ctx.staffId, decided_at: ctx.at, decision_reason: args.reason };
    if (ctx.side !== 'server') {
      // At the desk: refused is final; approved waits for the central office to allocate.
      await tx.update('order_problems', { id: p.id }, { ...decided, state: args.decision === 'refuse' ? 'refused' : 'reported' });
      return;
    }
    if (args.decision === 'refuse') {
      const title = await tx.get<{ name: string }>('titles', { id: s.title_id });
      const email = problemEmail({ kind: p.kind as ProblemKind, state: 'refused', orderNumber: s.order_number, titleName: title?.name ?? 'your title', replacementTitleName: null });
      await tx.update('order_problems', { id: p.id }, { ...decided, state: 'refused', settled_at: ctx.at, email_subject: email.subject, email_body: email.body, email_queued_at: ctx.at });
      return;
    }
    await settle(tx, ctx, { id: p.id, kind: p.kind as ProblemKind }, s, { by: ctx.staffId, reason: args.reason });
  },
});

/** Server only: allocates the replacement, records the outcome and queues the email. */
async function settle(tx: MutationTx, ctx: MutationContext, problem: { id: string; kind: ProblemKind }, s: Shipment, approval: { by: string; reason: string } | null): Promise<void> {
  const replacement = await allocateReplacement(tx, s.customer_id, s.title_id, ctx.at);
  const state: ProblemState = replacement ? 'replacement_allocated' : 'no_replacement';
  const title = await tx.get<{ name: string }>('titles', { id: s.title_id });
  const sent = replacement ? await tx.get<{ name: string }>('titles', { id: replacement.titleId }) : null;
  const email = problemEmail({ kind: problem.kind, state, orderNumber: s.order_number, titleName: title?.name ?? 'your title', replacementTitleName: sent?.name ?? null });
  await tx.update('order_problems', { id: problem.id }, {
    state,
    replacement_shipment_id: replacement?.shipmentId ?? null,
    settled_at: ctx.at,
    email_subject: email.subject,
    email_body: email.body,
    email_queued_at: ctx.at,
    ...(approval ? { decided_by: approval.by, decided_at: ctx.at, decision_reason: approval.reason } : {}),
  });
}

/**
 * The same title if a copy is in stock at the customer's distribution center,
 * else the first title of the queue not rented before that has one. Within
 * the rules every allocation keeps (an active, age-certified account with a
 * current address); the plan's limit does not apply, since the replacement
 * stands for a disc the customer never had in hand.
 */
async function allocateReplacement(tx: MutationTx, customerId: number, titleId: number, at: string): Promise<{ shipmentId: number; titleId: number } | null> {
  const customer = await tx.get<Pick<RowOf<'customers'>, 'home_dc' | 'age_certified_at' | 'status' | 'full_name'>>('customers', { id: customerId });
  if (!customer || customer.status !== 'active' || !customer.age_certified_at) return null;
  const address = (await tx.find<Pick<RowOf<'addresses'>, 'line1' | 'line2' | 'city' | 'state' | 'zip5' | 'zip4'>>('addresses', { customer_id: customerId, is_current: true }, { limit: 1 }))[0];
  if (!address) return null;
  const inStock = async (title: number) => (await tx.find<{ id: number }>('discs', { title_id: title, home_dc: customer.home_dc, status: 'in_stock' }, { limit: 1 }))[0] ?? null;

  let pick: { titleId: number; discId: number } | null = null;
  const same = await inStock(titleId);
  if (same) pick = { titleId, discId: same.id };
  else {
    const rented = new Set((await tx.find<{ title_id: number }>('shipments', { customer_id: customerId })).map((h) => h.title_id));
    const queue = (await tx.find<{ title_id: number; position: number }>('rental_queue', { customer_id: customerId })).sort((a, b) => a.position - b.position);
    for (const entry of queue) {
      if (rented.has(entry.title_id)) continue;
      const copy = await inStock(entry.title_id);
      if (copy) {
        pick = { titleId: entry.title_id, discId: copy.id };
        await tx.delete('rental_queue', { customer_id: customerId, title_id: entry.title_id });
        break;
      }
    }
  }
  if (!pick) return null;

  const shipmentId = await allocateShipment(tx, { customerId, customer, address, titleId: pick.titleId, discId: pick.discId, at });
  if (shipmentId === null) return null;
  return { shipmentId, titleId: pick.titleId };
}
