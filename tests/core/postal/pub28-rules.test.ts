/**
 * The Publication 28 rules issue 17 asked for, one describe per section:
 * §283 box alternatives, §241 rural routes, §35/§356 what sorting machines
 * read, §233 two-word directionals, §29 Puerto Rico house numbers; and the
 * property that normalizing stays idempotent with all of them in play.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  MAX_DELIVERY_LINE_CHARACTERS,
  MAX_DELIVERY_LINE_WORDS,
  fitsSortingMachines,
  normalizeAddress,
  type AddressInput,
  type NormalizeAddressResult,
  type NormalizedAddress,
} from '../../../core/postal';

const BASE = { city: 'Springfield', state: 'IL', zip: '62704' };
const SAN_JUAN = { city: 'San Juan', state: 'PR', zip: '00926' };

function ok(result: NormalizeAddressResult): NormalizedAddress {
  if (!result.ok) throw new Error(`expected a valid address, got ${JSON.stringify(result.errors)}`);
  return result;
}

const lines = (input: Partial<AddressInput>): [string | undefined, string] => {
  const result = ok(normalizeAddress({ ...BASE, line1: '', ...input }));
  return [result.secondaryLine, result.deliveryLine];
};

describe('Pub 28 §283: caller service, firm caller, bin, lockbox and drawer are PO boxes', () => {
  it.each([
    ['Caller 123', 'PO BOX 123'],
    ['Caller Box 123', 'PO BOX 123'],
    ['Firm Caller 45', 'PO BOX 45'],
    ['BIN 7', 'PO BOX 7'],
    ['Lockbox 12', 'PO BOX 12'],
    ['Lock Box 12', 'PO BOX 12'],
    ['Drawer 5', 'PO BOX 5'],
    ['Drawer No. 5', 'PO BOX 5'],
    ['P.O. Box Number 88', 'PO BOX 88'],
  ])('"%s" -> %s', (line1, expected) => {
    expect(lines({ line1 })).toEqual([undefined, expected]);
  });

  it('leaves streets that merely contain those words alone', () => {
    expect(lines({ line1: '12 Bin Street' })).toEqual([undefined, '12 BIN ST']);
    expect(lines({ line1: '40 Drawer Lane' })).toEqual([undefined, '40 DRAWER LN']);
    expect(lines({ line1: '9 Caller Road' })).toEqual([undefined, '9 CALLER RD']);
  });
});

describe('Pub 28 §241: rural routes are "RR n BOX m"', () => {
  it.each([
    ['Rural Route 2 Box 152', 'RR 2 BOX 152'],
    ['Rural Route No. 2 Box # 152', 'RR 2 BOX 152'],
    ['RR #2 Box 152', 'RR 2 BOX 152'],
    ['RR Number 2 Box No 152', 'RR 2 BOX 152'],
    ['R.R. 2, Box 152', 'RR 2 BOX 152'],
    ['RFD 2 Bx 152A', 'RR 2 BOX 152A'],
    ['RR2 Box 5', 'RR 2 BOX 5'],
    ['Highway Contract No 68 Box 23A', 'HC 68 BOX 23A'],
  ])('"%s" -> %s', (line1, expected) => {
    const [, delivery] = lines({ line1 });
    expect(delivery).toBe(expected);
    expect(delivery).not.toMatch(/RURAL|NUMBER|\bNO\b|#/);
  });
});

describe('Pub 28 §35/§356: the delivery line holds what sorting machines read', () => {
  it('reads at most 40 characters and 8 words', () => {
    expect(MAX_DELIVERY_LINE_CHARACTERS).toBe(40);
    expect(MAX_DELIVERY_LINE_WORDS).toBe(8);
    expect(fitsSortingMachines('X'.repeat(40))).toBe(true);
    expect(fitsSortingMachines('X'.repeat(41))).toBe(false);
    expect(fitsSortingMachines('1 2 3 4 5 6 7 8')).toBe(true);
    expect(fitsSortingMachines('1 2 3 4 5 6 7 8 9')).toBe(false);
  });

  it('moves the unit of a 46-character, 9-word line to the line above', () => {
    // "1234 MARTIN LUTHER KING JR MEMORIAL BLVD APT 4B" would be 46 characters and 9 words.
    expect(lines({ line1: '1234 Martin Luther King Jr. Memorial Boulevard, Apartment 4B' })).toEqual(['APT 4B', '1234 MARTIN LUTHER KING JR MEMORIAL BLVD']);
  });

  it('reads a moved line the same way again: "COURT TRLR N" stays a suffix and a directional, not trailer N', () => {
    // TRLR is both a street suffix and a unit designator; fast-check found the second pass reading it as a unit.
    const first = lines({ line1: '123 1/2 Main Main Court Trlrs North Apartment 1' });
    expect(first).toEqual(['APT 1', '123 1/2 MAIN MAIN COURT TRLR N']);
    expect(lines({ line1: first[1], line2: first[0] })).toEqual(first);
  });

  it('does not fold line 2 onto a delivery line it would push past the limit', () => {
    expect(lines({ line1: '1234 Martin Luther King Jr Memorial Blvd', line2: 'Apt 4B' })).toEqual(['APT 4B', '1234 MARTIN LUTHER KING JR MEMORIAL BLVD']);
    expect(lines({ line1: '40 Main St', line2: 'Apt 4B' })).toEqual([undefined, '40 MAIN ST APT 4B']);
  });

  it('refuses a line that still does not fit, with the reason in words for the rep', () => {
    const result = normalizeAddress({ ...BASE, line1: '12345 Northwest Extraordinarily Long Named Memorial Boulevard Apartment 4' });
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => [e.field, e.code])).toEqual([['line1', 'delivery_line_too_long']]);
    expect(errors[0]?.message).toBe(
      'Address line 1 "12345 NW EXTRAORDINARILY LONG NAMED MEMORIAL BLVD" is 49 characters and 7 words after standardizing; ' +
        'USPS sorting machines read at most 40 characters and 8 words on this line, so shorten it (the apartment or suite can go on line 2)',
    );
  });

  it('counts words too: nine short words are refused', () => {
    const result = normalizeAddress({ ...BASE, line1: '1 Old Mill Run Of The Big Bear Creek Rd' });
    expect(result.ok ? [] : result.errors.map((e) => e.code)).toEqual(['delivery_line_too_long']);
  });
});

describe('Pub 28 §233: two-word directionals', () => {
  it.each([
    ['123 North West Main Street', '123 NW MAIN ST'],
    ['123 South East Main Street', '123 SE MAIN ST'],
    ['123 Main Street North East', '123 MAIN ST NE'],
    ['123 Main Street South West Apt 2', '123 MAIN ST SW APT 2'],
    ['123 North West Main Street South East', '123 NW MAIN ST SE'],
  ])('"%s" -> %s', (line1, expected) => {
    expect(lines({ line1 })).toEqual([undefined, expected]);
  });

  it('keeps a directional that is the street’s own name', () => {
    expect(lines({ line1: '123 North West Street' })).toEqual([undefined, '123 N WEST ST']);
    expect(lines({ line1: '10 South East' })[1]).not.toBe('10 SE');
  });
});

describe('Pub 28 §29: Puerto Rico house numbers', () => {
  it.each([
    ['A-17 Calle Amapola', 'A17 CALLE AMAPOLA'],
    ['B-40 Calle 1', 'B40 CALLE 1'],
    ['A17 Calle 1', 'A17 CALLE 1'],
    ['Calle 19 Blq 199 Casa 31', '199-31 CALLE 19'],
    ['Calle 117 Bloque 23 Núm. 18', '23-18 CALLE 117'],
    ['Calle 5 Bloque 3 # 12', '3-12 CALLE 5'],
    ['585 Ave FD Roosevelt', '585 AVE FD ROOSEVELT'],
  ])('"%s" -> %s', (line1, expected) => {
    expect(lines({ ...SAN_JUAN, line1 })).toEqual([undefined, expected]);
  });

  it('keeps the urbanization on the line above the delivery line', () => {
    expect(lines({ ...SAN_JUAN, line1: 'A-17 Calle Amapola', line2: 'Urb. Las Gladiolas' })).toEqual(['URB LAS GLADIOLAS', 'A17 CALLE AMAPOLA']);
  });

  it('never turns CALLE into the suffix ST', () => {
    expect(lines({ ...SAN_JUAN, line1: '13 Calle 191' })).toEqual([undefined, '13 CALLE 191']);
  });

  it('applies only in Puerto Rico: elsewhere a hyphenated range is left as written', () => {
    expect(lines({ line1: 'A-17 Main St' })).toEqual([undefined, 'A-17 MAIN ST']);
  });
});

describe('Pub 28 normalization stays idempotent with every rule in play', () => {
  const casing = (text: string) => fc.constantFrom(text, text.toLowerCase(), text.toUpperCase());
  const number = fc.oneof(fc.integer({ min: 1, max: 99999 }).map(String), fc.constantFrom('A-17', 'B40', '12A', '112-10', '199-31'));
  const street = fc.oneof(
    fc.tuple(number, fc.constantFrom('North West', 'South East', 'North', 'west', ''), fc.constantFrom('Main', 'Martin Luther King Jr Memorial', 'Calle Amapola', 'Oak Hill'), fc.constantFrom('Street', 'Blvd', 'Avenue', ''), fc.constantFrom('South West', 'NE', ''), fc.constantFrom('Apartment 4B', '#12', 'Suite 1200', ''))
      .map((parts) => parts.filter((p) => p !== '').join(' ')),
    fc.tuple(fc.constantFrom('Caller', 'Firm Caller', 'Bin', 'Lockbox', 'Drawer', 'PO Box', 'Box'), fc.constantFrom('', 'No. ', '#'), fc.integer({ min: 1, max: 9999 })).map(([w, n, i]) => `${w} ${n}${i}`),
    fc.tuple(fc.constantFrom('Rural Route', 'RR', 'R.R.', 'RFD'), fc.constantFrom('', 'No ', '#', 'Number '), fc.integer({ min: 1, max: 99 }), fc.constantFrom('Box', 'Bx'), fc.constantFrom('', '#', 'No '), fc.integer({ min: 1, max: 999 }))
      .map(([r, n, i, b, m, j]) => `${r} ${n}${i} ${b} ${m}${j}`),
    fc.tuple(fc.constantFrom('Calle 19', 'Calle 117', 'Calle Amapola'), fc.constantFrom('Blq', 'Bloque'), fc.integer({ min: 1, max: 300 }), fc.constantFrom('Casa', 'Núm.', 'Lote', '#'), fc.integer({ min: 1, max: 99 }))
      .map(([c, b, i, h, j]) => `${c} ${b} ${i} ${h} ${j}`),
  );
  const address = fc.record({
    line1: street.chain(casing),
    line2: fc.option(fc.constantFrom('Apt 4B', 'Urb. Las Gladiolas', 'Suite 1200', '#7', 'c/o Jane Doe'), { nil: undefined }),
    place: fc.constantFrom(BASE, SAN_JUAN),
  });

  it('normalizing the result again changes nothing, and every accepted delivery line fits the machines', () => {
    let accepted = 0;
    fc.assert(
      fc.property(address, ({ line1, line2, place }) => {
        const result = normalizeAddress({ ...place, line1, ...(line2 === undefined ? {} : { line2 }) });
        if (!result.ok) {
          expect(result.errors.map((e) => e.code)).toEqual(['delivery_line_too_long']);
          return;
        }
        accepted++;
        expect(fitsSortingMachines(result.deliveryLine)).toBe(true);
        const again = normalizeAddress({ ...place, line1: result.line1, ...(result.line2 === null ? {} : { line2: result.line2 }) });
        expect(again).toEqual(result);
      }),
      { numRuns: 3000 },
    );
    // Most of these are short enough to print: the property ran on accepted addresses, not only on refusals.
    expect(accepted).toBeGreaterThan(2000);
  });
});
