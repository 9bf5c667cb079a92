/**
 * Review moderation.
 *
 * policy: "Netflix users should not post personal information on any review
 * page, as this information is made public. Pseudonyms can be used for such
 * postings." The queue shows reviews by pseudonym only, with the personal
 * information core/privacy findPersonalInfo flags in them; a moderator
 * approves, redacts the flagged spans, or rejects. A redaction is logged by
 * kind and position, never with the removed words.
 */
import { z } from 'zod';

export const PiiKindSchema = z.enum(['email', 'phone', 'street_address', 'own_name', 'url']);

export const ReviewStateSchema = z.enum(['pending', 'approved', 'redacted', 'rejected']);

export const PiiFlagSchema = z.object({ kind: PiiKindSchema, start: z.number().int(), end: z.number().int() });
export type PiiFlag = z.infer<typeof PiiFlagSchema>;

export const ModerationItemSchema = z.object({
  reviewId: z.number().int(),
  pseudonym: z.string(),
  titleName: z.string(),
  stars: z.number().int(),
  body: z.string(),
  writtenAt: z.string(),
  state: ReviewStateSchema,
  flags: z.array(PiiFlagSchema),
  /** Fingerprint of the body the moderator saw: a decision on a body that changed since is refused. */
  bodyDigest: z.string(),
});
export type ModerationItem = z.infer<typeof ModerationItemSchema>;

export const ModerationQueueInputSchema = z
  .object({ includeUnflagged: z.boolean().default(false), limit: z.number().int().min(1).max(500).default(100) })
  .strict();

export const ModerationQueueSchema = z.object({
  items: z.array(ModerationItemSchema),
  /** Pending reviews in which nothing was flagged (not listed unless asked for). */
  pendingUnflagged: z.number().int(),
  pendingFlagged: z.number().int(),
});

export const ModerationActionSchema = z.enum(['approve', 'redact', 'reject']);
export type ModerationAction = z.infer<typeof ModerationActionSchema>;

export const ModerateInputSchema = z
  .object({
    reviewId: z.number().int().positive(),
    bodyDigest: z.string().min(8).max(128),
    action: ModerationActionSchema,
    /** Required to approve a review that still has flags (a false positive) and to reject. */
    reason: z.string().trim().max(500).optional(),
    /** Redact: spans the detector missed, as offsets into the body the moderator saw. */
    extraSpans: z.array(z.object({ start: z.number().int().nonnegative(), end: z.number().int().positive() }).strict()).max(50).default([]),
  })
  .strict();
export type ModerateInput = z.output<typeof ModerateInputSchema>;

export const ModerateResultSchema = z.object({
  reviewId: z.number().int(),
  state: ReviewStateSchema,
  body: z.string(),
  spansRemoved: z.number().int(),
});
