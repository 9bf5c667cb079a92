import { z } from 'zod';
import { REASON_LIST } from '../errors';
import { method } from '../method';
import { ANY_STAFF, SUPERVISORS } from '../roles';
import { StuckChangeSchema, SyncStateSchema } from '../station/schemas';
import { UlidSchema } from './protocol';

export type SyncState = z.infer<typeof SyncStateSchema>;

export const RejectedMutationSchema = z.object({
  mutationId: z.string(),
  name: z.string(),
  /** Why (core/errors.ts REASONS); null for a refusal recorded by an older version. */
  reason: z.enum(REASON_LIST).nullable(),
  message: z.string(),
  at: z.string(),
});

export const STUCK_AFTER_FAILURES = 5;

export const SyncStatusSchema = z.object({
  state: SyncStateSchema,
  online: z.boolean(),
  pendingMutations: z.number().int(),
  rejectedMutations: z.number().int(),
  conflicts: z.number().int(),
  lastSyncAt: z.string().nullable(),
  lastError: z.object({ code: z.string(), message: z.string() }).nullable(),
  /** Present while a full (initial or restarted) sync runs: rows pulled so far and the server's estimate of the total. */
  initialSync: z.object({ pulled: z.number().int(), estimatedTotal: z.number().int().nullable() }).nullable(),
  /** The most recent changes the central office refused, with its reason, newest first. */
  recentRejections: z.array(RejectedMutationSchema),
  /** Changes that keep failing, oldest first. */
  stuck: z.array(StuckChangeSchema),
});
export type SyncStatus = z.infer<typeof SyncStatusSchema>;

/** "Sync now" answers what it did: the status after it, what it sent and received, or why it could not, and what waits. */
export const SyncNowResultSchema = SyncStatusSchema.extend({
  run: z.object({
    outcome: z.enum(['done', 'offline', 'failed']),
    sent: z.number().int().nonnegative(),
    received: z.number().int().nonnegative(),
    /** In words, when it did not finish (never a code). */
    problem: z.string().nullable(),
  }),
  /** Changes made here still waiting to go to the central office, by kind. */
  waiting: z.array(z.object({ name: z.string(), count: z.number().int().positive() })),
});
export type SyncNowResult = z.infer<typeof SyncNowResultSchema>;

/** Station tables (the cache's own names: `shipments`, `customers`, `conflicts`, `outbox`, `print_jobs`, ...). */
export const TablesChangedSchema = z.object({
  version: z.number().int().nonnegative(),
  tables: z.array(z.string().max(64)).max(100),
});

export const syncMethods = {
  'sync.changes': method({
    summary: 'Waits until this station’s tables change after `since` and answers which (at once when they already have); the screens that show them read again.',
    input: z.object({ since: z.number().int().nonnegative().nullable() }).strict(),
    output: TablesChangedSchema,
    roles: ANY_STAFF,
    passive: true,
    waits: true,
  }),
  'sync.status': method({
    summary: 'Sync state: pending and refused changes, conflicts, last sync, initial-sync progress.',
    input: z.object({}).strict(),
    output: SyncStatusSchema,
    roles: ANY_STAFF,
    passive: true,
  }),
  'sync.now': method({
    summary: 'Send this station’s changes and fetch the central office’s now; answers what it sent and received, or why not and what waits.',
    input: z.object({}).strict(),
    output: SyncNowResultSchema,
    roles: ANY_STAFF,
  }),
  'sync.retryStuck': method({
    summary: 'Send a change that keeps failing again (with the changes held behind it), once the cause is dealt with (audited).',
    input: z.object({ mutationId: UlidSchema }).strict(),
    output: SyncStatusSchema,
    roles: SUPERVISORS,
  }),
  'sync.dismissStuck': method({
    summary: 'Give up a change that keeps failing: it is undone here and never sent; the changes held behind it go on (audited).',
    input: z.object({ mutationId: UlidSchema }).strict(),
    output: SyncStatusSchema,
    roles: SUPERVISORS,
  }),
  'sync.dismissRejection': method({
    summary: 'Clear a change the central office refused from this station’s list, once its reason has been read (audited).',
    input: z.object({ mutationId: UlidSchema }).strict(),
    output: SyncStatusSchema,
    roles: ANY_STAFF,
  }),
} as const;
