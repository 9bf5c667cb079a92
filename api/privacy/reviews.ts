/**
 * Review moderation.
 *
 * policy: "Netflix users should not post personal information on any review
 * page, as this information is made public. Pseudonyms can be used for such
 * postings."
 *
 * - The queue is pending reviews, each with what core/privacy
 *   findPersonalInfo flags in it (emails, phones, street addresses, web
 *   addresses and the reviewer's own name, which only the central office
 *   knows and which never leaves in the answer: reviews are shown by
 *   pseudonym).
 * - Redacting replaces the spans in the stored text: the original is gone
 *   from the central database. `review_redactions` keeps the kind and
 *   position of each cut, never the words, and the audit row the same.
 * - A decision names the body it was made on (a digest); if the text changed
 *   since, the decision is refused instead of cutting the wrong characters.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { ulid } from 'ulidx';
import { AppError } from '../../core/errors';
import { findPersonalInfo, redactSpans, type PiiSpan } from '../../core/privacy';
import type { ModerateInput, ModerationItem } from '../../core/privacy/reviews';
import type { Actor } from '../staff/accounts';
import { writeAudit } from '../audit/write-audit';

export const REDACTION_MARK = '[removed]';

export function bodyDigest(body: string): string {
  return createHash('sha256').update(body, 'utf8').digest('hex').slice(0, 32);
}

interface ReviewRow {
  id: number;
  customer_id: number;
  pseudonym: string;
  stars: number;
  body: string;
  moderation_state: ModerationItem['state'];
  created_at: string;
  title_name: string;
  full_name: string;
}

function reviewsWithContext(db: Knex | Knex.Transaction) {
  return db('reviews as r')
    .join('titles as t', 't.id', 'r.title_id')
    .join('customers as c', 'c.id', 'r.customer_id')
    .select('r.id', 'r.customer_id', 'r.pseudonym', 'r.stars', 'r.body', 'r.moderation_state', 'r.created_at', 't.name as title_name', 'c.full_name');
}

function flagsOf(row: ReviewRow): PiiSpan[] {
  return findPersonalInfo(row.body, { reviewerNames: [row.full_name] });
}

function toItem(row: ReviewRow, flags: PiiSpan[]): ModerationItem {
  return {
    reviewId: Number(row.id),
    pseudonym: row.pseudonym,
    titleName: row.title_name,
    stars: Number(row.stars),
    body: row.body,
    writtenAt: row.created_at,
    state: row.moderation_state,
    // Offsets only: the text is in the body already, and a copy here would outlive a redaction on screen.
    flags: flags.map((f) => ({ kind: f.kind, start: f.start, end: f.end })),
    bodyDigest: bodyDigest(row.body),
  };
}

export async function moderationQueue(knex: Knex, opts: { includeUnflagged: boolean; limit: number }) {
  const rows = (await reviewsWithContext(knex).where('r.moderation_state', 'pending').orderBy([{ column: 'r.created_at' }, { column: 'r.id' }])) as ReviewRow[];
  const flagged: ModerationItem[] = [];
  const clean: ModerationItem[] = [];
  for (const row of rows) {
    const flags = flagsOf(row);
    (flags.length > 0 ? flagged : clean).push(toItem(row, flags));
  }
  const items = (opts.includeUnflagged ? [...flagged, ...clean] : flagged).slice(0, opts.limit);
  return { items, pendingFlagged: flagged.length, pendingUnflagged: clean.length };
}

const ALLOWED_FROM: Record<ModerateInput['action'], readonly ModerationItem['state'][]> = {
  approve: ['pending'],
  redact: ['pending', 'approved', 'redacted'],
  reject: ['pending', 'approved', 'redacted'],
};

export async function moderateReview(knex: Knex, input: ModerateInput, actor: Actor, now: Date) {
  return knex.transaction(async (trx) => {
    const row = (await reviewsWithContext(trx).where('r.id', input.reviewId).first()) as ReviewRow | undefined;
    if (!row) throw new AppError('NOT_FOUND', `No review ${input.reviewId}.`);
    if (bodyDigest(row.body) !== input.bodyDigest) {
      throw new AppError('CONFLICT', 'This review changed since it was shown. Reload the queue and decide on the current text.');
    }
    if (!ALLOWED_FROM[input.action].includes(row.moderation_state)) {
      throw new AppError('CONFLICT', `This review is already ${row.moderation_state}; it cannot be ${input.action === 'approve' ? 'approved' : `${input.action}ed`} now.`);
    }
    const flags = flagsOf(row);
    const reason = input.reason?.trim() || null;
    let body = row.body;
    let state: ModerationItem['state'];
    let spansRemoved = 0;
    let kinds: string[] = [];
    if (input.action === 'approve') {
      if (flags.length > 0 && (!reason || reason.length < 3)) {
        throw new AppError('INVALID_INPUT', `This review still has ${flags.length} flagged item${flags.length === 1 ? '' : 's'}. Redact ${flags.length === 1 ? 'it' : 'them'}, or give a reason to publish the text as it is.`, [
          { field: 'reason', message: 'Say why the flags are not personal information.' },
        ]);
      }
      state = 'approved';
    } else if (input.action === 'reject') {
      if (!reason || reason.length < 3) throw new AppError('INVALID_INPUT', 'Give a reason for rejecting the review.', [{ field: 'reason', message: 'Give a reason.' }]);
      state = 'rejected';
    } else {
      for (const s of input.extraSpans) {
        if (s.end > row.body.length || s.start >= s.end) {
          throw new AppError('INVALID_INPUT', `The selection ${s.start}-${s.end} is outside the review text.`, [{ field: 'extraSpans', message: 'Outside the text.' }]);
        }
      }
      const spans = [...flags.map((f) => ({ kind: f.kind as string, start: f.start, end: f.end })), ...input.extraSpans.map((s) => ({ kind: 'moderator', ...s }))];
      if (spans.length === 0) throw new AppError('INVALID_INPUT', 'Nothing is flagged or selected in this review, so there is nothing to redact.');
      const redaction = redactSpans(row.body, spans, REDACTION_MARK);
      body = redaction.text;
      state = 'redacted';
      spansRemoved = redaction.log.length;
      kinds = [...new Set(redaction.log.map((l) => l.kind))];
      await trx('review_redactions').insert({
        id: ulid(now.getTime()),
        review_id: row.id,
        staff_id: actor.staffId,
        at: now.toISOString(),
        // policy: the log is not one more copy of what was removed: kinds and offsets only.
        spans: JSON.stringify(redaction.log.map((l) => ({ kind: l.kind, start: l.start, end: l.end, length: l.length, replacedStart: l.replacedStart, replacedEnd: l.replacedEnd }))),
        removed_chars: redaction.log.reduce((sum, l) => sum + l.length, 0),
      });
    }
    await trx('reviews').where({ id: row.id }).update({ body, moderation_state: state });
    await writeAudit(trx, {
      at: now, action: 'review.moderated', staffId: actor.staffId, stationId: actor.stationId, customerId: Number(row.customer_id),
      fields: input.action === 'redact' ? ['review_text'] : ['review_state'],
      reason,
      detail: { reviewId: Number(row.id), action: input.action, state, spansRemoved, kinds },
    });
    return { reviewId: Number(row.id), state, body, spansRemoved };
  });
}
