/**
 * Where an order problem's email stands, as the desk's 360 reads it from the
 * columns the central mail sender keeps (api/mail/): nothing yet, waiting (or
 * being retried, with why), sent, or given up with the reason in words.
 */
import { describe, expect, it } from 'vitest';
import { problemEmailDelivery, problemEmailWords } from '../../../core/customers/problem-email-delivery';

const none = { email_queued_at: null, email_sent_at: null, email_failed_at: null, email_last_error: null };
const QUEUED = '2026-06-30T12:00:00.000Z';
const LATER = '2026-06-30T12:01:00.000Z';

describe('an order problem’s email at the desk', () => {
  it('is nothing before the problem is settled, waiting once queued, and sent once the relay took it', () => {
    expect(problemEmailDelivery(none)).toEqual({ state: 'none', at: null, lastError: null });
    const queued = problemEmailDelivery({ ...none, email_queued_at: QUEUED });
    expect(queued).toEqual({ state: 'queued', at: QUEUED, lastError: null });
    expect(problemEmailWords(queued)).toBe('Email to the customer waiting to be sent');
    // An earlier failure is history once sent.
    const sent = problemEmailDelivery({ ...none, email_queued_at: QUEUED, email_sent_at: LATER, email_last_error: 'the mail server could not be reached.' });
    expect(sent).toEqual({ state: 'sent', at: LATER, lastError: null });
    expect(problemEmailWords(sent)).toBe('Customer emailed');
  });

  it('says why a queued email has not gone out yet, and why one was given up, with what the rep can do', () => {
    const retrying = problemEmailDelivery({ ...none, email_queued_at: QUEUED, email_last_error: 'the mail server could not be reached.' });
    expect(problemEmailWords(retrying)).toBe('Email to the customer not sent yet, trying again: the mail server could not be reached.');
    const refused = problemEmailDelivery({ ...none, email_queued_at: QUEUED, email_failed_at: LATER, email_last_error: 'the mail server refused the address (550).' });
    expect(refused).toMatchObject({ state: 'failed', at: LATER });
    expect(problemEmailWords(refused)).toBe(
      'The email to the customer could not be sent: the mail server refused the address (550). Check the email address on file and tell the customer on the phone.',
    );
  });
});
