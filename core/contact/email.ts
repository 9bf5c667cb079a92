import { z } from 'zod';

/** Emails are compared and stored lower-case: one customer, one address, whatever the caller's capitalisation. */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('This is not an email address (name@example.com).'));
