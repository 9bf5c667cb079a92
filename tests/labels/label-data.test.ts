import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelDataSchema, buildLabelData, labelRefusal, renderZpl } from '../../core/labels';
import { buildTrackingCode, normalizeAddress } from '../../core/postal';
import { CELINE, SJC, celineInput, celineLabel, demoLabelCases } from './fixtures';

describe('buildLabelData from the seed scenario', () => {
  const cases = demoLabelCases(300);

  it('builds a label for every shipment of the small scenario, with Pub 28 lines and ZIP+4 routing', () => {
    expect(cases.length).toBe(300);
    for (const { input, shipment, dc } of cases) {
      const result = buildLabelData(input);
      if (!result.ok) throw new Error(`${shipment.order_number}: ${result.errors.map((e) => e.message).join('; ')}`);
      const { label } = result;
      const expected = normalizeAddress({
        line1: shipment.ship_line1,
        line2: shipment.ship_line2 ?? null,
        city: shipment.ship_city,
        state: shipment.ship_state,
        zip: shipment.ship_zip4 ? `${shipment.ship_zip5}-${shipment.ship_zip4}` : shipment.ship_zip5,
      });
      if (!expected.ok) throw new Error('demo address should normalize');
      expect(label.deliveryAddress.deliveryLine).toBe(expected.deliveryLine);
      expect(label.deliveryAddress.lastLine).toBe(expected.lastLine);
      expect(label.deliveryAddress.name).toMatch(/^[\x20-\x7E]+$/);
      expect(label.deliveryAddress.name).toBe(label.deliveryAddress.name.toUpperCase());
      expect(label.imb.routing).toBe(shipment.ship_zip5 + (shipment.ship_zip4 ?? ''));
      expect(label.imb.tracking).toBe(buildTrackingCode({ barcodeId: '00', serviceTypeId: '300', mailerId: dc.mailer_id!, serial: input.serial }));
      expect(label.orderNumber).toBe(shipment.order_number);
      expect(label.returnAddress.lastLine).toMatch(/^[A-Z ]+ [A-Z]{2} {2}\d{5}(-\d{4})?$/);
      expect(LabelDataSchema.safeParse(label).success).toBe(true);
    }
  });

  it('folds diacritics in the recipient name to the ASCII USPS prints', () => {
    expect(celineLabel().deliveryAddress.name).toBe('CELINE HARRISON');
  });

  it('keeps a name’s apostrophes and hyphens but drops a backslash, which a Zebra font cannot print', () => {
    expect(celineLabel({ shipment: { ...CELINE, ship_name: "Mary-Kate O'Brien \\ Jr." } }).deliveryAddress.name).toBe("MARY-KATE O'BRIEN JR.");
  });
});

describe('buildLabelData routing code (USPS-B-3200 §2.1.3)', () => {
  it('is ZIP + ZIP+4 + delivery point when the delivery point is known', () => {
    expect(celineLabel().imb.routing).toBe('32202070215');
  });

  it('is ZIP + ZIP+4 without a delivery point', () => {
    expect(celineLabel({ shipment: { ...CELINE, ship_delivery_point: null } }).imb.routing).toBe('322020702');
  });

  it('is the 5-digit ZIP when there is no ZIP+4 (a delivery point alone means nothing)', () => {
    expect(celineLabel({ shipment: { ...CELINE, ship_zip4: null } }).imb.routing).toBe('32202');
  });

  it('leaves out a malformed delivery point instead of refusing the label', () => {
    expect(celineLabel({ shipment: { ...CELINE, ship_delivery_point: '7' } }).imb.routing).toBe('322020702');
  });
});

describe('buildLabelData tracking code', () => {
  it('defaults to the distribution center mailer ID and barcode ID 00', () => {
    expect(celineLabel().imb.tracking).toBe('00300314159000000042');
  });

  it('takes a 9-digit mailer ID with a 6-digit serial', () => {
    expect(celineLabel({ mailerId: '901234567', serial: '7', serviceType: '270', barcodeId: '10' }).imb.tracking).toBe('10270901234567000007');
  });
});

describe('buildLabelData when the label cannot be printed', () => {
  it('refuses an address that does not normalize, saying which order, which field and what to do', () => {
    const result = buildLabelData(celineInput({ shipment: { ...CELINE, ship_zip5: '3220', ship_zip4: null, ship_state: 'Floridia' } }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field).sort()).toEqual(['shipment.ship_state', 'shipment.ship_zip5']);
    for (const error of result.errors) {
      expect(error.message).toContain('Order SH000000337');
      expect(error.message).toContain("Correct the customer's shipping address");
    }
    expect(result.errors.find((e) => e.field === 'shipment.ship_zip5')?.message).toContain('ZIP "3220" must be 5 digits');
  });

  it('refuses a blank recipient name and a name with nothing printable', () => {
    const blank = buildLabelData(celineInput({ shipment: { ...CELINE, ship_name: '  ' } }));
    expect(blank.ok ? [] : blank.errors.map((e) => e.code)).toEqual(['name_required']);
    const unprintable = buildLabelData(celineInput({ shipment: { ...CELINE, ship_name: '王小明' } }));
    expect(unprintable.ok ? [] : unprintable.errors.map((e) => e.code)).toEqual(['name_unprintable']);
  });

  it('tells apart station set-up mistakes from address mistakes', () => {
    const result = buildLabelData(celineInput({ mailerId: '12345', serviceType: '3x0' }));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors.map((e) => e.field).sort()).toEqual(['mailerId', 'serviceType']);
    expect(result.errors[0]?.message).toContain('ask an admin');
  });

  it('refuses a broken return address as the distribution center’s problem', () => {
    const result = buildLabelData(celineInput({ dc: { ...SJC, state: 'XX' } }));
    expect(result.ok ? [] : result.errors.map((e) => [e.field, e.message.includes('distribution center SJC')])).toEqual([['dc.state', true]]);
  });

  it('turns the refusal into an INVALID_INPUT app error with one field issue per problem', () => {
    const result = buildLabelData(celineInput({ shipment: { ...CELINE, ship_line1: '', ship_city: '' } }));
    if (result.ok) throw new Error('expected a refusal');
    const error = labelRefusal(result.errors).toJSON();
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/^LABEL_NOT_PRINTABLE: Order SH000000337: /);
    expect(error.fields?.map((f) => f.field)).toEqual(['shipment.ship_line1', 'shipment.ship_city']);
  });
});

describe('label data schema', () => {
  it('rejects text a thermal font cannot print, so no renderer ever sees it', () => {
    const label = celineLabel();
    expect(() => renderZpl({ ...label, deliveryAddress: { ...label.deliveryAddress, name: 'CÉLINE' } })).toThrow();
    expect(() => renderZpl({ ...label, orderNumber: 'SH>:1' })).toThrow();
    expect(() => renderZpl({ ...label, imb: { ...label.imb, routing: '1234' } })).toThrow();
  });
});

describe('whatever a customer typed', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 70 }),
    fc.string({ unit: fc.constantFrom(...'^~_\\>:ABC 123#-,.\'\n\r\t'), maxLength: 40 }),
    fc.constantFrom('^XZ~JA', '^FS^FO0,0^GB812,1218,812^FS', '~JA^XZ', '_5E_7E', '\\&'),
  );

  it('the builder never throws, and an accepted label renders to one ZPL format with no commands of the customer’s', () => {
    let accepted = 0;
    fc.assert(
      fc.property(anyText, anyText, anyText, (name, line1, line2) => {
        const result = buildLabelData(celineInput({ shipment: { ...CELINE, ship_name: name, ship_line1: `${line1} 12 MAIN ST`, ship_line2: line2 } }));
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          return;
        }
        accepted++;
        const zpl = renderZpl(result.label);
        expect(zpl.match(/\^XA/g)).toHaveLength(1);
        expect(zpl.match(/\^XZ/g)).toHaveLength(1);
        expect(zpl.trimEnd().endsWith('^XZ')).toBe(true);
        expect(zpl).not.toContain('~');
        // Every caret begins one of the commands we generate.
        for (const command of zpl.split('^').slice(1)) expect(command).toMatch(/^(XA|CI|PW|LL|LH|FO|A0|FB|FH|FD|FS|GB|FX|BY|BC|PQ|XZ)/);
      }),
      { numRuns: 300 },
    );
    // Many of those names and lines are printable: the property was exercised, not skipped.
    // (About 130 of 300 are accepted, give or take 8; 60 is far from any chance dip.)
    expect(accepted).toBeGreaterThan(60);
  });
});
