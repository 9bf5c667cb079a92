/**
 * Caller identity checks at a CS desk (issue #5). Policy: "You must be signed
 * in to access Your Account" — on the phone, passing this check is what
 * signing in is, so every edit handler refuses without a recent pass for the
 * same customer in the same staff session. The station keeps each session's
 * passes and pauses in `main/services/customers/caller-checks.ts`.
 */
import { z } from 'zod';

/**
 * Before a rep edits anything, the caller proves who they are with facts on
 * file: the ZIP code and the card's last 4, or the email address. Policy:
 * "you must be signed in to access Your Account" — on the phone, this check
 * is what signing in is.
 */
export const CALLER_CHECK_VALID_MINUTES = 10;

export const CallerCheckInputSchema = z
  .object({
    customerId: z.number().int().positive(),
    method: z.enum(['zip_and_card', 'email']),
    zip: z.string().trim().regex(/^\d{5}$/, 'ZIP is 5 digits.').optional(),
    cardLast4: z.string().trim().regex(/^\d{4}$/, 'Last 4 is 4 digits.').optional(),
    email: z.string().trim().max(254).optional(),
  })
  .strict()
  .superRefine((v, ctx) => {
    if (v.method === 'zip_and_card' && (!v.zip || !v.cardLast4)) ctx.addIssue({ code: 'custom', path: ['zip'], message: 'Enter the ZIP code and the last 4 of the card.' });
    if (v.method === 'email' && !v.email) ctx.addIssue({ code: 'custom', path: ['email'], message: 'Enter the email address the caller gives.' });
  });
export type CallerCheckInput = z.infer<typeof CallerCheckInputSchema>;

export interface OnFile {
  zip5: string | null;
  cardLast4: string | null;
  email: string;
}

/** Compares what the caller said with what is on file; says nothing about which part was wrong (no hints to an impostor). */
export function callerMatches(input: CallerCheckInput, onFile: OnFile): boolean {
  if (input.method === 'email') return !!input.email && input.email.toLowerCase() === onFile.email.toLowerCase();
  return !!onFile.zip5 && !!onFile.cardLast4 && input.zip === onFile.zip5 && input.cardLast4 === onFile.cardLast4;
}

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
