/** policy: a full card number is never stored, anywhere; contact data is fictional and reserved. */
import { describe, expect, it } from 'vitest';
import { demoFor, rowsOf, DEMO_NOW } from './helpers';

const demo = demoFor('small');

describe('demo data never carries a card number', () => {
  it('has no run of 13 to 19 digits in any row of any table', () => {
    const cardLike = /\d{13,19}/;
    for (const table of demo.tables) {
      for (const row of demo.rows(table)) {
        for (const value of Object.values(row)) {
          if (typeof value === 'string') expect(cardLike.test(value), `${table}: ${value}`).toBe(false);
        }
      }
    }
  });

  it('keeps only a processor token, the brand, the last four digits and a future expiry', () => {
    const large = demoFor('small', { customers: 5000, shipments: 0 });
    const thisMonth = DEMO_NOW.getUTCFullYear() * 12 + DEMO_NOW.getUTCMonth() + 1;
    for (const p of large.rows('payment_methods')) {
      expect(p.processor_token).toMatch(/^tok_demo_[A-Za-z0-9]{24}$/);
      expect(p.processor_token).not.toMatch(/\d{13}/);
      expect(['visa', 'mastercard', 'amex', 'discover']).toContain(p.brand);
      expect(p.last4).toMatch(/^\d{4}$/);
      expect(p.exp_year * 12 + p.exp_month).toBeGreaterThan(thisMonth);
    }
  });
});

describe('demo contact data is fictional', () => {
  const customers = rowsOf(demo, 'customers');

  it('uses only the reserved example.com, example.net and example.org domains', () => {
    for (const c of customers) expect(c.email).toMatch(/^[a-z0-9._]+@example\.(com|net|org)$/);
    for (const a of rowsOf(demo, 'affiliates')) {
      expect(a.site_url).toMatch(/^https:\/\/[a-z0-9-]+\.example\.(com|net|org)\/$/);
      expect(a.primary_contact).toMatch(/@[a-z0-9-]+\.example\.(com|net|org)>$/);
      expect(a.technical_contact).toMatch(/@[a-z0-9-]+\.example\.(com|net|org)>$/);
    }
  });

  it('uses only the 555-0100..0199 lines reserved for fiction, in E.164', () => {
    const phones = customers.map((c) => c.phone).filter((p) => p !== null);
    expect(phones.length).toBeGreaterThan(customers.length * 0.9);
    for (const p of phones) expect(p).toMatch(/^\+1[2-9]\d{2}55501\d{2}$/);
  });

  it('gives every customer a unique email', () => {
    const big = rowsOf(demoFor('small', { customers: 20_000, shipments: 0 }), 'customers');
    expect(new Set(big.map((c) => c.email)).size).toBe(big.length);
  });
});

describe('reviews give moderation something to catch', () => {
  const reviews = rowsOf(demoFor('small', { customers: 4000, shipments: 24_000 }), 'reviews');
  const personalInfo = /@|\(\d{3}\) 555-01\d\d| at example dot com|five five five| I live at | - \S/;

  it('leaks personal information in about one review in ten, each still pending', () => {
    const leaking = reviews.filter((r) => personalInfo.test(r.body));
    expect(leaking.length / reviews.length).toBeGreaterThan(0.04);
    expect(leaking.length / reviews.length).toBeLessThan(0.2);
    for (const r of leaking) expect(r.moderation_state).toBe('pending');
  });

  it('approves only older reviews without personal information', () => {
    const approved = reviews.filter((r) => r.moderation_state === 'approved');
    expect(approved.length).toBeGreaterThan(0);
    for (const r of approved) {
      expect(r.body).not.toMatch(personalInfo);
      expect(Date.parse(r.created_at)).toBeLessThan(DEMO_NOW.getTime() - 14 * 86_400_000);
    }
  });
});
