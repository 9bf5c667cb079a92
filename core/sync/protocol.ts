/**
 * The wire between a station and the central API for sync (DESIGN §4). Both
 * sides parse with these schemas: the API at its boundary, the station on
 * every answer (a version skew fails loudly instead of corrupting the cache).
 * The routes that carry them (verb, path, who may call) are `routes.ts`.
 */
import { z } from 'zod';
import { isReason, REASON_LIST } from '../errors';
import { textCheckedInside } from '../text';
import { AccessReasonSchema } from '../lookup/schemas';

/** Crockford base32 ULID: 26 characters, time first, so text order is creation order. */
export const UlidSchema = z.string().regex(/^[0-9A-HJKMNP-TV-Z]{26}$/, 'Expected a ULID.');

export const PUSH_BATCH_MAX = 100;
export const PULL_LIMIT_DEFAULT = 1000;
export const PULL_LIMIT_MAX = 5000;

export const PushedMutationSchema = z
  .object({
    id: UlidSchema,
    name: z.string().min(1).max(80),
    /** Checked by the mutator, per mutation (its text too: core/text.ts). */
    args: textCheckedInside(z.unknown()),
    staffId: z.string().min(1).max(64),
    /** When the staff member acted (station clock, ISO-8601 UTC). */
    at: z.iso.datetime(),
    /** `table:key` -> the row's server_version the staff member saw. */
    baseVersions: z.record(z.string().max(200), z.number().int().nonnegative()).default({}),
  })
  .strict();
export type PushedMutation = z.input<typeof PushedMutationSchema>;

export const PushRequestSchema = z
  .object({
    clientId: UlidSchema,
    mutations: z.array(PushedMutationSchema).max(PUSH_BATCH_MAX),
  })
  .strict();
export type PushRequest = z.input<typeof PushRequestSchema>;

// replaced: told to the desk whose earlier value a later edit from another desk overwrote.
export const ConflictResolutionSchema = z.enum(['applied', 'kept_server', 'replaced']);

export const ConflictSchema = z.object({
  id: z.string(),
  mutationId: z.string(),
  entity: z.string(),
  entityId: z.string(),
  field: z.string(),
  /** JSON text of the value this station's edit carried. */
  localValue: z.string().nullable(),
  /** JSON text of the value it met on the server. */
  serverValue: z.string().nullable(),
  resolution: ConflictResolutionSchema,
  at: z.string(),
});
export type SyncConflict = z.infer<typeof ConflictSchema>;

export const MutationResultSchema = z.object({
  id: z.string(),
  /** duplicate: applied by an earlier push of the same mutation (a retry). */
  status: z.enum(['applied', 'duplicate', 'rejected']),
  /** Why a rejected change can never succeed (core/errors.ts REASONS); a reason this version does not know reads as DATA_CONFLICT. */
  reason: z.preprocess((v) => (v === undefined || isReason(v) ? v : 'DATA_CONFLICT'), z.enum(REASON_LIST).optional()),
  /** The same in plain words for the person who made the change. */
  message: z.string().optional(),
  conflicts: z.array(ConflictSchema).default([]),
});
export type MutationResult = z.infer<typeof MutationResultSchema>;

export const PushResponseSchema = z.object({
  lastMutationId: z.string().nullable(),
  results: z.array(MutationResultSchema),
});
export type PushResponse = z.infer<typeof PushResponseSchema>;

export const PullRequestSchema = z
  .object({
    clientId: UlidSchema,
    /** Opaque; null for a first (or restarted) sync. */
    cursor: z.string().max(1024).nullable(),
    limit: z.number().int().min(1).max(PULL_LIMIT_MAX).optional(),
  })
  .strict();
export type PullRequest = z.infer<typeof PullRequestSchema>;

export const ChangeSchema = z.discriminatedUnion('op', [
  z.object({ op: z.literal('put'), table: z.string(), row: z.record(z.string(), z.unknown()) }),
  z.object({ op: z.literal('delete'), table: z.string(), key: z.record(z.string(), z.union([z.string(), z.number()])) }),
]);
export type Change = z.infer<typeof ChangeSchema>;

export const PullPageSchema = z.object({
  changes: z.array(ChangeSchema),
  /**
   * The last mutation of this client the server has applied or rejected.
   * Consistent with the rows only on the last page (hasMore false): a station
   * drops its acknowledged outbox rows then, never earlier.
   */
  lastMutationId: z.string().nullable(),
  cursor: z.string(),
  hasMore: z.boolean(),
  /** True while an initial (or restarted) full sync is in progress. */
  initial: z.boolean(),
  /** Rows still to come in the full sync (an estimate, for the progress bar). */
  remaining: z.number().int().nonnegative().optional(),
});
export type PullPage = z.infer<typeof PullPageSchema>;

/** The cursor is too old (tombstones pruned) or from another scope: start again from nothing, keeping the outbox. */
export const ResyncSchema = z.object({ resync: z.literal(true), reason: z.string() });
export type Resync = z.infer<typeof ResyncSchema>;

export const PullResponseSchema = z.union([ResyncSchema, PullPageSchema]);
export type PullResponse = z.infer<typeof PullResponseSchema>;

export function isResync(answer: PullResponse): answer is Resync {
  return 'resync' in answer;
}

/** A desk keeps an opened customer's rows: why it was opened is recorded with the copy (policy: every opening is on record). */
export const SubscribeRequestSchema = z.object({ customerId: z.number().int().positive(), reason: AccessReasonSchema }).strict();
/** A desk releases customers it has not opened for a while (at most this many per request). */
export const RELEASE_BATCH_MAX = 500;
export const ReleaseRequestSchema = z.object({ customerIds: z.array(z.number().int().positive()).min(1).max(RELEASE_BATCH_MAX) }).strict();
export type ReleaseRequest = z.infer<typeof ReleaseRequestSchema>;
export const ReleaseResponseSchema = z.object({ released: z.number().int().nonnegative() });
export type ReleaseResponse = z.infer<typeof ReleaseResponseSchema>;

export const SubscribeResponseSchema = z.object({ customerId: z.number().int(), subscribed: z.literal(true) });
export type SubscribeResponse = z.infer<typeof SubscribeResponseSchema>;

/** The live channel's long-poll: how long the central office holds it when nothing changes, and the most a station may ask for. */
export const WAIT_MS_DEFAULT = 25_000;
export const WAIT_MS_MAX = 30_000;
/**
 * The least time between two cycles live wakes start at one station
 * (main/sync/live-channel.ts). A scope that changes all the time (a desk with
 * many customers open, a supervisor's whole DC) answers every wait at once;
 * without a gap its station pulls back to back. Half a second keeps a change
 * on other screens within the live target of one second.
 */
export const LIVE_CYCLE_GAP_MS = 500;

/**
 * Waits until something in the station's scope committed after its cursor
 * (the scope comes from the credential and the session, as for a pull).
 * A null, unreadable, other-scope or mid-full-sync cursor is answered at once:
 * the station has pulling to do.
 */
export const WaitRequestSchema = z
  .object({
    cursor: z.string().max(1024).nullable(),
    waitMs: z.number().int().min(0).max(WAIT_MS_MAX).optional(),
  })
  .strict();
export type WaitRequest = z.infer<typeof WaitRequestSchema>;

/** `changed`: pull now; otherwise the wait ran out (ask again). `version`: how far the answering instance has read. */
export const WaitResponseSchema = z.object({ changed: z.boolean(), version: z.number().int().nonnegative() });
export type WaitResponse = z.infer<typeof WaitResponseSchema>;
