/**
 * The central office's limit on replacements (issue 15 item 5) and the email
 * that tells the customer: what counts toward the limit, and that the email
 * speaks of the order and nothing else (policy: email is for the status of
 * orders; marketing has its own consent).
 */
import { describe, expect, it } from 'vitest';
import { PROBLEM_KINDS, REPLACEMENTS_WITHOUT_APPROVAL, REPLACEMENT_WINDOW_DAYS, problemEmail, replacementNeedsApproval } from '../../core/customers/replacement-policy';

const AT = '2026-06-30T12:00:00.000Z';
const daysBefore = (n: number) => new Date(Date.parse(AT) - n * 86_400_000).toISOString();

describe('replacements before a supervisor must approve', () => {
  it(`${REPLACEMENTS_WITHOUT_APPROVAL} replacements in ${REPLACEMENT_WINDOW_DAYS} days are allowed; one more needs a supervisor`, () => {
    expect(replacementNeedsApproval([], AT)).toBe(false);
    expect(replacementNeedsApproval([daysBefore(3)], AT)).toBe(false);
    expect(replacementNeedsApproval([daysBefore(3), daysBefore(60)], AT)).toBe(true);
  });

  it('replacements older than the window no longer count', () => {
    expect(replacementNeedsApproval([daysBefore(3), daysBefore(REPLACEMENT_WINDOW_DAYS + 1)], AT)).toBe(false);
    expect(replacementNeedsApproval([daysBefore(REPLACEMENT_WINDOW_DAYS + 1), daysBefore(200)], AT)).toBe(false);
  });
});

describe('the email that tells the customer', () => {
  it('names the order and the title, says what happens next, and offers nothing', () => {
    for (const kind of PROBLEM_KINDS) {
      for (const state of ['replacement_allocated', 'no_replacement', 'refused'] as const) {
        const mail = problemEmail({ kind, state, orderNumber: 'SH000000123', titleName: 'Heat', replacementTitleName: state === 'replacement_allocated' ? 'Heat' : null });
        expect(mail.subject).toBe('About your order SH000000123');
        expect(mail.body).toContain('SH000000123');
        expect(mail.body).toContain('Heat');
        expect(mail.body).not.toMatch(/offer|promotion|newsletter|survey|partner|https?:|@/i);
      }
    }
    expect(problemEmail({ kind: 'not_received', state: 'replacement_allocated', orderNumber: 'SH1', titleName: 'Heat', replacementTitleName: 'Ronin' }).body).toContain('next title in your queue, Ronin');
  });
});
