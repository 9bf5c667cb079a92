/**
 * Why a send failed (api/mail/smtp-failure.ts), as kept on the problem and
 * shown at the desk: final only when the customer's mail will never take the
 * message; words built from the error's code and reply number, never from the
 * server's reply text.
 */
import { describe, expect, it } from 'vitest';
import { classifySendFailure } from '../../api/mail/smtp-failure';

describe('why a send failed, for the problem row and the log', () => {
  it('is final only for a 5xx refusal of the recipient or the message', () => {
    expect(classifySendFailure({ code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO' })).toEqual({ permanent: true, words: 'the mail server refused the address (550).' });
    expect(classifySendFailure({ code: 'EMESSAGE', responseCode: 554, command: 'DATA' })).toEqual({ permanent: true, words: 'the mail server refused the message (554).' });
    for (const err of [
      { code: 'EENVELOPE', responseCode: 451, command: 'RCPT TO' },
      { code: 'EAUTH', responseCode: 535, command: 'AUTH PLAIN' },
      { code: 'EENVELOPE', responseCode: 550, command: 'MAIL FROM' },
      { code: 'ESOCKET', command: 'CONN' },
      { code: 'ETIMEDOUT', command: 'CONN' },
      { code: 'ETLS', command: 'CONN' },
      new Error('anything else'),
    ]) {
      expect(classifySendFailure(err).permanent, JSON.stringify(err)).toBe(false);
    }
  });

  it('never repeats the server’s reply, which may quote the address', () => {
    const err = { code: 'EENVELOPE', responseCode: 550, command: 'RCPT TO', response: '550 5.1.1 <ann.lee@example.com>: Recipient address rejected', message: 'Can’t send mail to ann.lee@example.com' };
    expect(JSON.stringify(classifySendFailure(err))).not.toContain('ann.lee');
  });
});
