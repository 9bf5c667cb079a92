import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  normalizeAddress,
  PUB28_C2_UNITS,
  PUB28_DIRECTIONALS,
  PUB28_STATES,
  SUFFIX_ABBREVIATIONS,
  type AddressInput,
  type NormalizedAddress,
} from '../../../core/postal';

/** Any text at all: arbitrary code units (lone surrogates included), graphemes, and address-ish noise. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: fc.constantFrom(...'0123456789 -#/.,\'½ÉéßNSEW'), maxLength: 30 }),
  fc.string({ maxLength: 120 }),
  fc.constantFrom('', ' ', '#', '-', '1/2', 'PO BOX', 'APT', 'RR', '\u0000', '\uD800', '\uDFFF', 'ｅ', '\u0301'),
);

function normalizedAgain(result: NormalizedAddress): ReturnType<typeof normalizeAddress> {
  return normalizeAddress({
    line1: result.line1,
    ...(result.line2 === null ? {} : { line2: result.line2 }),
    city: result.city,
    state: result.state,
    zip: result.zip4 === null ? result.zip5 : `${result.zip5}-${result.zip4}`,
  });
}

describe('normalizeAddress never throws', () => {
  it('for arbitrary strings in every field', () => {
    fc.assert(
      fc.property(anyText, fc.option(anyText, { nil: undefined }), anyText, anyText, anyText, (line1, line2, city, state, zip) => {
        const input: AddressInput = { line1, city, state, zip, ...(line2 === undefined ? {} : { line2 }) };
        const result = normalizeAddress(input);
        if (result.ok) {
          expect(result.deliveryLine.length).toBeLessThanOrEqual(64);
          expect(result.deliveryLine).toMatch(/^[A-Z0-9#/.-]+(?: [A-Z0-9#/.-]+)*$/);
          expect(result.lastLine).toMatch(/^[A-Z0-9]+(?: [A-Z0-9]+)* [A-Z]{2} {2}[0-9]{5}(?:-[0-9]{4})?$/);
        } else {
          expect(result.errors.length).toBeGreaterThan(0);
          for (const error of result.errors) expect(error.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('is idempotent on whatever it accepts, even from arbitrary text', () => {
    fc.assert(
      fc.property(anyText, fc.option(anyText, { nil: undefined }), (line1, line2) => {
        const result = normalizeAddress({ line1, city: 'Reno', state: 'NV', zip: '89501', ...(line2 === undefined ? {} : { line2 }) });
        if (result.ok) expect(normalizedAgain(result)).toEqual(result);
      }),
      {
        numRuns: 2000,
        // Counterexamples fast-check found while this was written; kept so they stay fixed.
        examples: [
          ['##0', undefined],
          ['#0#0', undefined],
          ['0', '0#'],
          ['APT # # 1', undefined],
          ['# BOX # 1/2', undefined],
          ['N N # FRONT', undefined],
          ['1 MAIN NORTH TRLRS NORTH', undefined],
          ['123 NORTH STREET APT NORTH', undefined],
        ],
      },
    );
  });
});

/** Realistic addresses written the way customers write them: mixed case, full words, stray punctuation. */
const suffixSpellings = [...SUFFIX_ABBREVIATIONS.keys()];
const directionalSpellings = PUB28_DIRECTIONALS.flat();
const unitSpellings = PUB28_C2_UNITS.flatMap((unit) => [unit.name, unit.abbreviation]);
const stateSpellings = PUB28_STATES.flat();
const nameWords = [
  'Main', 'Oak', 'Martin Luther King Jr', "O'Hare", 'Saint-Denis', 'Peñasco', 'Elm', 'Broadway', 'Park', 'Lake',
  'Court', 'Avenue', 'North', 'Rear', 'Key', 'Lot', '5th', '42nd', 'Los Álamos', 'Mill Creek', 'Highway',
];

const randomCase = (text: string) =>
  fc.constantFrom('upper', 'lower', 'title').map((style) =>
    style === 'upper' ? text.toUpperCase() : style === 'lower' ? text.toLowerCase() : text.replace(/\w+/g, (w) => w.charAt(0).toUpperCase() + w.slice(1).toLowerCase()),
  );

const cased = (values: readonly string[]) => fc.constantFrom(...values).chain(randomCase);
const punctuation = fc.constantFrom('', '.', ',', ' ', '  ');

const line1 = fc
  .record({
    number: fc.oneof(fc.integer({ min: 1, max: 99999 }).map(String), fc.constantFrom('123 1/2', '112-10', '39.2', '12A')),
    pre: fc.option(cased(directionalSpellings), { nil: undefined }),
    name: fc.array(cased(nameWords), { minLength: 1, maxLength: 3 }),
    suffix: fc.option(cased(suffixSpellings), { nil: undefined }),
    post: fc.option(cased(directionalSpellings), { nil: undefined }),
    unit: fc.option(fc.tuple(cased(unitSpellings), fc.constantFrom('1', '4B', '200', 'C', '12-A', '#3')), { nil: undefined }),
    mark: punctuation,
  })
  .map(({ number, pre, name, suffix, post, unit, mark }) =>
    [number, pre, ...name, suffix === undefined ? undefined : suffix + mark, post, unit?.join(' ')]
      .filter((part) => part !== undefined)
      .join(' '),
  );

const poBox = fc
  .tuple(fc.constantFrom('PO Box', 'P.O. Box', 'post office box', 'POB', 'Box'), fc.integer({ min: 1, max: 99999 }))
  .map(([prefix, number]) => `${prefix} ${number}`);

const line2 = fc.option(
  fc.oneof(
    fc.tuple(cased(unitSpellings), fc.constantFrom('1', '4B', '#7', '# 7', '12-A')).map((parts) => parts.join(' ')),
    fc.constantFrom('#5', '5', 'Rear', 'c/o Jane Doe', 'Attn: Receiving', 'Bldg 5, Apt 3'),
  ),
  { nil: undefined },
);

const zip = fc
  .tuple(fc.integer({ min: 0, max: 99999 }), fc.option(fc.integer({ min: 0, max: 9999 }), { nil: undefined }), fc.constantFrom('-', '', ' - '))
  .map(([five, four, separator]) => String(five).padStart(5, '0') + (four === undefined ? '' : separator + String(four).padStart(4, '0')));

const validAddress = fc.record({
  line1: fc.oneof({ weight: 4, arbitrary: line1 }, { weight: 1, arbitrary: poBox }),
  line2,
  city: cased(['Springfield', 'St. Louis', "Coeur d'Alene", 'Wilkes-Barre', 'San Germán', 'New York']),
  state: cased(stateSpellings.filter((s) => !['AA', 'AE', 'AP'].includes(s) && !s.startsWith('ARMED'))),
  zip,
});

describe('normalizeAddress on realistic addresses', () => {
  it('accepts them and is idempotent', () => {
    fc.assert(
      fc.property(validAddress, ({ line2: second, ...rest }) => {
        const result = normalizeAddress({ ...rest, ...(second === undefined ? {} : { line2: second }) });
        if (!result.ok) {
          // The only legitimate rejections for these inputs are lines too long: over 64 characters,
          // or a delivery line over what sorting machines read (Pub 28 §35) with no unit to move up.
          expect(result.errors.every((error) => error.code === 'too_long' || error.code === 'delivery_line_too_long')).toBe(true);
          return;
        }
        expect(normalizedAgain(result)).toEqual(result);
        expect(result.deliveryLine).toBe(result.line1);
        expect(result.deliveryLine).not.toMatch(/ {2}|[a-z,]/);
        expect(result.lastLine.endsWith(`${result.state}  ${result.zip5}${result.zip4 === null ? '' : `-${result.zip4}`}`)).toBe(true);
        if (result.secondaryLine !== undefined) expect(result.line2).toBe(result.secondaryLine);
        else expect(result.line2).toBeNull();
      }),
      { numRuns: 3000 },
    );
  });
  it('reads a line whose unit moved up for length the way the next reading will (a second unit left at its end)', () => {
    // Found by the property above (seed 490358286): "LOT NORTH" ended the street only once "APARTMENT 1" had moved up.
    const result = normalizeAddress({ line1: '1 NORTH MILL CREEK AVENUE LOT NORTH APARTMENT 1', city: 'SPRINGFIELD', state: 'ALABAMA', zip: '00000' });
    if (!result.ok) throw new Error(`refused: ${JSON.stringify(result.errors)}`);
    expect(result).toMatchObject({ deliveryLine: '1 N MILL CREEK AVE LOT N', secondaryLine: 'APT 1' });
    expect(normalizedAgain(result)).toEqual(result);
  });
});
