/**
 * The order-problem emails waiting to go out, as rows of `order_problems`
 * (columns of migrations 060 and 062; knex, not a hot path). Three short
 * transactions per email, and the send between them outside any:
 *
 * 1. claim: the oldest email queued, not sent, not given up, whose lease or
 *    back-off has run out; its lease is set and its try counted. On
 *    PostgreSQL the pick is `FOR UPDATE SKIP LOCKED`, so two API instances
 *    claiming at once take different emails instead of waiting or doubling;
 *    SQLite has one writer (the embedded API's one connection).
 * 2. send (api/mail/problem-mail-sender.ts), no transaction open.
 * 3. mark: sent, or the failure's words with the next try's time, or given up;
 *    each with its audit row in the same transaction when it is final.
 *
 * A process that dies between 2 and 3 leaves the claim: once the lease runs
 * out another sender sends again, so a crash costs at most one duplicate per
 * email, with the same Message-ID (mail clients show it once).
 */
import type { Knex } from 'knex';
import type { DatabaseKind } from '../../platform/database';
import { writeAudit } from '../audit/write-audit';

export interface ClaimedProblemEmail {
  problemId: string;
  customerId: number;
  /** The problem's state when its email was queued: part of the Message-ID. */
  state: string;
  orderNumber: string | null;
  subject: string;
  body: string;
  /** The customer's address now (`customers.email`): an address a rep corrected after the problem is the one used. */
  to: string | null;
  /** This try's number, from 1. */
  attempt: number;
}

const QUEUED = (q: Knex.QueryBuilder) => q.whereNotNull('email_queued_at').whereNull('email_sent_at').whereNull('email_failed_at');

export async function claimNextProblemEmail(knex: Knex, kind: DatabaseKind, now: Date, leaseMs: number): Promise<ClaimedProblemEmail | null> {
  const at = now.toISOString();
  return knex.transaction(async (trx) => {
    const pick = QUEUED(trx('order_problems'))
      .where((q) => q.whereNull('email_claimed_until').orWhere('email_claimed_until', '<=', at))
      .orderBy([{ column: 'email_queued_at' }, { column: 'id' }])
      .limit(1)
      .select('id', 'customer_id', 'shipment_id', 'state', 'email_subject', 'email_body', 'email_attempts');
    // PostgreSQL: a row another instance is claiming right now is skipped, not waited for (and never taken twice).
    const rows = (await (kind === 'postgres' ? pick.forUpdate().skipLocked() : pick)) as Array<{
      id: string;
      customer_id: number | string;
      shipment_id: number | string;
      state: string;
      email_subject: string | null;
      email_body: string | null;
      email_attempts: number | string | null;
    }>;
    const row = rows[0];
    if (!row) return null;
    const attempt = Number(row.email_attempts ?? 0) + 1;
    await trx('order_problems')
      .where({ id: row.id })
      .update({ email_attempts: attempt, email_claimed_until: new Date(now.getTime() + leaseMs).toISOString() });
    // Read without a lock: only the problem row is the claim.
    const customer = (await trx('customers').where({ id: row.customer_id }).first('email')) as { email: string | null } | undefined;
    const shipment = (await trx('shipments').where({ id: row.shipment_id }).first('order_number')) as { order_number: string } | undefined;
    return {
      problemId: row.id,
      customerId: Number(row.customer_id),
      state: row.state,
      orderNumber: shipment?.order_number ?? null,
      subject: row.email_subject ?? '',
      body: row.email_body ?? '',
      to: customer?.email?.trim() || null,
      attempt,
    };
  });
}

/** The relay accepted it: sent, the lease and any earlier failure cleared, on record. A row another sender marked first is left alone. */
export async function markProblemEmailSent(knex: Knex, email: ClaimedProblemEmail, at: Date, messageId: string): Promise<void> {
  await knex.transaction(async (trx) => {
    const updated = await QUEUED(trx('order_problems').where({ id: email.problemId })).update({ email_sent_at: at.toISOString(), email_claimed_until: null, email_last_error: null });
    if (updated === 0) return;
    await writeAudit(trx, {
      at,
      action: 'customer.problem_emailed',
      staffId: null,
      stationId: null,
      customerId: email.customerId,
      fields: ['email'],
      detail: { problemId: email.problemId, orderNumber: email.orderNumber, attempt: email.attempt, messageId },
    });
  });
}

/**
 * A failed try: `retryAt` null gives up (a permanent refusal, or the last
 * try), on record; otherwise nobody tries before `retryAt`. The words are the
 * classifier's (api/mail/smtp-failure.ts), never the server's reply.
 */
export async function recordProblemEmailFailure(knex: Knex, email: ClaimedProblemEmail, at: Date, words: string, retryAt: Date | null): Promise<void> {
  await knex.transaction(async (trx) => {
    const pending = QUEUED(trx('order_problems').where({ id: email.problemId }));
    if (retryAt) {
      await pending.update({ email_last_error: words, email_claimed_until: retryAt.toISOString() });
      return;
    }
    const updated = await pending.update({ email_failed_at: at.toISOString(), email_last_error: words, email_claimed_until: null });
    if (updated === 0) return;
    await writeAudit(trx, {
      at,
      action: 'customer.problem_email_failed',
      staffId: null,
      stationId: null,
      customerId: email.customerId,
      fields: ['email'],
      detail: { problemId: email.problemId, orderNumber: email.orderNumber, attempts: email.attempt, why: words },
    });
  });
}

/** Emails still to send (queued, not sent, not given up), for the health of the queue in logs and tests. */
export async function countQueuedProblemEmails(knex: Knex): Promise<number> {
  const row = (await QUEUED(knex('order_problems')).count({ n: '*' }).first()) as { n: number | string } | undefined;
  return Number(row?.n ?? 0);
}
