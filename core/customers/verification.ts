/**
 * Caller identity checks at a CS desk (issue #5). Policy: "You must be signed
 * in to access Your Account" — on the phone, passing this check is what
 * signing in is, so every edit handler refuses without a recent pass for the
 * same customer in the same staff session (core/identity/caller-check.ts has
 * the comparison itself).
 */
import { z } from 'zod';

export { CALLER_CHECK_VALID_MINUTES } from '../identity/caller-check';

/** Failed checks for one customer in one staff session before checks pause: an impostor gets three guesses, not a dictionary. */
export const CALLER_CHECK_MAX_FAILURES = 3;
/** How long checks for that customer stay paused in that session. */
export const CALLER_CHECK_PAUSE_MINUTES = 15;

/** Audit actions of the check. Only the outcome and the method are recorded, never what the caller said (policy: strict internal guidelines). */
export const CALLER_CHECK_AUDIT = {
  passed: 'customer.caller_verified',
  failed: 'customer.caller_check_failed',
  paused: 'customer.caller_check_paused',
  refused: 'customer.caller_check_refused',
} as const;

export const CallerMethodSchema = z.enum(['zip_and_card', 'email']);
export type CallerMethod = z.infer<typeof CallerMethodSchema>;

export const CallerStatusSchema = z.object({
  customerId: z.number().int(),
  verified: z.boolean(),
  method: CallerMethodSchema.nullable(),
  /** ISO time the pass stops counting (station clock). */
  verifiedUntil: z.string().nullable(),
  failedAttempts: z.number().int(),
  attemptsLeft: z.number().int(),
  /** Set while checks for this customer are paused in this session. */
  pausedUntil: z.string().nullable(),
});
export type CallerStatus = z.infer<typeof CallerStatusSchema>;

export const VerifyCallerResultSchema = z.object({
  outcome: z.enum(['passed', 'failed']),
  /** Words for the rep; never says which fact was wrong (no hints to an impostor). */
  message: z.string(),
  status: CallerStatusSchema,
});
export type VerifyCallerResult = z.infer<typeof VerifyCallerResultSchema>;
