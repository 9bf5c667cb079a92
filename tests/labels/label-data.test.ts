import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LabelDataSchema, buildLabelData, labelPostalRecord, labelRefusal, pieceTypeFor, renderZpl } from '../../core/labels';
import { buildTrackingCode, firstClassStid, isValidImpbTrackingNumber, normalizeAddress, parseAddressCorrection } from '../../core/postal';
import { CELINE, SJC, celineInput, celineLetter, celineParcel, demoLabelCases } from './fixtures';

describe('which piece a shipment travels in', () => {
  it('one disc goes in the letter mailer; several discs, or a replacement in a box, make a parcel', () => {
    expect(pieceTypeFor({ discCount: 1, replacementInBox: false })).toBe('letter');
    expect(pieceTypeFor({ discCount: 2, replacementInBox: false })).toBe('parcel');
    expect(pieceTypeFor({ discCount: 1, replacementInBox: true })).toBe('parcel');
  });

  it('a letter is First-Class Mail with an IMb; a parcel is Media Mail with an IMpb and never an IMb', () => {
    const letter = celineLetter();
    expect(letter).toMatchObject({ piece: 'letter', mailClass: 'First-Class Mail' });
    expect(letter.imb.tracking).toMatch(/^[0-9]{20}$/);
    const parcel = celineParcel();
    expect(parcel).toMatchObject({ piece: 'parcel', mailClass: 'Media Mail' });
    expect(parcel).not.toHaveProperty('imb');
    expect(parcel).not.toHaveProperty('reply');
    expect(isValidImpbTrackingNumber(parcel.impb.tracking)).toBe(true);
  });

  it('the schema refuses Media Mail on a letter and an IMb on a parcel', () => {
    const letter = celineLetter();
    const parcel = celineParcel();
    expect(LabelDataSchema.safeParse({ ...letter, mailClass: 'Media Mail' }).success).toBe(false);
    expect(LabelDataSchema.safeParse({ ...parcel, imb: letter.imb }).success).toBe(false);
    expect(LabelDataSchema.safeParse({ ...parcel, mailClass: 'First-Class Mail' }).success).toBe(false);
  });
});

describe('buildLabelData from the seed scenario', () => {
  const cases = demoLabelCases(300);

  it('builds every shipment of the small scenario as its own piece, with Pub 28 lines, the DC’s STID and ZIP+4 routing', () => {
    const pieces = new Set<string>();
    for (const { input, shipment, dc } of cases) {
      const result = buildLabelData(input);
      if (!result.ok) throw new Error(`${shipment.order_number}: ${result.errors.map((e) => e.message).join('; ')}`);
      const { label } = result;
      pieces.add(label.piece);
      expect(label.piece).toBe(shipment.piece_type);
      const expected = normalizeAddress({ line1: shipment.ship_line1, line2: shipment.ship_line2, city: shipment.ship_city, state: shipment.ship_state, zip: shipment.ship_zip4 ? `${shipment.ship_zip5}-${shipment.ship_zip4}` : shipment.ship_zip5 });
      if (!expected.ok) throw new Error('demo address should normalize');
      expect(label.deliveryAddress.deliveryLine).toBe(expected.deliveryLine);
      expect(label.deliveryAddress.lastLine).toBe(expected.lastLine);
      expect(label.deliveryAddress.name).toBe(label.deliveryAddress.name.toUpperCase());
      expect(label.sender.name).toBe('BACKLOT');
      expect(label.indicia).toEqual([label.mailClass.toUpperCase(), 'U.S. POSTAGE PAID', `${dc.permit_city} ${dc.permit_state}`, `PERMIT NO. ${dc.permit_number}`]);
      if (label.piece === 'letter') {
        const choice = firstClassStid({ serviceOption: dc.imb_service_option, correction: parseAddressCorrection(dc.address_correction)!, tracing: dc.imb_tracing })!;
        expect(label.imb.tracking).toBe(buildTrackingCode({ barcodeId: '00', serviceTypeId: choice.stid, mailerId: dc.mailer_id, serial: input.serial }));
        expect(label.imb.routing).toBe(shipment.ship_zip5 + (shipment.ship_zip4 ?? ''));
        expect(label.endorsement).toBe(choice.endorsement);
        expect(label.reply.imb.routing).toBe(dc.brm_zip5 + dc.brm_zip4);
      } else {
        expect(label.impb.routing).toBe(`420${shipment.ship_zip5}${shipment.ship_zip4 ?? ''}`);
        expect(label.endorsement).toBe('RETURN SERVICE REQUESTED');
      }
    }
    // The scenario holds both pieces, or this test proves half of what it says.
    expect([...pieces].sort()).toEqual(['letter', 'parcel']);
  });

  it('folds diacritics in the recipient name to the ASCII USPS prints', () => {
    expect(celineLetter().deliveryAddress.name).toBe('CELINE HARRISON');
  });

  it('keeps a name’s apostrophes and hyphens but drops a backslash, which a Zebra font cannot print', () => {
    expect(celineLetter({ shipment: { ...CELINE, ship_name: "Mary-Kate O'Brien \\ Jr." } }).deliveryAddress.name).toBe("MARY-KATE O'BRIEN JR.");
  });
});

describe('the letter’s outbound face', () => {
  const label = celineLetter();

  it('sender block: the service’s name over the DC’s Pub 28 address', () => {
    expect(label.sender).toEqual({ name: 'BACKLOT', deliveryLine: '2150 TRADE ZONE BLVD', lastLine: 'SAN JOSE CA  95131-1201' });
  });

  it('permit imprint indicia (DMM 604.5.3.6): class, U.S. POSTAGE PAID, permit city and state, permit number', () => {
    expect(label.indicia).toEqual(['FIRST-CLASS MAIL', 'U.S. POSTAGE PAID', 'SAN JOSE CA', 'PERMIT NO. 1024']);
  });

  it('STID and endorsement come from the STID table for the DC’s services (basic, OneCode ACS ASR option 2, IV-MTR: 140)', () => {
    expect(label.imb.tracking).toBe('00140314159000000042');
    expect(label.endorsement).toBe('ADDRESS SERVICE REQUESTED');
  });

  it('routing is ZIP + ZIP+4 + delivery point, or less when less is known (USPS-B-3200 §2.1.3)', () => {
    expect(label.imb.routing).toBe('32202070215');
    expect(celineLetter({ shipment: { ...CELINE, ship_delivery_point: null } }).imb.routing).toBe('322020702');
    expect(celineLetter({ shipment: { ...CELINE, ship_zip4: null } }).imb.routing).toBe('32202');
    expect(celineLetter({ shipment: { ...CELINE, ship_delivery_point: '7' } }).imb.routing).toBe('322020702');
  });

  it.each([
    ['none', 'basic', false, '300', null],
    ['none', 'full-service', true, '270', null],
    ['manual/RSR', 'basic', true, '040', 'RETURN SERVICE REQUESTED'],
    ['onecode-acs/CSR/2', 'basic', false, '082', 'CHANGE SERVICE REQUESTED'],
    ['full-service-acs/ASR/2', 'full-service', true, '141', 'ADDRESS SERVICE REQUESTED'],
    ['traditional-acs/TRSR/2', 'basic', false, '543', 'TEMP-RETURN SERVICE REQUESTED'],
  ] as const)('the DC’s services %s, %s, tracing %s print STID %s with endorsement %s', (correction, option, tracing, stid, endorsement) => {
    const letter = celineLetter({ dc: { ...SJC, address_correction: correction, imb_service_option: option, imb_tracing: tracing } });
    expect(letter.imb.tracking.slice(2, 5)).toBe(stid);
    expect(letter.endorsement).toBe(endorsement);
  });

  it('takes a 9-digit mailer ID with a 6-digit serial', () => {
    expect(celineLetter({ dc: { ...SJC, mailer_id: '901234567' }, serial: '7' }).imb.tracking).toBe('00140901234567000007');
  });
});

describe('the letter’s Business Reply return panel', () => {
  const label = celineLetter();

  it('carries the BRM permit line and the DC’s address with its BRM ZIP+4', () => {
    expect(label.reply.permitLine).toBe('FIRST-CLASS MAIL PERMIT NO. 2048 SAN JOSE CA');
    expect(label.reply.address).toEqual({ name: 'BACKLOT', deliveryLine: '2150 TRADE ZONE BLVD', lastLine: 'SAN JOSE CA  95131-9901' });
  });

  it('its IMb has barcode ID 00, STID 708, the DC’s mailer ID, the shipment’s serial and the BRM ZIP+4 as routing', () => {
    expect(label.reply.imb).toEqual({ tracking: '00708314159000000042', routing: '951319901' });
    expect(celineLetter({ dc: { ...SJC, brm_tracing: true } }).reply.imb.tracking.slice(2, 5)).toBe('052');
  });

  it('label events and the manifest get the piece, STID and return serial from the label', () => {
    expect(labelPostalRecord(label)).toEqual({ piece: 'letter', stid: '140', serviceTypeCode: null, returnSerial: '000000042', tracking: '00140314159000000042' });
    expect(labelPostalRecord(celineParcel())).toMatchObject({ piece: 'parcel', stid: null, returnSerial: null });
  });
});

describe('the parcel', () => {
  const label = celineParcel();

  it('IMpb (Pub 199): 420 + ZIP+4, then 93 (6-digit mailer ID) + STC + MID + serial + mod-10 check digit', () => {
    expect(label.impb.routing).toBe('420322020702');
    expect(label.impb.tracking).toMatch(/^93[0-9]{3}314159[0-9]{10}[0-9]$/);
    expect(label.impb.tracking.slice(11, 21)).toBe('0000000042');
    expect(isValidImpbTrackingNumber(label.impb.tracking)).toBe(true);
  });

  it('a 9-digit mailer ID takes channel 92 and a 7-digit serial', () => {
    const nine = celineParcel({ dc: { ...SJC, mailer_id: '901234567' }, serial: '7' });
    expect(nine.impb.tracking).toMatch(/^92[0-9]{3}9012345670000007[0-9]$/);
  });

  it('Media Mail indicia and RETURN SERVICE REQUESTED', () => {
    expect(label.indicia[0]).toBe('MEDIA MAIL');
    expect(label.endorsement).toBe('RETURN SERVICE REQUESTED');
  });
});

describe('buildLabelData when the label cannot be printed', () => {
  it('refuses an address that does not normalize, saying which order, which field and what to do', () => {
    const result = buildLabelData(celineInput({ shipment: { ...CELINE, ship_zip5: '3220', ship_zip4: null, ship_state: 'Floridia' } }));
    expect(result.ok).toBe(false);
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => e.field).sort()).toEqual(['shipment.ship_state', 'shipment.ship_zip5']);
    for (const error of errors) {
      expect(error.message).toContain('Order SH000000337');
      expect(error.message).toContain("Correct the customer's shipping address");
    }
  });

  it('refuses a delivery line the sorting machines cannot read, with the Pub 28 §35 reason', () => {
    const result = buildLabelData(celineInput({ shipment: { ...CELINE, ship_line1: '12345 Northwest Extraordinarily Long Named Memorial Boulevard' } }));
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => e.code)).toEqual(['delivery_line_too_long']);
    expect(errors[0]?.message).toMatch(/at most 40 characters and 8 words/);
  });

  it('refuses a blank recipient name and a name with nothing printable', () => {
    const blank = buildLabelData(celineInput({ shipment: { ...CELINE, ship_name: '  ' } }));
    expect(blank.ok ? [] : blank.errors.map((e) => e.code)).toEqual(['name_required']);
    const unprintable = buildLabelData(celineInput({ shipment: { ...CELINE, ship_name: '王小明' } }));
    expect(unprintable.ok ? [] : unprintable.errors.map((e) => e.code)).toEqual(['name_unprintable']);
  });

  it('names every missing piece of postal set-up as the admin’s to fix, not the customer’s', () => {
    const result = buildLabelData(celineInput({ dc: { ...SJC, service_name: null, permit_number: '', permit_state: 'XX', brm_zip4: null, mailer_id: '12345' } }));
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => e.field).sort()).toEqual(['dc.brm_zip4', 'dc.mailer_id', 'dc.permit_number', 'dc.permit_state', 'dc.service_name']);
    for (const error of errors) {
      expect(error.code).toBe('postal_setup');
      expect(error.message).toContain('Ask an admin to set it for distribution center SJC');
    }
    // A parcel needs no Business Reply set-up.
    expect(buildLabelData(celineInput({ piece: 'parcel', dc: { ...SJC, brm_zip4: null, brm_permit_number: null } })).ok).toBe(true);
  });

  it('refuses services the STID table does not have, in words', () => {
    const result = buildLabelData(celineInput({ dc: { ...SJC, imb_service_option: 'full-service', address_correction: 'onecode-acs/ASR/2' } }));
    const errors = result.ok ? [] : result.errors;
    expect(errors.map((e) => e.field)).toEqual(['dc.address_correction']);
    expect(errors[0]?.message).toMatch(/^The USPS Service Type ID table has no entry for First-Class Mail, full-service, onecode acs ADDRESS SERVICE REQUESTED option 2/);
  });

  it('refuses a broken sender address as the distribution center’s problem', () => {
    const result = buildLabelData(celineInput({ dc: { ...SJC, state: 'XX' } }));
    expect(result.ok ? [] : result.errors.map((e) => [e.field, e.message.includes('distribution center SJC')])).toEqual([['dc.state', true]]);
  });

  it('turns the refusal into an INVALID_INPUT app error with one field issue per problem and plain words', () => {
    const result = buildLabelData(celineInput({ shipment: { ...CELINE, ship_line1: '', ship_city: '' } }));
    if (result.ok) throw new Error('expected a refusal');
    const error = labelRefusal(result.errors).toJSON();
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.message).toMatch(/^Order SH000000337: /);
    expect(error.fields?.map((f) => f.field)).toEqual(['shipment.ship_line1', 'shipment.ship_city']);
  });
});

describe('label data schema', () => {
  it('rejects text a thermal font cannot print, so no renderer ever sees it', () => {
    const label = celineLetter();
    expect(() => renderZpl({ ...label, deliveryAddress: { ...label.deliveryAddress, name: 'CÉLINE' } })).toThrow();
    expect(() => renderZpl({ ...label, orderNumber: 'SH>:1' })).toThrow();
    expect(() => renderZpl({ ...label, imb: { ...label.imb, routing: '1234' } })).toThrow();
    expect(() => renderZpl({ ...label, reply: { ...label.reply, imb: label.imb } })).toThrow();
  });

  it('has no field for a title, a genre or a disc: a label carrying one does not pass', () => {
    expect(LabelDataSchema.safeParse({ ...celineLetter(), disc: { barcode: 'BLD004815162', title: 'AMELIE' } }).success).toBe(false);
    expect(LabelDataSchema.safeParse({ ...celineParcel(), title: 'AMELIE' }).success).toBe(false);
    expect(LabelDataSchema.safeParse({ ...celineLetter(), deliveryAddress: { ...celineLetter().deliveryAddress, genre: 'DRAMA' } }).success).toBe(false);
  });
});

describe('whatever a customer typed', () => {
  const anyText = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 70 }),
    fc.string({ unit: fc.constantFrom(...'^~_\\>:ABC 123#-,.\'\n\r\t'), maxLength: 40 }),
    fc.constantFrom('^XZ~JA', '^FS^FO0,0^GB812,1218,812^FS', '~JA^XZ', '_5E_7E', '\\&'),
  );

  it('the builder never throws, and an accepted label renders to its formats with no commands of the customer’s', () => {
    let accepted = 0;
    fc.assert(
      fc.property(anyText, anyText, anyText, fc.constantFrom('letter' as const, 'parcel' as const), (name, line1, line2, piece) => {
        const result = buildLabelData(celineInput({ piece, shipment: { ...CELINE, ship_name: name, ship_line1: `${line1} 12 MAIN ST`.slice(-38), ship_line2: line2 } }));
        if (!result.ok) {
          expect(result.errors.length).toBeGreaterThan(0);
          return;
        }
        accepted++;
        const zpl = renderZpl(result.label);
        const formats = piece === 'letter' ? 2 : 1;
        expect(zpl.match(/\^XA/g)).toHaveLength(formats);
        expect(zpl.match(/\^XZ/g)).toHaveLength(formats);
        expect(zpl.trimEnd().endsWith('^XZ')).toBe(true);
        expect(zpl).not.toContain('~');
        // Every caret begins one of the commands we generate.
        for (const command of zpl.split('^').slice(1)) expect(command).toMatch(/^(XA|CI|PW|LL|LH|FO|A0|FB|FH|FD|FS|GB|FX|BY|BC|PQ|XZ)/);
      }),
      { numRuns: 300 },
    );
    // Many of those names and lines are printable: the property was exercised, not skipped.
    expect(accepted).toBeGreaterThan(60);
  });
});
