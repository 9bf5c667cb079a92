/** Field formats the postal, packing and lookup code will rely on. */
import { describe, expect, it } from 'vitest';
import { ROLES } from '../../core/roles';
import { normalizeAddress, PUB28_STATES } from '../../core/postal';
import { DISTRIBUTION_CENTERS } from '../../core/demo/reference/places';
import { DEMO_STAFF } from '../../core/demo/staff';
import { demoFor, rowsOf } from './helpers';

const demo = demoFor('packing-day');

describe('addresses look like the mail stream', () => {
  const addresses = rowsOf(demoFor('small', { customers: 5000, shipments: 0 }), 'addresses');
  const uspsStates = new Set(PUB28_STATES.map(([, code]) => code));

  it('use real state codes, 5-digit ZIPs and 4-digit add-ons', () => {
    for (const a of addresses) {
      expect(uspsStates.has(a.state), a.state).toBe(true);
      expect(a.zip5).toMatch(/^\d{5}$/);
      expect(a.zip4).toMatch(/^\d{4}$/);
      expect(a.line1).toMatch(/^[A-Z0-9# ]+$/);
    }
    // Customers live all over the country, not in a handful of states.
    expect(new Set(addresses.map((a) => a.state)).size).toBeGreaterThan(40);
  });

  it('store exactly what the Pub 28 normalizer makes of what the customer typed', () => {
    for (const a of addresses) {
      const typed = JSON.parse(a.raw!) as { line1: string; line2?: string; city: string; state: string; zip: string };
      const result = normalizeAddress(typed);
      expect(result.ok, a.raw!).toBe(true);
      if (!result.ok) continue;
      expect({ line1: result.line1, line2: result.line2, city: result.city, state: result.state, zip5: result.zip5 }, a.raw!).toEqual({
        line1: a.line1, line2: a.line2, city: a.city, state: a.state, zip5: a.zip5,
      });
      if (typed.zip.includes('-')) expect(result.zip4).toBe(a.zip4);
    }
  });

  it('include apartments and suites, and typed forms that differ from the stored one', () => {
    expect(addresses.some((a) => / APT \w+$/.test(a.line1))).toBe(true);
    expect(addresses.some((a) => / STE \d+$/.test(a.line1))).toBe(true);
    expect(addresses.filter((a) => JSON.parse(a.raw!).line1 !== a.line1).length).toBeGreaterThan(addresses.length * 0.9);
  });
});

describe('names are realistic and varied', () => {
  const customers = rowsOf(demoFor('small', { customers: 5000, shipments: 0 }), 'customers');

  it('include accented and non-Latin names', () => {
    expect(customers.some((c) => /[À-ÿ]/.test(c.full_name))).toBe(true);
    expect(customers.some((c) => /\p{Script=Han}|\p{Script=Hangul}|\p{Script=Cyrillic}|\p{Script=Greek}|\p{Script=Arabic}/u.test(c.full_name))).toBe(true);
  });

  it('derive the email from the name', () => {
    const plain = customers.filter((c) => /^[A-Za-z]+ [A-Za-z]+$/.test(c.full_name));
    const derived = plain.filter((c) => c.email.includes(c.full_name.split(' ')[1]!.toLowerCase()));
    expect(derived.length / plain.length).toBeGreaterThan(0.9);
  });
});

describe('identifiers are unique and scan cleanly', () => {
  it('numbers orders SH + 9 digits, uniquely', () => {
    const numbers = rowsOf(demo, 'shipments').map((s) => s.order_number);
    for (const n of numbers) expect(n).toMatch(/^SH\d{9}$/);
    expect(new Set(numbers).size).toBe(numbers.length);
  });

  it('gives every disc a unique BLD barcode and aliases that never collide with one', () => {
    const barcodes = rowsOf(demo, 'discs').map((d) => d.barcode);
    for (const b of barcodes) expect(b).toMatch(/^BLD\d{9}$/);
    expect(new Set(barcodes).size).toBe(barcodes.length);
    const aliases = rowsOf(demo, 'disc_barcodes').map((a) => a.alias);
    expect(aliases.length).toBeGreaterThan(0);
    expect(new Set(aliases).size).toBe(aliases.length);
    const all = new Set(barcodes);
    for (const a of aliases) expect(all.has(a)).toBe(false);
  });

  it('gives popular titles more copies', () => {
    const titles = rowsOf(demo, 'titles').sort((a, b) => b.popularity - a.popularity);
    const copies = new Map<number, number>();
    for (const d of demo.rows('discs')) copies.set(d.title_id, (copies.get(d.title_id) ?? 0) + 1);
    const top = titles.slice(0, 10).reduce((s, t) => s + copies.get(t.id)!, 0);
    const bottom = titles.slice(-10).reduce((s, t) => s + copies.get(t.id)!, 0);
    expect(top).toBeGreaterThan(2 * bottom);
    for (const t of titles) expect(copies.get(t.id)).toBeGreaterThanOrEqual(DISTRIBUTION_CENTERS.length);
  });
});

describe('reference data', () => {
  it('has at least three real distribution centers with valid 6-digit mailer ids', () => {
    const dcs = rowsOf(demo, 'distribution_centers');
    expect(dcs.length).toBeGreaterThanOrEqual(3);
    for (const dc of dcs) {
      expect(dc.mailer_id).toMatch(/^[0-8]\d{5}$/);
      expect(() => new Intl.DateTimeFormat('en-US', { timeZone: dc.timezone })).not.toThrow();
      expect(dc.zip5).toMatch(/^\d{5}$/);
    }
    expect(new Set(dcs.map((d) => d.mailer_id)).size).toBe(dcs.length);
  });

  it('has a packing queue at every DC on a packing day', () => {
    const open = rowsOf(demo, 'shipments').filter((s) => s.status === 'allocated');
    expect(new Set(open.map((s) => s.dc)).size).toBe(DISTRIBUTION_CENTERS.length);
  });

  it('has demo staff for every role and a warehouse user at every DC', () => {
    const staff = rowsOf(demo, 'staff');
    expect(new Set(staff.map((s) => s.role))).toEqual(new Set(ROLES));
    for (const dc of DISTRIBUTION_CENTERS) expect(staff.some((s) => s.role === 'warehouse' && s.home_dc === dc.code), dc.code).toBe(true);
    expect(staff.map((s) => s.id)).toEqual(DEMO_STAFF.map((s) => `stf_${s.username}`));
    expect(DEMO_STAFF.find((s) => s.username === 'wanda')).toMatchObject({ role: 'warehouse', secret: '1111', homeDc: 'SJC' });
  });

  it('rates titles plausibly for their year', () => {
    for (const t of rowsOf(demo, 'titles')) {
      expect(t.year).toBeGreaterThanOrEqual(1930);
      expect(t.year).toBeLessThanOrEqual(2006);
      expect(['G', 'PG', 'PG-13', 'R', 'NC-17', 'NR']).toContain(t.rating);
      if (t.rating === 'PG-13') expect(t.year).toBeGreaterThanOrEqual(1984);
      if (t.rating === 'NC-17') expect(t.year).toBeGreaterThanOrEqual(1990);
      expect(t.runtime_minutes).toBeGreaterThanOrEqual(60);
    }
  });
});
