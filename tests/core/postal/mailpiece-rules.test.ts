/**
 * The USPS tables and formats behind a mailpiece: the STID table, the
 * endorsements, Business Reply Mail, the permit imprint indicia and the IMpb.
 */
import { describe, expect, it } from 'vitest';
import {
  BRM_STID,
  ENDORSEMENTS,
  FIM_PATTERNS,
  addressCorrectionKey,
  brmImb,
  brmPermitLine,
  buildImpbTrackingNumber,
  firstClassStid,
  firstClassStids,
  formatImpbTracking,
  impbCheckDigit,
  impbRoutingElement,
  isValidImpbTrackingNumber,
  parseAddressCorrection,
  parseImbDigits,
  permitImprintLines,
  type AddressCorrection,
} from '../../../core/postal';

describe('the STID table (PostalPro STID table, First-Class Mail letters)', () => {
  const stid = (correction: AddressCorrection, serviceOption: 'basic' | 'full-service', tracing: boolean) => firstClassStid({ correction, serviceOption, tracing });

  it.each([
    // [correction, option, tracing, STID]: spot checks of the transcribed cells.
    [{ method: 'none' }, 'basic', false, '300'],
    [{ method: 'none' }, 'basic', true, '310'],
    [{ method: 'none' }, 'full-service', false, '260'],
    [{ method: 'none' }, 'full-service', true, '270'],
    [{ method: 'manual', endorsement: 'ASR' }, 'basic', false, '700'],
    [{ method: 'manual', endorsement: 'RSR' }, 'basic', true, '040'],
    [{ method: 'onecode-acs', endorsement: 'ASR', option: 2 }, 'basic', false, '080'],
    [{ method: 'onecode-acs', endorsement: 'ASR', option: 2 }, 'basic', true, '140'],
    [{ method: 'onecode-acs', endorsement: 'CSR', option: 2 }, 'basic', false, '082'],
    [{ method: 'full-service-acs', endorsement: 'ASR', option: 2 }, 'full-service', false, '081'],
    [{ method: 'full-service-acs', endorsement: 'CSR', option: 2 }, 'full-service', false, '083'],
    [{ method: 'full-service-acs', endorsement: 'RSR', option: 2 }, 'full-service', true, '342'],
    [{ method: 'traditional-acs', endorsement: 'RSR', option: 2 }, 'basic', false, '535'],
  ] as const)('%o, %s, tracing %s -> %s', (correction, option, tracing, expected) => {
    expect(stid(correction as AddressCorrection, option, tracing)?.stid).toBe(expected);
  });

  it('refuses combinations USPS does not offer rather than guessing one', () => {
    expect(stid({ method: 'onecode-acs', endorsement: 'ASR', option: 2 }, 'full-service', true)).toBeNull();
    expect(stid({ method: 'full-service-acs', endorsement: 'ASR', option: 2 }, 'basic', true)).toBeNull();
    expect(stid({ method: 'manual', endorsement: 'ASR' }, 'full-service', false)).toBeNull();
    expect(stid({ method: 'onecode-acs', endorsement: 'RSR', option: 1 }, 'basic', false)).toBeNull();
  });

  it('gives each service its own STID, none of them a reply-mail one', () => {
    const all = firstClassStids();
    expect(new Set(all).size).toBe(all.length);
    for (const s of all) expect(s).toMatch(/^[0-9]{3}$/);
    expect(all).not.toContain(BRM_STID.untraced);
    expect(all).not.toContain(BRM_STID.traced);
  });

  it('pairs every correction STID with its endorsement (DMM 507.1.5), without the option number; "none" prints none', () => {
    expect(stid({ method: 'none' }, 'basic', true)).toEqual({ stid: '310', endorsement: null, endorsementRequired: false });
    expect(stid({ method: 'onecode-acs', endorsement: 'CSR', option: 1 }, 'basic', true)).toEqual({ stid: '502', endorsement: 'CHANGE SERVICE REQUESTED', endorsementRequired: false });
    expect(stid({ method: 'traditional-acs', endorsement: 'TRSR', option: 2 }, 'full-service', true)).toEqual({ stid: '544', endorsement: 'TEMP-RETURN SERVICE REQUESTED', endorsementRequired: true });
    expect(stid({ method: 'manual', endorsement: 'ASR' }, 'basic', true)?.endorsementRequired).toBe(true);
    for (const text of Object.values(ENDORSEMENTS)) expect(text).not.toMatch(/OPTION|[0-9]/);
  });

  it('reads the keys a distribution center stores, and writes them back the same', () => {
    for (const key of ['none', 'manual/RSR', 'onecode-acs/ASR/2', 'full-service-acs/CSR/1', 'traditional-acs/TRSR/2']) {
      expect(addressCorrectionKey(parseAddressCorrection(key)!)).toBe(key);
    }
    for (const bad of ['', 'manual', 'manual/XYZ', 'onecode-acs/ASR', 'onecode-acs/ASR/3', 'none/ASR']) expect(parseAddressCorrection(bad)).toBeNull();
  });
});

describe('Business Reply Mail', () => {
  it('IMb: barcode ID 00, STID 708 (052 traced), mailer ID, serial, routing = the BRM ZIP+4', () => {
    expect(brmImb({ mailerId: '314159', serial: '42', tracing: false, brmZip9: '951319901' })).toEqual({ tracking: '00708314159000000042', routing: '951319901' });
    expect(brmImb({ mailerId: '901234567', serial: '42', tracing: true, brmZip9: '951319901' }).tracking).toBe('00052901234567000042');
    expect(() => brmImb({ mailerId: '314159', serial: '42', tracing: false, brmZip9: '95131' })).toThrow(/9 digits/);
  });

  it('permit line: permit number, then the issuing Post Office', () => {
    expect(brmPermitLine('2048', 'SAN JOSE', 'CA')).toBe('FIRST-CLASS MAIL PERMIT NO. 2048 SAN JOSE CA');
  });

  it('FIM C is 110101011 (BRM with a barcode), FIM B 101101101 (without)', () => {
    expect(FIM_PATTERNS.C).toBe('110101011');
    expect(FIM_PATTERNS.B).toBe('101101101');
  });

  it('reads IMb digits however a clerk types them, or a scanner sends them', () => {
    const parsed = { barcodeId: '00', serviceTypeId: '708', mailerId: '314159', serial: '000000042', routing: '951319901' };
    expect(parseImbDigits('00 708 314159 000000042 951319901')).toEqual(parsed);
    expect(parseImbDigits('00708314159000000042951319901')).toEqual(parsed);
    expect(parseImbDigits(' 00-708-314159-000000042-95131-9901 ')).toEqual(parsed);
    expect(parseImbDigits('00708901234567000042')).toEqual({ barcodeId: '00', serviceTypeId: '708', mailerId: '901234567', serial: '000042', routing: '' });
  });

  it('is not fooled by a disc barcode, a wrong length or an impossible barcode ID', () => {
    expect(parseImbDigits('BLD004815162')).toBeNull();
    expect(parseImbDigits('0070831415900000004295131990')).toBeNull();
    expect(parseImbDigits('05708314159000000042951319901')).toBeNull();
  });
});

describe('permit imprint indicia (DMM 604.5.3)', () => {
  it('four lines: class marking, U.S. POSTAGE PAID, permit city and state, PERMIT NO.', () => {
    expect(permitImprintLines({ mailClass: 'First-Class Mail', permitCity: 'SAN JOSE', permitState: 'CA', permitNumber: '1024' })).toEqual(['FIRST-CLASS MAIL', 'U.S. POSTAGE PAID', 'SAN JOSE CA', 'PERMIT NO. 1024']);
    expect(permitImprintLines({ mailClass: 'Media Mail', permitCity: 'SAN JOSE', permitState: 'CA', permitNumber: '1024' })[0]).toBe('MEDIA MAIL');
  });
});

describe('Intelligent Mail package barcode (Pub 199)', () => {
  it('its mod-10 check digit verifies real USPS tracking numbers', () => {
    // Published as valid USPS numbers in the tracking_number_data project (couriers/usps.json, "USPS 91" test numbers).
    for (const tracking of ['9400111201080805483016', '9505511069605048600624', '9361289878700317633795', '9405803699300124287899']) {
      expect(impbCheckDigit(tracking.slice(0, -1))).toBe(tracking.slice(-1));
    }
    // The commercial one (channel 93) passes our whole check; a wrong last digit does not.
    expect(isValidImpbTrackingNumber('9361289878700317633795')).toBe(true);
    expect(isValidImpbTrackingNumber('9361289878700317633794')).toBe(false);
  });

  it('22 digits: 93 + STC + 6-digit MID + 10-digit serial + check, or 92 + STC + 9-digit MID + 7-digit serial + check', () => {
    const six = buildImpbTrackingNumber({ serviceTypeCode: '710', mailerId: '314159', serial: '000000042' });
    expect(six).toHaveLength(22);
    expect(six.slice(0, 21)).toBe('937103141590000000042');
    expect(isValidImpbTrackingNumber(six)).toBe(true);
    const nine = buildImpbTrackingNumber({ serviceTypeCode: '710', mailerId: '901234567', serial: '42' });
    expect(nine.slice(0, 21)).toBe('927109012345670000042');
    expect(isValidImpbTrackingNumber(nine)).toBe(true);
  });

  it('refuses what cannot be encoded', () => {
    expect(() => buildImpbTrackingNumber({ serviceTypeCode: '71', mailerId: '314159', serial: '1' })).toThrow(/3 digits/);
    expect(() => buildImpbTrackingNumber({ serviceTypeCode: '710', mailerId: '914159', serial: '1' })).toThrow(/Mailer ID/);
    expect(() => buildImpbTrackingNumber({ serviceTypeCode: '710', mailerId: '901234567', serial: '12345678' })).toThrow(/fit 7 digits/);
  });

  it('routing is 420 + ZIP or ZIP+4; the number prints in groups of four', () => {
    expect(impbRoutingElement('32202', '0702')).toBe('420322020702');
    expect(impbRoutingElement('32202', null)).toBe('42032202');
    expect(formatImpbTracking('9371031415900000000422')).toBe('9371 0314 1590 0000 0004 22');
  });
});
