import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkCard, detectBrand, luhnValid, maskCard } from '../../../core/payments/card';
import { formatPhone, normalizePhone } from '../../../core/contact/phone';
import { EmailSchema } from '../../../core/contact/email';
import { callerMatches, CallerCheckInputSchema } from '../../../core/customers/caller-check';

const NOW = new Date('2026-11-29T12:00:00Z');

describe('card checks in the form', () => {
  it.each([
    ['4111 1111 1111 1111', 'visa'],
    ['5555-5555-5555-4444', 'mastercard'],
    ['2223003122003222', 'mastercard'],
    ['378282246310005', 'amex'],
    ['6011111111111117', 'discover'],
  ])('accepts the processor test number %s as %s', (number, brand) => {
    const result = checkCard({ number, expMonth: 12, expYear: 2030 }, NOW);
    expect(result).toMatchObject({ ok: true, brand, last4: number.replace(/\D/g, '').slice(-4) });
  });

  it('refuses a mistyped number with a message a rep can read to the caller', () => {
    const result = checkCard({ number: '4111 1111 1111 1112', expMonth: 12, expYear: 2030 }, NOW);
    expect(result.ok).toBe(false);
    expect(result.errors[0]).toEqual({ field: 'number', message: 'This card number is mistyped (check digit does not match).' });
  });

  it('refuses an expired card but accepts one expiring this month', () => {
    expect(checkCard({ number: '4111111111111111', expMonth: 10, expYear: 2026 }, NOW).errors[0]?.message).toBe('This card has expired.');
    expect(checkCard({ number: '4111111111111111', expMonth: 11, expYear: 26 }, NOW).ok).toBe(true);
  });

  it('refuses unknown brands and wrong lengths', () => {
    expect(checkCard({ number: '9999999999999995', expMonth: 1, expYear: 2030 }, NOW).ok).toBe(false);
    expect(checkCard({ number: '41111111111111', expMonth: 1, expYear: 2030 }, NOW).ok).toBe(false);
    expect(detectBrand('')).toBeNull();
  });

  it('Luhn: changing any one digit of a valid number breaks it', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 15 }), fc.integer({ min: 1, max: 9 }), (pos, delta) => {
        const n = '4111111111111111'.split('');
        n[pos] = String((Number(n[pos]) + delta) % 10);
        return !luhnValid(n.join(''));
      }),
    );
  });

  it('shows a card as brand and last 4 only', () => {
    expect(maskCard('visa', '1111')).toBe('VISA ending 1111');
  });
});

describe('phone and email', () => {
  it('normalizes any common US format to the same E.164 number', () => {
    for (const s of ['(408) 555-0123', '408.555.0123', '+1 408 555 0123', '1-408-555-0123', '4085550123']) {
      expect(normalizePhone(s)).toEqual({ ok: true, e164: '+14085550123' });
    }
    expect(formatPhone('+14085550123')).toBe('(408) 555-0123');
  });

  it('refuses what is not a phone number, with the reason', () => {
    expect(normalizePhone('12')).toMatchObject({ ok: false });
    expect(normalizePhone('')).toEqual({ ok: false, message: 'Enter a phone number.' });
  });

  it('lower-cases emails and refuses malformed ones', () => {
    expect(EmailSchema.parse('  Jose.Nunez@Example.COM ')).toBe('jose.nunez@example.com');
    expect(EmailSchema.safeParse('jose at example dot com').success).toBe(false);
  });
});

describe('caller identity check', () => {
  const onFile = { zip5: '95113', cardLast4: '4242', email: 'jose@example.com' };
  it('passes on ZIP + last 4 or on the email on file', () => {
    expect(callerMatches(CallerCheckInputSchema.parse({ customerId: 1, method: 'zip_and_card', zip: '95113', cardLast4: '4242' }), onFile)).toBe(true);
    expect(callerMatches(CallerCheckInputSchema.parse({ customerId: 1, method: 'email', email: 'JOSE@example.com' }), onFile)).toBe(true);
  });
  it('fails on one wrong fact', () => {
    expect(callerMatches(CallerCheckInputSchema.parse({ customerId: 1, method: 'zip_and_card', zip: '95113', cardLast4: '4241' }), onFile)).toBe(false);
    expect(callerMatches(CallerCheckInputSchema.parse({ customerId: 1, method: 'zip_and_card', zip: '95114', cardLast4: '4242' }), { ...onFile })).toBe(false);
  });
  it('asks for both facts of a ZIP + card check', () => {
    expect(CallerCheckInputSchema.safeParse({ customerId: 1, method: 'zip_and_card', zip: '95113' }).success).toBe(false);
  });
});
