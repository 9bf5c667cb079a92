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
