import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ImbError,
  buildTrackingCode,
  formatTrackingDigits,
  imbBars,
  validateImbInput,
} from '../../../core/postal';
import { characters, codewords, frameCheckSequence, payloadValue } from '../../../core/postal/imb';
import { BAR_TO_CHARACTER, TABLE_2_OF_13, TABLE_5_OF_13, reverse13 } from '../../../core/postal/imb-tables';

const TRACKING = '01234567094987654321';

function thrown(run: () => unknown): ImbError {
  try {
    run();
  } catch (error) {
    if (error instanceof ImbError) return error;
    throw error;
  }
  throw new Error('expected an ImbError');
}

describe('imbBars: USPS-B-3200 published examples', () => {
  // The worked examples USPS publishes with the specification (tracking 01234567094987654321).
  it.each([
    ['', 'ATTFATTDTTADTAATTDTDTATTDAFDDFADFDFTFFFFFTATFAAAATDFFTDAADFTFDTDT'],
    ['01234', 'DTTAFADDTTFTDTFTFDTDDADADAFADFATDDFTAAAFDTTADFAAATDFDTDFADDDTDFFT'],
    ['012345678', 'ADFTTAFDTTTTFATTADTAAATFTFTATDAAAFDDADATATDTDTTDFDTDATADADTDFFTFA'],
    ['01234567891', 'AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA'],
  ])('routing "%s"', (routing, bars) => {
    expect(imbBars(TRACKING, routing)).toBe(bars);
  });

  it('treats an omitted routing code as none', () => {
    expect(imbBars(TRACKING)).toBe(imbBars(TRACKING, ''));
  });
});

describe('IMb encoding steps (USPS-B-3200 §2.2)', () => {
  it('builds the 5-of-13 and 2-of-13 tables with the right population', () => {
    expect(TABLE_5_OF_13).toHaveLength(1287);
    expect(TABLE_2_OF_13).toHaveLength(78);
    expect(new Set(TABLE_5_OF_13).size).toBe(1287);
    expect(new Set(TABLE_2_OF_13).size).toBe(78);
    const bits = (value: number) => value.toString(2).split('').filter((bit) => bit === '1').length;
    expect(TABLE_5_OF_13.every((value) => bits(value) === 5 && value < 8192)).toBe(true);
    expect(TABLE_2_OF_13.every((value) => bits(value) === 2 && value < 8192)).toBe(true);
  });

  it('pairs every non-palindromic character with its bit reversal', () => {
    // Palindromes sit at the top of each table; 5-of-13 has 15 of them, 2-of-13 has 6.
    const palindromes5 = TABLE_5_OF_13.filter((value) => reverse13(value) === value);
    expect(palindromes5).toHaveLength(15);
    expect(TABLE_5_OF_13.slice(-15)).toEqual([...palindromes5].sort((a, b) => b - a));
    for (let i = 0; i < 1287 - 15; i += 2) {
      expect(reverse13(TABLE_5_OF_13[i] ?? -1)).toBe(TABLE_5_OF_13[i + 1]);
    }
    expect(TABLE_2_OF_13.filter((value) => reverse13(value) === value)).toHaveLength(6);
    expect(TABLE_5_OF_13.slice(0, 4)).toEqual([31, 7936, 47, 7808]);
    expect(TABLE_2_OF_13.slice(0, 4)).toEqual([3, 6144, 5, 5120]);
  });

  it('maps every one of the 130 character bits to exactly one bar half', () => {
    expect(BAR_TO_CHARACTER).toHaveLength(65);
    const used = new Set<string>();
    for (const { descender, ascender } of BAR_TO_CHARACTER) {
      used.add(`${descender.character}:${descender.bit}`);
      used.add(`${ascender.character}:${ascender.bit}`);
    }
    expect(used.size).toBe(130);
  });

  it('reproduces the intermediate values of the worked example (routing 01234567891)', () => {
    // USPS-B-3200 walks this input through every step; these are its published intermediate values.
    const payload = payloadValue(TRACKING, '01234567891');
    expect(payload.toString(16).toUpperCase()).toBe('16907B2A24ABC16A2E5C004B1');
    const fcs = frameCheckSequence(payload);
    expect(fcs).toBe(0x751);
    const words = codewords(payload, fcs);
    expect(words).toEqual([673, 787, 607, 1022, 861, 19, 816, 1294, 35, 602]);
    expect(characters(words, fcs).map((c) => c.toString(16).toUpperCase().padStart(4, '0'))).toEqual([
      '0DCB', '085C', '08E4', '0B06', '06DD', '1740', '17C6', '1200', '123F', '1B2B',
    ]);
  });

  it('folds routing codes of each length into distinct payloads', () => {
    const payloads = ['', '01234', '012345678', '01234567891'].map((routing) => payloadValue(TRACKING, routing));
    expect(new Set(payloads.map(String)).size).toBe(4);
    expect(payloads.every((value) => value < 1n << 102n)).toBe(true);
  });
});

describe('imbBars input validation', () => {
  it.each([
    ['0123456709498765432', 'tracking'],
    ['012345670949876543210', 'tracking'],
    ['0123456709498765432A', 'tracking'],
    ['01234567094987654 21', 'tracking'],
    ['05234567094987654321', 'barcode_id'],
    ['09234567094987654321', 'barcode_id'],
  ])('rejects tracking "%s" (%s)', (tracking, code) => {
    const error = thrown(() => imbBars(tracking, ''));
    expect(error.code).toBe(code);
    expect(error.message).toContain(tracking);
  });

  it.each(['1', '1234', '123456', '12345678', '1234567890', '123456789012', '1234A', '12345-6789'])(
    'rejects routing "%s"',
    (routing) => {
      const error = thrown(() => imbBars(TRACKING, routing));
      expect(error.code).toBe('routing');
      expect(error.message).toBe(
        `Routing code "${routing}" must be empty or a 5-digit ZIP, 9-digit ZIP+4 or 11-digit ZIP+4+delivery point`,
      );
    },
  );

  it('validateImbInput reports every problem without throwing', () => {
    expect(validateImbInput(TRACKING, '01234')).toEqual([]);
    expect(validateImbInput('07', '123').map((issue) => issue.code)).toEqual(['tracking', 'routing']);
    expect(validateImbInput(undefined as unknown as string).map((issue) => issue.code)).toEqual(['tracking']);
  });
});

describe('buildTrackingCode', () => {
  it('pads the serial for a 6-digit mailer ID to 9 digits', () => {
    expect(buildTrackingCode({ barcodeId: '01', serviceTypeId: '234', mailerId: '567094', serial: '987654321' })).toBe(TRACKING);
    expect(buildTrackingCode({ barcodeId: '00', serviceTypeId: '270', mailerId: '123456', serial: '42' })).toBe(
      '00270123456000000042',
    );
  });

  it('pads the serial for a 9-digit mailer ID to 6 digits', () => {
    expect(buildTrackingCode({ barcodeId: '00', serviceTypeId: '300', mailerId: '901234567', serial: '7' })).toBe(
      '00300901234567000007',
    );
  });

  it.each([
    [{ barcodeId: '1', serviceTypeId: '234', mailerId: '567094', serial: '1' }, 'barcode_id'],
    [{ barcodeId: '05', serviceTypeId: '234', mailerId: '567094', serial: '1' }, 'barcode_id'],
    [{ barcodeId: '0A', serviceTypeId: '234', mailerId: '567094', serial: '1' }, 'barcode_id'],
    [{ barcodeId: '00', serviceTypeId: '34', mailerId: '567094', serial: '1' }, 'service_type_id'],
    [{ barcodeId: '00', serviceTypeId: '2345', mailerId: '567094', serial: '1' }, 'service_type_id'],
    [{ barcodeId: '00', serviceTypeId: '234', mailerId: '12345', serial: '1' }, 'mailer_id'],
    [{ barcodeId: '00', serviceTypeId: '234', mailerId: '923456', serial: '1' }, 'mailer_id'],
    [{ barcodeId: '00', serviceTypeId: '234', mailerId: '123456789', serial: '1' }, 'mailer_id'],
    [{ barcodeId: '00', serviceTypeId: '234', mailerId: '12345a', serial: '1' }, 'mailer_id'],
    [{ barcodeId: '00', serviceTypeId: '234', mailerId: '567094', serial: '1234567890' }, 'serial'],
    [{ barcodeId: '00', serviceTypeId: '234', mailerId: '912345678', serial: '1234567' }, 'serial'],
    [{ barcodeId: '00', serviceTypeId: '234', mailerId: '567094', serial: '' }, 'serial'],
    [{ barcodeId: '00', serviceTypeId: '234', mailerId: '567094', serial: '-1' }, 'serial'],
  ])('rejects %o with %s', (parts, code) => {
    const error = thrown(() => buildTrackingCode(parts));
    expect(error).toBeInstanceOf(Error);
    expect(error.name).toBe('ImbError');
    expect(error.code).toBe(code);
    expect(error.issues.map((issue) => issue.code)).toEqual([code]);
  });

  it('explains the mailer ID rule', () => {
    expect(thrown(() => buildTrackingCode({ barcodeId: '00', serviceTypeId: '234', mailerId: '923456', serial: '1' })).message).toBe(
      'Mailer ID "923456" has 6 digits, so it must not start with 9 (9-digit IDs start with 9)',
    );
    expect(thrown(() => buildTrackingCode({ barcodeId: '00', serviceTypeId: '234', mailerId: '123456789', serial: '1' })).message).toBe(
      'Mailer ID "123456789" has 9 digits, so it must start with 9',
    );
  });

  it('collects every issue', () => {
    const error = thrown(() => buildTrackingCode({ barcodeId: '7', serviceTypeId: 'x', mailerId: '', serial: 'y' }));
    expect(error.issues.map((issue) => issue.code)).toEqual(['barcode_id', 'service_type_id', 'mailer_id', 'serial']);
  });
});

describe('formatTrackingDigits', () => {
  it('groups the fields the way they are printed under the barcode', () => {
    expect(formatTrackingDigits(TRACKING, '01234567891')).toBe('01 234 567094 987654321 01234567891');
    expect(formatTrackingDigits(TRACKING)).toBe('01 234 567094 987654321');
    expect(formatTrackingDigits('00300901234567000007', '12345')).toBe('00 300 901234567 000007 12345');
  });

  it('rejects what imbBars rejects', () => {
    expect(thrown(() => formatTrackingDigits('123', '')).code).toBe('tracking');
    expect(thrown(() => formatTrackingDigits(TRACKING, '123')).code).toBe('routing');
  });
});

describe('imbBars properties', () => {
  const digits = (length: number) => fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: length, maxLength: length });
  const tracking = fc
    .tuple(digits(1), fc.constantFrom(...'01234'), digits(18))
    .map(([first, second, rest]) => first + second + rest);
  const routing = fc.oneof(fc.constant(''), digits(5), digits(9), digits(11));

  it('always yields 65 bars of F, A, D, T', () => {
    fc.assert(
      fc.property(tracking, routing, (t, r) => {
        expect(imbBars(t, r)).toMatch(/^[FADT]{65}$/);
      }),
      { numRuns: 300 },
    );
  });

  it('changing any one digit changes the bars', () => {
    fc.assert(
      fc.property(tracking, routing, fc.nat(19), (t, r, position) => {
        const limit = position === 1 ? 5 : 10;
        const changed = String((Number(t.charAt(position)) + 1) % limit);
        const other = t.slice(0, position) + changed + t.slice(position + 1);
        expect(imbBars(other, r)).not.toBe(imbBars(t, r));
      }),
      { numRuns: 200 },
    );
  });

  it('buildTrackingCode output always encodes and formats back to its parts', () => {
    const parts = fc.oneof(
      fc.record({
        barcodeId: tracking.map((t) => t.slice(0, 2)),
        serviceTypeId: digits(3),
        mailerId: fc.tuple(fc.constantFrom(...'012345678'), digits(5)).map(([a, b]) => a + b),
        serial: fc.integer({ min: 0, max: 999_999_999 }).map(String),
      }),
      fc.record({
        barcodeId: tracking.map((t) => t.slice(0, 2)),
        serviceTypeId: digits(3),
        mailerId: digits(8).map((rest) => `9${rest}`),
        serial: fc.integer({ min: 0, max: 999_999 }).map(String),
      }),
    );
    fc.assert(
      fc.property(parts, (p) => {
        const code = buildTrackingCode(p);
        expect(code).toMatch(/^[0-9]{20}$/);
        expect(imbBars(code)).toHaveLength(65);
        const [barcodeId, serviceTypeId, mailerId, serial] = formatTrackingDigits(code).split(' ');
        expect([barcodeId, serviceTypeId, mailerId, Number(serial)]).toEqual([p.barcodeId, p.serviceTypeId, p.mailerId, Number(p.serial)]);
      }),
      { numRuns: 300 },
    );
  });
});
