/** The privacy policy's promises as they show in the demo data. */
import { describe, expect, it } from 'vitest';
import { registrationPreferences } from '../../core/demo/derive';
import { DEMO_POLICY_VERSION } from '../../core/demo/options';
import type { ConsentEventRow, PreferenceField } from '../../core/demo/rows';
import { demoFor, rowsOf } from './helpers';

// Enough customers for the shares to settle; no shipments keeps it fast.
const demo = demoFor('small', { customers: 3000, shipments: 0 });
const customers = rowsOf(demo, 'customers');
const preferences = rowsOf(demo, 'preferences');
const events = rowsOf(demo, 'consent_events');
const eventsByCustomer = new Map<number, ConsentEventRow[]>();
for (const e of events) eventsByCustomer.set(e.customer_id, [...(eventsByCustomer.get(e.customer_id) ?? []), e]);

describe('preferences follow the policy', () => {
  it('subscribes a customer who never changed anything to every email publication, partner mailings not excluded', () => {
    const untouched = preferences.filter((p) => !eventsByCustomer.has(p.customer_id));
    expect(untouched.length).toBeGreaterThan(customers.length / 2);
    for (const p of untouched) {
      expect(p).toMatchObject({ email_newsletter: true, email_offers: true, email_promotions: true, email_surveys: true, postal_offers: true, partner_mailings_excluded: false });
      expect(p.version).toBe(1);
    }
  });

  it('records a consent event for every preference that differs from registration, matching its value', () => {
    const defaults = registrationPreferences();
    for (const p of preferences) {
      const history = eventsByCustomer.get(p.customer_id) ?? [];
      for (const field of Object.keys(defaults) as PreferenceField[]) {
        const last = history.filter((e) => e.field === field).at(-1);
        if (p[field] !== defaults[field]) expect(last?.new_value, `${p.customer_id}.${field}`).toBe(String(p[field]));
        if (last) expect(last.new_value).toBe(String(p[field]));
      }
      expect(p.version).toBe(1 + history.length);
    }
  });

  it('chains each field change from its previous value, in time order', () => {
    for (const history of eventsByCustomer.values()) {
      const current: Record<string, string> = Object.fromEntries(Object.entries(registrationPreferences()).map(([k, v]) => [k, String(v)]));
      let previousAt = '';
      for (const e of history) {
        expect(e.old_value).toBe(current[e.field]);
        current[e.field] = e.new_value!;
        expect(e.at > previousAt).toBe(true);
        previousAt = e.at;
      }
    }
  });

  it('has about a fifth of customers change something, online under the current policy version', () => {
    const share = eventsByCustomer.size / customers.length;
    expect(share).toBeGreaterThan(0.15);
    expect(share).toBeLessThan(0.25);
    expect(events.some((e) => e.field === 'partner_mailings_excluded' && e.new_value === 'true')).toBe(true);
    for (const e of events) {
      expect(e).toMatchObject({ channel: 'web', staff_id: null, policy_version: DEMO_POLICY_VERSION });
      expect(e.id).toMatch(/^[0-9A-HJKMNP-TV-Z]{26}$/);
    }
    expect(new Set(events.map((e) => e.id)).size).toBe(events.length);
  });
});

describe('customers follow the policy', () => {
  it('leaves a few customers without age certification (they cannot rent) and closes a few accounts', () => {
    const uncertified = customers.filter((c) => c.age_certified_at === null).length / customers.length;
    expect(uncertified).toBeGreaterThan(0.002);
    expect(uncertified).toBeLessThan(0.03);
    const closed = customers.filter((c) => c.status === 'closed').length / customers.length;
    expect(closed).toBeGreaterThan(0.01);
    expect(closed).toBeLessThan(0.06);
  });

  it('registers everyone under the 2003-06 policy, with 1 to 4 discs out', () => {
    for (const c of customers) {
      expect(c.policy_version).toBe('2003-06');
      expect(c.plan_discs_out).toBeGreaterThanOrEqual(1);
      expect(c.plan_discs_out).toBeLessThanOrEqual(4);
      if (c.age_certified_at) expect(c.age_certified_at >= c.created_at).toBe(true);
    }
  });

  it('gives every reviewer a unique pseudonym that does not contain their name', () => {
    expect(new Set(customers.map((c) => c.pseudonym)).size).toBe(customers.length);
    for (const c of customers) {
      const last = c.full_name.split(' ').at(-1)!.toLowerCase();
      expect(c.pseudonym.toLowerCase()).not.toContain(last);
    }
  });
});
