/**
 * Where an order problem's email stands (issue 15 item 5: "the customer told
 * by email"), from the columns the central mail sender keeps on the problem
 * (api/mail/) and the desk pulls: one reading for the 360 and its words.
 */
export const PROBLEM_EMAIL_STATES = ['none', 'queued', 'sent', 'failed'] as const;
export type ProblemEmailState = (typeof PROBLEM_EMAIL_STATES)[number];

export interface ProblemEmailColumns {
  email_queued_at: string | null;
  email_sent_at: string | null;
  email_failed_at: string | null;
  email_last_error: string | null;
}

export interface ProblemEmailDelivery {
  state: ProblemEmailState;
  /** When it was queued, sent or given up, by state; null for `none`. */
  at: string | null;
  /** Why the last try failed (a queued email being retried, or one given up), in plain words; never the address or the text. */
  lastError: string | null;
}

/**
 * none: nothing to tell yet (the problem is not settled);
 * queued: waiting for the central office's mail sender (or being retried);
 * sent: the customer's mail server accepted it;
 * failed: the central office gave up (the address was refused, or too many tries).
 */
export function problemEmailDelivery(row: ProblemEmailColumns): ProblemEmailDelivery {
  if (row.email_sent_at) return { state: 'sent', at: row.email_sent_at, lastError: null };
  if (row.email_failed_at) return { state: 'failed', at: row.email_failed_at, lastError: row.email_last_error };
  if (row.email_queued_at) return { state: 'queued', at: row.email_queued_at, lastError: row.email_last_error };
  return { state: 'none', at: null, lastError: null };
}

/** The 360's words for it (the time is shown beside them, in the desk's own zone). */
export function problemEmailWords(email: ProblemEmailDelivery): string {
  switch (email.state) {
    case 'sent':
      return 'Customer emailed';
    case 'failed':
      return `The email to the customer could not be sent${email.lastError ? `: ${email.lastError}` : '.'} Check the email address on file and tell the customer on the phone.`;
    case 'queued':
      return email.lastError ? `Email to the customer not sent yet, trying again: ${email.lastError}` : 'Email to the customer waiting to be sent';
    case 'none':
      return 'No email to the customer yet';
  }
}
