import { describe, expect, it } from 'vitest';
import {
  normalizeAddress,
  PUB28_C1_SUFFIXES,
  PUB28_C2_UNITS,
  SUFFIX_ABBREVIATIONS,
  type AddressInput,
  type NormalizeAddressResult,
  type NormalizedAddress,
} from '../../../core/postal';

const BASE = { city: 'Springfield', state: 'IL', zip: '62704' };

function ok(result: NormalizeAddressResult): NormalizedAddress {
  if (!result.ok) throw new Error(`expected a valid address, got ${JSON.stringify(result.errors)}`);
  return result;
}

function delivery(line1: string, line2?: string): string {
  return ok(normalizeAddress({ ...BASE, line1, ...(line2 === undefined ? {} : { line2 }) })).deliveryLine;
}

function errorsOf(input: AddressInput) {
  const result = normalizeAddress(input);
  if (result.ok) throw new Error(`expected errors, got ${JSON.stringify(result)}`);
  return result.errors;
}

describe('Pub 28 Appendix C1 street suffixes', () => {
  // A sample transcribed from Appendix C1: [written suffix, standard abbreviation].
  const sample: [string, string][] = [
    ['ALLEE', 'ALY'], ['ALLEY', 'ALY'], ['ALLY', 'ALY'],
    ['ANNEX', 'ANX'], ['ANNX', 'ANX'], ['ARCADE', 'ARC'],
    ['AV', 'AVE'], ['AVEN', 'AVE'], ['AVENU', 'AVE'], ['AVENUE', 'AVE'], ['AVN', 'AVE'], ['AVNUE', 'AVE'],
    ['BAYOO', 'BYU'], ['BEACH', 'BCH'], ['BLUF', 'BLF'], ['BLUFFS', 'BLFS'], ['BOTTM', 'BTM'],
    ['BOULEVARD', 'BLVD'], ['BOUL', 'BLVD'], ['BOULV', 'BLVD'], ['BRNCH', 'BR'], ['BRDGE', 'BRG'],
    ['BURGS', 'BGS'], ['BYPAS', 'BYP'], ['CMP', 'CP'], ['CANYN', 'CYN'], ['CAUSWA', 'CSWY'],
    ['CENTRE', 'CTR'], ['CNTER', 'CTR'], ['CENTERS', 'CTRS'], ['CIRCL', 'CIR'], ['CRCLE', 'CIR'],
    ['CIRCLES', 'CIRS'], ['COMMONS', 'CMNS'], ['CORNERS', 'CORS'], ['COURSE', 'CRSE'], ['COURT', 'CT'],
    ['COURTS', 'CTS'], ['COVES', 'CVS'], ['CRSNT', 'CRES'], ['CRSSNG', 'XING'], ['CROSSROADS', 'XRDS'],
    ['CURVE', 'CURV'], ['DIVIDE', 'DV'], ['DVD', 'DV'], ['DRIV', 'DR'], ['DRIVES', 'DRS'],
    ['ESTATES', 'ESTS'], ['EXPRESS', 'EXPY'], ['EXPW', 'EXPY'], ['EXTNSN', 'EXT'], ['EXTENSIONS', 'EXTS'],
    ['FALLS', 'FLS'], ['FRRY', 'FRY'], ['FORESTS', 'FRST'], ['FORG', 'FRG'], ['FRT', 'FT'],
    ['FREEWY', 'FWY'], ['GRDEN', 'GDN'], ['GRDNS', 'GDNS'], ['GATWAY', 'GTWY'], ['GROV', 'GRV'],
    ['HRBOR', 'HBR'], ['HT', 'HTS'], ['HEIGHTS', 'HTS'], ['HIWAY', 'HWY'], ['HLLW', 'HOLW'],
    ['ISLND', 'IS'], ['ISLNDS', 'ISS'], ['ISLES', 'ISLE'], ['JCTION', 'JCT'], ['JCTNS', 'JCTS'],
    ['KEY', 'KY'], ['KNOL', 'KNL'], ['LAKES', 'LKS'], ['LNDNG', 'LNDG'], ['LANE', 'LN'],
    ['LDGE', 'LDG'], ['LOOPS', 'LOOP'], ['MEDOWS', 'MDWS'], ['MEADOW', 'MDW'], ['MISSN', 'MSN'],
    ['MNT', 'MT'], ['MTIN', 'MTN'], ['MNTNS', 'MTNS'], ['ORCHRD', 'ORCH'], ['OVL', 'OVAL'],
    ['OVERPASS', 'OPAS'], ['PRK', 'PARK'], ['PARKS', 'PARK'], ['PKY', 'PKWY'], ['PKWYS', 'PKWY'],
    ['PATHS', 'PATH'], ['PIKES', 'PIKE'], ['PLACE', 'PL'], ['PLZA', 'PLZ'], ['PRR', 'PR'],
    ['RADIEL', 'RADL'], ['RANCHES', 'RNCH'], ['RIVR', 'RIV'], ['RVR', 'RIV'], ['ROAD', 'RD'],
    ['ROUTE', 'RTE'], ['SHOAR', 'SHR'], ['SKYWAY', 'SKWY'], ['SPRNGS', 'SPGS'], ['SPURS', 'SPUR'],
    ['SQU', 'SQ'], ['SQRS', 'SQS'], ['STATN', 'STA'], ['STRVNUE', 'STRA'], ['STREME', 'STRM'],
    ['STREET', 'ST'], ['STR', 'ST'], ['STRT', 'ST'], ['STREETS', 'STS'], ['SUMITT', 'SMT'],
    ['TERR', 'TER'], ['THROUGHWAY', 'TRWY'], ['TRACES', 'TRCE'], ['TRACKS', 'TRAK'], ['TRAFFICWAY', 'TRFY'],
    ['TRAILS', 'TRL'], ['TRLRS', 'TRLR'], ['TUNNL', 'TUNL'], ['TRNPK', 'TPKE'], ['UNDERPASS', 'UPAS'],
    ['UNIONS', 'UNS'], ['VLLY', 'VLY'], ['VIADCT', 'VIA'], ['VIEWS', 'VWS'], ['VILLIAGE', 'VLG'],
    ['VILLE', 'VL'], ['VST', 'VIS'], ['WALKS', 'WALK'], ['WY', 'WAY'], ['WELLS', 'WLS'],
  ];

  it.each(sample)('123 Elm %s -> 123 ELM %s', (written, standard) => {
    expect(delivery(`123 Elm ${written}`)).toBe(`123 ELM ${standard}`);
  });

  it('covers the whole C1 table: 206 rows and 549 distinct spellings', () => {
    expect(PUB28_C1_SUFFIXES).toHaveLength(206);
    expect(SUFFIX_ABBREVIATIONS.size).toBe(549);
  });

  it('standardizes every C1 spelling through the whole pipeline', () => {
    const mismatches: string[] = [];
    for (const [spelling, standard] of SUFFIX_ABBREVIATIONS) {
      const got = delivery(`9 Oak ${spelling.toLowerCase()}`);
      if (got !== `9 OAK ${standard}`) mismatches.push(`${spelling}: ${got}`);
    }
    expect(mismatches).toEqual([]);
  });

  it('every standard abbreviation maps to itself (already-standard input is untouched)', () => {
    for (const [, standard] of PUB28_C1_SUFFIXES) expect(SUFFIX_ABBREVIATIONS.get(standard)).toBe(standard);
  });

  it('abbreviates the suffix only in suffix position', () => {
    expect(delivery('1 Avenue of the Americas')).toBe('1 AVENUE OF THE AMERICAS');
    expect(delivery('500 Park Avenue')).toBe('500 PARK AVE');
    expect(delivery('77 Highway 9')).toBe('77 HIGHWAY 9');
    expect(delivery('12 Court Street')).toBe('12 COURT ST');
    expect(delivery('12 Street')).toBe('12 STREET');
    expect(delivery('8 Lake Shore Drive South')).toBe('8 LAKE SHORE DR S');
  });
});

describe('Pub 28 Appendix C2 secondary unit designators', () => {
  const withRange: [string, string][] = [
    ['Apartment', 'APT'], ['Building', 'BLDG'], ['Department', 'DEPT'], ['Floor', 'FL'],
    ['Hangar', 'HNGR'], ['Key', 'KEY'], ['Lot', 'LOT'], ['Pier', 'PIER'], ['Room', 'RM'],
    ['Slip', 'SLIP'], ['Space', 'SPC'], ['Stop', 'STOP'], ['Suite', 'STE'], ['Trailer', 'TRLR'],
    ['Unit', 'UNIT'],
  ];
  const standAlone: [string, string][] = [
    ['Basement', 'BSMT'], ['Front', 'FRNT'], ['Lobby', 'LBBY'], ['Lower', 'LOWR'],
    ['Office', 'OFC'], ['Penthouse', 'PH'], ['Rear', 'REAR'], ['Side', 'SIDE'], ['Upper', 'UPPR'],
  ];

  it('lists the 24 designators of C2', () => {
    expect(PUB28_C2_UNITS).toHaveLength(24);
    expect(PUB28_C2_UNITS.filter((unit) => unit.requiresRange).map((unit) => unit.abbreviation).sort()).toEqual(
      withRange.map(([, abbreviation]) => abbreviation).sort(),
    );
  });

  it.each(withRange)('line 1 "... %s 12" -> %s 12', (name, abbreviation) => {
    expect(delivery(`40 Main Street ${name} 12`)).toBe(`40 MAIN ST ${abbreviation} 12`);
  });

  it.each(withRange)('line 2 "%s 3B" folds onto the delivery line as %s 3B', (name, abbreviation) => {
    expect(delivery('40 Main Street', `${name} 3B`)).toBe(`40 MAIN ST ${abbreviation} 3B`);
  });

  it.each(standAlone)('stand-alone "%s" -> %s', (name, abbreviation) => {
    expect(delivery(`40 Main Street ${name}`)).toBe(`40 MAIN ST ${abbreviation}`);
    expect(delivery('40 Main Street', name)).toBe(`40 MAIN ST ${abbreviation}`);
  });

  it('uses "#" only when the designator is unknown (Pub 28 §213)', () => {
    expect(delivery('40 Main St #12')).toBe('40 MAIN ST # 12');
    expect(delivery('40 Main St Apt #12')).toBe('40 MAIN ST APT 12');
    expect(delivery('40 Main St', '#12')).toBe('40 MAIN ST # 12');
    expect(delivery('40 Main St', '12')).toBe('40 MAIN ST # 12');
    expect(delivery('40 Main St', 'Apt. # 4-B')).toBe('40 MAIN ST APT 4-B');
    expect(delivery('40 Main St #')).toBe('40 MAIN ST');
  });

  it('does not read the street name as a unit', () => {
    expect(delivery('9 Rear Street')).toBe('9 REAR ST');
    expect(delivery('9 Lot Road')).toBe('9 LOT RD');
    expect(delivery('9 Lake Front')).toBe('9 LAKE FRONT');
  });

  it('reads a stand-alone unit before another unit as the end of the street, the same on every pass', () => {
    // Found by the property test: the first pass kept "CREEK" (REAR looked like the last street word), the second,
    // with APT 1 moved to line 2, abbreviated it.
    const first = ok(normalizeAddress({ ...BASE, line1: '123 1/2 North Main Mill Creek Rear Apartment 1' }));
    expect(first.deliveryLine).toBe('123 1/2 N MAIN MILL CRK REAR');
    expect(first.secondaryLine).toBe('APT 1');
    const again = ok(normalizeAddress({ ...BASE, line1: first.line1, line2: first.line2 ?? undefined }));
    expect(again.deliveryLine).toBe(first.deliveryLine);
    expect(again.secondaryLine).toBe(first.secondaryLine);
    expect(delivery('40 Main Street Rear Apt 2')).toBe('40 MAIN ST REAR APT 2');
  });

  it('keeps line 2 separate when it cannot be folded', () => {
    const withUnit = ok(normalizeAddress({ ...BASE, line1: '40 Main St Apt 4', line2: 'building 5' }));
    expect(withUnit.deliveryLine).toBe('40 MAIN ST APT 4');
    expect(withUnit.secondaryLine).toBe('BLDG 5');
    expect(withUnit.line2).toBe('BLDG 5');

    const notAUnit = ok(normalizeAddress({ ...BASE, line1: '40 Main St', line2: 'c/o Jane Doe' }));
    expect(notAUnit.deliveryLine).toBe('40 MAIN ST');
    expect(notAUnit.secondaryLine).toBe('C O JANE DOE');

    const poBox = ok(normalizeAddress({ ...BASE, line1: 'PO Box 9', line2: 'Suite 5' }));
    expect(poBox.deliveryLine).toBe('PO BOX 9');
    expect(poBox.secondaryLine).toBe('STE 5');

    const folded = ok(normalizeAddress({ ...BASE, line1: '40 Main St', line2: 'Suite 5' }));
    expect(folded.secondaryLine).toBeUndefined();
    expect(folded.line2).toBeNull();
  });

  it('keeps line 2 on its own line when folding would pass what sorting machines read (Pub 28 §35)', () => {
    const fits = ok(normalizeAddress({ ...BASE, line1: '12345 Northwest Long Named Memorial Blvd', line2: 'Suite 12' }));
    expect(fits.deliveryLine).toBe('12345 NW LONG NAMED MEMORIAL BLVD STE 12');
    expect(fits.secondaryLine).toBeUndefined();
    const longer = ok(normalizeAddress({ ...BASE, line1: '12345 Northwest Long Named Memorial Blvd', line2: 'Suite 1200' }));
    expect(longer.deliveryLine).toBe('12345 NW LONG NAMED MEMORIAL BLVD');
    expect(longer.secondaryLine).toBe('STE 1200');
  });
});

describe('Pub 28 §233 directionals', () => {
  const directionals: [string, string][] = [
    ['North', 'N'], ['East', 'E'], ['South', 'S'], ['West', 'W'],
    ['Northeast', 'NE'], ['Southeast', 'SE'], ['Northwest', 'NW'], ['Southwest', 'SW'],
  ];

  it.each(directionals)('pre-directional %s -> %s', (word, abbreviation) => {
    expect(delivery(`10 ${word} Maple Avenue`)).toBe(`10 ${abbreviation} MAPLE AVE`);
  });

  it.each(directionals)('post-directional %s -> %s', (word, abbreviation) => {
    expect(delivery(`10 Maple Avenue ${word}`)).toBe(`10 MAPLE AVE ${abbreviation}`);
  });

  it.each(directionals)('"%s" followed directly by the suffix is the street name', (word) => {
    expect(delivery(`10 ${word} Street`)).toBe(`10 ${word.toUpperCase()} ST`);
  });

  it('handles pre, post and unit together', () => {
    expect(delivery('10 South Maple Avenue Northeast Apartment 3')).toBe('10 S MAPLE AVE NE APT 3');
    expect(delivery('10 North')).toBe('10 NORTH');
    expect(delivery('10 West Street Northwest')).toBe('10 WEST ST NW');
  });
});

describe('realistic addresses', () => {
  it('1600 Pennsylvania Avenue Northwest', () => {
    const result = ok(
      normalizeAddress({ line1: '1600 Pennsylvania Avenue Northwest', city: 'Washington', state: 'District of Columbia', zip: '20500-0005' }),
    );
    expect(result).toEqual({
      ok: true,
      deliveryLine: '1600 PENNSYLVANIA AVE NW',
      lastLine: 'WASHINGTON DC  20500-0005',
      line1: '1600 PENNSYLVANIA AVE NW',
      line2: null,
      city: 'WASHINGTON',
      state: 'DC',
      zip5: '20500',
      zip4: '0005',
    });
  });

  it('100 North Main Street, Suite 200', () => {
    const result = ok(normalizeAddress({ line1: '100 North Main Street, Suite 200', city: 'Ann Arbor', state: 'mi', zip: '481041234' }));
    expect(result.deliveryLine).toBe('100 N MAIN ST STE 200');
    expect(result.lastLine).toBe('ANN ARBOR MI  48104-1234');
    expect(result.zip4).toBe('1234');
  });

  it.each([
    ['P.O. Box 123', 'PO BOX 123'],
    ['PO Box 123', 'PO BOX 123'],
    ['p o box 123', 'PO BOX 123'],
    ['Post Office Box 123', 'PO BOX 123'],
    ['POB 123', 'PO BOX 123'],
    ['Box 123', 'PO BOX 123'],
    ['Rural Route 2, Box 152', 'RR 2 BOX 152'],
    ['RFD 2 Box 152', 'RR 2 BOX 152'],
    ['Star Route 68 Box 23A', 'HC 68 BOX 23A'],
    ['Highway Contract 68 Box 23A', 'HC 68 BOX 23A'],
  ])('%s -> %s (Pub 28 §24, §25, §28)', (line1, expected) => {
    expect(delivery(line1)).toBe(expected);
  });

  it('keeps the marks Pub 28 treats as significant', () => {
    expect(delivery('123 1/2 Main St.')).toBe('123 1/2 MAIN ST');
    expect(delivery('112-10 Bronx Road')).toBe('112-10 BRONX RD');
    expect(delivery('39.2 Road')).toBe('39.2 ROAD');
    expect(delivery('842 E. 1700 S.')).toBe('842 E 1700 S');
  });

  it('drops other punctuation and collapses spaces', () => {
    expect(delivery("  12   O'Brien-Smith   St.,  Apt. 3  ")).toBe('12 O BRIEN SMITH ST APT 3');
    expect(delivery('5 St.Charles Ave.')).toBe('5 ST CHARLES AVE');
    expect(delivery('5 J.F.K. Blvd')).toBe('5 JFK BLVD');
  });

  it('folds accents and full-width characters to ASCII', () => {
    const result = ok(normalizeAddress({ line1: '２１ Calle Peñón', city: 'San Germán', state: 'Puerto Rico', zip: '００６８３' }));
    expect(result.deliveryLine).toBe('21 CALLE PENON');
    expect(result.lastLine).toBe('SAN GERMAN PR  00683');
    expect(delivery('7 Große Straße')).toBe('7 GROSSE STRASSE');
    expect(delivery('7½ Elm St')).toBe('7 1/2 ELM ST');
  });

  it('formats city names as the City State file does', () => {
    const city = (value: string) => ok(normalizeAddress({ ...BASE, line1: '1 Main St', city: value })).city;
    expect(city('St. Louis')).toBe('ST LOUIS');
    expect(city('Wilkes-Barre')).toBe('WILKES BARRE');
    expect(city("Coeur d'Alene")).toBe('COEUR D ALENE');
    expect(city('  new   york  ')).toBe('NEW YORK');
  });

  it('accepts military addresses with APO/FPO/DPO', () => {
    const result = ok(normalizeAddress({ line1: 'Unit 2050 Box 4190', city: 'apo', state: 'Armed Forces Pacific', zip: '96278-2050' }));
    expect(result.lastLine).toBe('APO AP  96278-2050');
  });
});

describe('states and territories (Pub 28 Appendix B)', () => {
  const states: [string, string][] = [
    ['Alabama', 'AL'], ['Alaska', 'AK'], ['Arizona', 'AZ'], ['Arkansas', 'AR'], ['California', 'CA'],
    ['Colorado', 'CO'], ['Connecticut', 'CT'], ['Delaware', 'DE'], ['District of Columbia', 'DC'], ['Florida', 'FL'],
    ['Georgia', 'GA'], ['Hawaii', 'HI'], ['Idaho', 'ID'], ['Illinois', 'IL'], ['Indiana', 'IN'],
    ['Iowa', 'IA'], ['Kansas', 'KS'], ['Kentucky', 'KY'], ['Louisiana', 'LA'], ['Maine', 'ME'],
    ['Maryland', 'MD'], ['Massachusetts', 'MA'], ['Michigan', 'MI'], ['Minnesota', 'MN'], ['Mississippi', 'MS'],
    ['Missouri', 'MO'], ['Montana', 'MT'], ['Nebraska', 'NE'], ['Nevada', 'NV'], ['New Hampshire', 'NH'],
    ['New Jersey', 'NJ'], ['New Mexico', 'NM'], ['New York', 'NY'], ['North Carolina', 'NC'], ['North Dakota', 'ND'],
    ['Ohio', 'OH'], ['Oklahoma', 'OK'], ['Oregon', 'OR'], ['Pennsylvania', 'PA'], ['Rhode Island', 'RI'],
    ['South Carolina', 'SC'], ['South Dakota', 'SD'], ['Tennessee', 'TN'], ['Texas', 'TX'], ['Utah', 'UT'],
    ['Vermont', 'VT'], ['Virginia', 'VA'], ['Washington', 'WA'], ['West Virginia', 'WV'], ['Wisconsin', 'WI'],
    ['Wyoming', 'WY'],
    ['Puerto Rico', 'PR'], ['Guam', 'GU'], ['Virgin Islands', 'VI'], ['U.S. Virgin Islands', 'VI'],
    ['American Samoa', 'AS'], ['Northern Mariana Islands', 'MP'],
    ['Federated States of Micronesia', 'FM'], ['Marshall Islands', 'MH'], ['Palau', 'PW'],
  ];
  const military: [string, string][] = [
    ['Armed Forces Americas', 'AA'], ['Armed Forces Europe', 'AE'], ['Armed Forces Africa', 'AE'],
    ['Armed Forces Middle East', 'AE'], ['Armed Forces Canada', 'AE'], ['Armed Forces Pacific', 'AP'],
  ];

  it.each(states)('%s -> %s, and its code in any case', (name, code) => {
    const state = (value: string) => ok(normalizeAddress({ ...BASE, line1: '1 Main St', state: value })).state;
    expect(state(name)).toBe(code);
    expect(state(name.toUpperCase())).toBe(code);
    expect(state(code)).toBe(code);
    expect(state(code.toLowerCase())).toBe(code);
    expect(state(` ${code.charAt(0)}.${code.charAt(1).toLowerCase()}. `)).toBe(code);
  });

  it.each(military)('%s -> %s', (name, code) => {
    const result = ok(normalizeAddress({ line1: 'PSC 802 Box 74', city: 'FPO', state: name, zip: '09499' }));
    expect(result.state).toBe(code);
  });

  it('accepts all 50 states, DC and the territories', () => {
    expect(new Set(states.map(([, code]) => code)).size).toBe(50 + 1 + 5 + 3);
  });
});

describe('errors a customer-service rep can act on', () => {
  const valid = { line1: '1 Main St', city: 'Springfield', state: 'IL', zip: '62704' };

  it('rejects an unknown state', () => {
    expect(errorsOf({ ...valid, state: 'Cal' })).toEqual([
      {
        field: 'state',
        code: 'unknown_state',
        message: 'State "Cal" is not a US state or territory; use its two-letter code (e.g. CA) or full name',
      },
    ]);
    expect(errorsOf({ ...valid, state: 'ZZ' })[0]?.code).toBe('unknown_state');
    expect(errorsOf({ ...valid, state: 'Ontario' })[0]?.code).toBe('unknown_state');
  });

  it.each(['9410', '941011', '94101-12', '94101-12345', 'ABCDE', '94101-', '1234567890', '9410l'])('rejects ZIP "%s"', (zip) => {
    const errors = errorsOf({ ...valid, zip });
    expect(errors).toEqual([{ field: 'zip', code: 'invalid_zip', message: `ZIP "${zip}" must be 5 digits or ZIP+4 (12345-6789)` }]);
  });

  it.each([
    ['62704', '62704', null],
    ['62704-1234', '62704', '1234'],
    ['627041234', '62704', '1234'],
    [' 62704 - 1234 ', '62704', '1234'],
  ])('accepts ZIP "%s"', (zip, zip5, zip4) => {
    const result = ok(normalizeAddress({ ...valid, zip }));
    expect([result.zip5, result.zip4]).toEqual([zip5, zip4]);
  });

  it('reports every empty required field at once', () => {
    const errors = errorsOf({ line1: ' ', city: '', state: '\t', zip: '' });
    expect(errors.map((error) => [error.field, error.code])).toEqual([
      ['line1', 'required'],
      ['city', 'required'],
      ['state', 'required'],
      ['zip', 'required'],
    ]);
    expect(errors[0]?.message).toBe('Address line 1 is required');
  });

  it('says so when a field had text but none of it is printable', () => {
    const errors = errorsOf({ ...valid, line1: '東京都港区', city: 'Москва' });
    expect(errors.map((error) => [error.field, error.code])).toEqual([
      ['line1', 'unprintable'],
      ['city', 'unprintable'],
    ]);
    expect(errors[0]?.message).toContain('"東京都港区"');
  });

  it('treats a punctuation-only line 2 as absent', () => {
    expect(ok(normalizeAddress({ ...valid, line2: ' - ' })).line2).toBeNull();
  });

  it('rejects a delivery line longer than 64 characters', () => {
    const line1 = '1234 Extraordinarily Long Named Memorial Parkway Of The Founding Fathers';
    const errors = errorsOf({ ...valid, line1 });
    expect(errors).toHaveLength(1);
    expect(errors[0]?.field).toBe('line1');
    expect(errors[0]?.code).toBe('too_long');
    expect(errors[0]?.message).toMatch(/is 72 characters after standardizing; USPS allows at most 64$/);
  });

  it('rejects a military state with a civilian city (Pub 28 §225)', () => {
    expect(errorsOf({ ...valid, city: 'Berlin', state: 'AE', zip: '09001' })).toEqual([
      { field: 'city', code: 'military_city', message: 'City "BERLIN" cannot be used with military state AE; it must be APO, FPO or DPO' },
    ]);
  });

  it('tolerates missing or non-string fields from untyped callers', () => {
    const loose = normalizeAddress({ line1: undefined, city: null, state: 42, zip: {} } as unknown as AddressInput);
    expect(loose.ok).toBe(false);
    expect(normalizeAddress(null as unknown as AddressInput).ok).toBe(false);
  });
});
