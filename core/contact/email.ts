import { z } from 'zod';

/** Emails are compared and stored lower-case: one customer, one address, whatever the caller's capitalisation. */
export const EmailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('This is not an email address (name@example.com).'));

/** `jo***@example.com`: the rep confirms with the caller where a link went without reading the address out in full. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  const local = email.slice(0, at);
  return `${local.slice(0, Math.min(2, local.length - 1) || 1)}***${email.slice(at)}`;
}
