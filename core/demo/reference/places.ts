/**
 * Real places for demo addresses: every city/state/ZIP5 triple below exists,
 * so the Pub 28 normaliser, the IMb routing code and state validation see
 * what production sees. The ZIP+4 add-on is invented (no public table).
 */

export interface DemoCity {
  /** As a person types it. */
  name: string;
  state: string;
  zip5: string;
}

const city = (name: string, state: string, zip5: string): DemoCity => ({ name, state, zip5 });

export const CITIES: readonly DemoCity[] = [
  city('San Jose', 'CA', '95123'), city('San Jose', 'CA', '95112'), city('San Francisco', 'CA', '94110'),
  city('San Francisco', 'CA', '94117'), city('Los Angeles', 'CA', '90026'), city('Los Angeles', 'CA', '90027'),
  city('San Diego', 'CA', '92104'), city('Sacramento', 'CA', '95816'), city('Oakland', 'CA', '94610'),
  city('Fresno', 'CA', '93704'), city('Long Beach', 'CA', '90803'), city('Pasadena', 'CA', '91101'),
  city('Santa Monica', 'CA', '90405'), city('Berkeley', 'CA', '94703'), city('Irvine', 'CA', '92614'),
  city('Santa Cruz', 'CA', '95060'), city('Sunnyvale', 'CA', '94086'), city('Los Gatos', 'CA', '95030'),
  city('Seattle', 'WA', '98103'), city('Seattle', 'WA', '98122'), city('Spokane', 'WA', '99201'),
  city('Tacoma', 'WA', '98403'), city('Bellevue', 'WA', '98004'), city('Olympia', 'WA', '98501'),
  city('Portland', 'OR', '97214'), city('Eugene', 'OR', '97401'), city('Salem', 'OR', '97301'),
  city('Las Vegas', 'NV', '89104'), city('Reno', 'NV', '89501'),
  city('Phoenix', 'AZ', '85004'), city('Tucson', 'AZ', '85719'), city('Tempe', 'AZ', '85281'), city('Flagstaff', 'AZ', '86001'),
  city('Salt Lake City', 'UT', '84102'), city('Provo', 'UT', '84601'),
  city('Boise', 'ID', '83702'),
  city('Missoula', 'MT', '59801'), city('Billings', 'MT', '59101'),
  city('Cheyenne', 'WY', '82001'), city('Laramie', 'WY', '82070'),
  city('Denver', 'CO', '80206'), city('Boulder', 'CO', '80302'), city('Colorado Springs', 'CO', '80903'),
  city('Albuquerque', 'NM', '87106'), city('Santa Fe', 'NM', '87501'),
  city('Anchorage', 'AK', '99501'), city('Fairbanks', 'AK', '99701'),
  city('Honolulu', 'HI', '96813'), city('Hilo', 'HI', '96720'),
  city('Dallas', 'TX', '75204'), city('Austin', 'TX', '78704'), city('Houston', 'TX', '77006'),
  city('San Antonio', 'TX', '78209'), city('El Paso', 'TX', '79902'), city('Fort Worth', 'TX', '76104'),
  city('Plano', 'TX', '75093'), city('Lubbock', 'TX', '79401'),
  city('Oklahoma City', 'OK', '73103'), city('Tulsa', 'OK', '74103'), city('Norman', 'OK', '73069'),
  city('Wichita', 'KS', '67202'), city('Lawrence', 'KS', '66044'), city('Topeka', 'KS', '66603'),
  city('Omaha', 'NE', '68102'), city('Lincoln', 'NE', '68508'),
  city('New Orleans', 'LA', '70115'), city('Baton Rouge', 'LA', '70802'), city('Lafayette', 'LA', '70501'),
  city('Little Rock', 'AR', '72201'), city('Fayetteville', 'AR', '72701'),
  city('St. Louis', 'MO', '63104'), city('Kansas City', 'MO', '64111'), city('Columbia', 'MO', '65201'),
  city('Des Moines', 'IA', '50309'), city('Iowa City', 'IA', '52240'), city('Cedar Rapids', 'IA', '52401'),
  city('Minneapolis', 'MN', '55408'), city('St. Paul', 'MN', '55102'), city('Duluth', 'MN', '55802'),
  city('Madison', 'WI', '53703'), city('Milwaukee', 'WI', '53202'), city('Green Bay', 'WI', '54301'),
  city('Chicago', 'IL', '60614'), city('Chicago', 'IL', '60657'), city('Evanston', 'IL', '60201'),
  city('Springfield', 'IL', '62701'), city('Naperville', 'IL', '60540'), city('Champaign', 'IL', '61820'),
  city('Indianapolis', 'IN', '46204'), city('Bloomington', 'IN', '47401'), city('Fort Wayne', 'IN', '46802'),
  city('Detroit', 'MI', '48226'), city('Ann Arbor', 'MI', '48104'), city('Grand Rapids', 'MI', '49503'), city('Lansing', 'MI', '48933'),
  city('Columbus', 'OH', '43215'), city('Cleveland', 'OH', '44113'), city('Cincinnati', 'OH', '45202'),
  city('Dayton', 'OH', '45402'), city('Toledo', 'OH', '43604'),
  city('Louisville', 'KY', '40204'), city('Lexington', 'KY', '40502'),
  city('Nashville', 'TN', '37203'), city('Memphis', 'TN', '38104'), city('Knoxville', 'TN', '37902'), city('Chattanooga', 'TN', '37402'),
  city('Atlanta', 'GA', '30307'), city('Savannah', 'GA', '31401'), city('Athens', 'GA', '30601'),
  city('Decatur', 'GA', '30030'), city('Macon', 'GA', '31201'),
  city('Miami', 'FL', '33130'), city('Orlando', 'FL', '32801'), city('Tampa', 'FL', '33602'),
  city('Jacksonville', 'FL', '32202'), city('Gainesville', 'FL', '32601'), city('Tallahassee', 'FL', '32301'),
  city('Fort Lauderdale', 'FL', '33301'), city('St. Petersburg', 'FL', '33701'),
  city('Birmingham', 'AL', '35203'), city('Montgomery', 'AL', '36104'), city('Huntsville', 'AL', '35801'), city('Mobile', 'AL', '36602'),
  city('Jackson', 'MS', '39201'), city('Oxford', 'MS', '38655'),
  city('Charleston', 'SC', '29401'), city('Columbia', 'SC', '29201'), city('Greenville', 'SC', '29601'),
  city('Charlotte', 'NC', '28202'), city('Raleigh', 'NC', '27601'), city('Durham', 'NC', '27701'),
  city('Asheville', 'NC', '28801'), city('Greensboro', 'NC', '27401'),
  city('Richmond', 'VA', '23220'), city('Arlington', 'VA', '22201'), city('Norfolk', 'VA', '23510'), city('Charlottesville', 'VA', '22903'),
  city('Washington', 'DC', '20009'), city('Washington', 'DC', '20002'),
  city('Baltimore', 'MD', '21201'), city('Bethesda', 'MD', '20814'), city('Annapolis', 'MD', '21401'),
  city('Wilmington', 'DE', '19801'), city('Newark', 'DE', '19711'),
  city('Philadelphia', 'PA', '19103'), city('Pittsburgh', 'PA', '15213'), city('Harrisburg', 'PA', '17101'), city('Allentown', 'PA', '18101'),
  city('Newark', 'NJ', '07102'), city('Jersey City', 'NJ', '07302'), city('Hoboken', 'NJ', '07030'),
  city('Princeton', 'NJ', '08540'), city('Trenton', 'NJ', '08608'),
  city('New York', 'NY', '10025'), city('New York', 'NY', '10003'), city('Brooklyn', 'NY', '11215'),
  city('Buffalo', 'NY', '14201'), city('Rochester', 'NY', '14604'), city('Albany', 'NY', '12210'),
  city('Ithaca', 'NY', '14850'), city('Syracuse', 'NY', '13202'),
  city('Hartford', 'CT', '06103'), city('New Haven', 'CT', '06511'), city('Stamford', 'CT', '06901'),
  city('Providence', 'RI', '02903'),
  city('Boston', 'MA', '02116'), city('Cambridge', 'MA', '02139'), city('Worcester', 'MA', '01608'), city('Springfield', 'MA', '01103'),
  city('Burlington', 'VT', '05401'), city('Montpelier', 'VT', '05602'),
  city('Manchester', 'NH', '03101'), city('Concord', 'NH', '03301'),
  city('Portland', 'ME', '04101'), city('Bangor', 'ME', '04401'),
  city('Charleston', 'WV', '25301'), city('Morgantown', 'WV', '26505'),
  city('Fargo', 'ND', '58102'), city('Bismarck', 'ND', '58501'),
  city('Sioux Falls', 'SD', '57104'), city('Rapid City', 'SD', '57701'),
];

export interface DemoState {
  /** Relative population (hundreds of thousands, circa 2003): where customers live. */
  weight: number;
  /** Real area codes of the state, for fictional 555-01xx numbers. */
  areaCodes: readonly string[];
  /** The distribution center that serves it (nearest by road). */
  dc: DcCode;
}

export type DcCode = 'SJC' | 'SEA' | 'DFW' | 'ORD' | 'ATL' | 'EWR';

const st = (weight: number, dc: DcCode, codes: string): DemoState => ({ weight, dc, areaCodes: codes.split(' ') });

/** The 50 states and DC: exactly the USPS codes a customer address may carry here. */
export const STATES: Readonly<Record<string, DemoState>> = {
  AL: st(44, 'ATL', '205 256 334 251'), AK: st(6, 'SEA', '907'), AZ: st(51, 'SJC', '602 520 480 928'),
  AR: st(27, 'DFW', '501 479'), CA: st(340, 'SJC', '408 415 510 650 213 310 323 619 858 916 559 714 949 831 626 562 818'),
  CO: st(43, 'DFW', '303 720 719'), CT: st(34, 'EWR', '860 203'), DE: st(8, 'EWR', '302'), DC: st(6, 'EWR', '202'),
  FL: st(160, 'ATL', '305 407 813 904 352 850 954 727 561'), GA: st(82, 'ATL', '404 770 678 912 706 478'),
  HI: st(12, 'SJC', '808'), ID: st(13, 'SEA', '208'), IL: st(124, 'ORD', '312 773 847 630 217'),
  IN: st(60, 'ORD', '317 812 260'), IA: st(29, 'ORD', '515 319'), KS: st(27, 'DFW', '316 785'),
  KY: st(40, 'ATL', '502 859'), LA: st(45, 'DFW', '504 225 337'), ME: st(13, 'EWR', '207'),
  MD: st(53, 'EWR', '410 301 443'), MA: st(63, 'EWR', '617 508 413 781 978'), MI: st(100, 'ORD', '313 734 616 517 248'),
  MN: st(49, 'ORD', '612 651 218'), MS: st(28, 'ATL', '601 662'), MO: st(56, 'ORD', '314 816 573'),
  MT: st(9, 'SEA', '406'), NE: st(17, 'ORD', '402'), NV: st(20, 'SJC', '702 775'), NH: st(12, 'EWR', '603'),
  NJ: st(84, 'EWR', '973 201 609 908 732'), NM: st(18, 'DFW', '505'),
  NY: st(190, 'EWR', '212 718 917 646 716 585 518 607 315'), NC: st(80, 'ATL', '704 919 828 336 910'),
  ND: st(6, 'ORD', '701'), OH: st(114, 'ORD', '614 216 513 937 419 440'), OK: st(35, 'DFW', '405 918'),
  OR: st(34, 'SEA', '503 541 971'), PA: st(123, 'EWR', '215 412 717 610 267'), RI: st(10, 'EWR', '401'),
  SC: st(40, 'ATL', '843 803 864'), SD: st(8, 'ORD', '605'), TN: st(57, 'ATL', '615 901 865 423'),
  TX: st(210, 'DFW', '214 972 469 512 713 281 210 915 817 806'), UT: st(22, 'SJC', '801 385'), VT: st(6, 'EWR', '802'),
  VA: st(70, 'EWR', '804 703 571 757 434'), WA: st(59, 'SEA', '206 509 253 425 360'), WV: st(18, 'EWR', '304'),
  WI: st(54, 'ORD', '608 414 920'), WY: st(5, 'SEA', '307'),
};

export const STATE_CODES: readonly string[] = Object.keys(STATES);

export interface DemoDistributionCenter {
  code: DcCode;
  name: string;
  line1: string;
  city: string;
  state: string;
  zip5: string;
  zip4: string | null;
  /** USPS-B-3200: a 6-digit Mailer ID never starts with 9 (9 marks the 9-digit form). */
  mailerId: string;
  timezone: string;
  /**
   * Postal set-up (issue 17), made up for the demo: permit numbers and BRM
   * ZIP+4s are not real ones. The DCs differ in their services so the STID
   * table and the endorsements are exercised across the demo.
   */
  postal: {
    permitNumber: string;
    brmPermitNumber: string;
    brmZip4: string;
    serviceOption: 'basic' | 'full-service';
    addressCorrection: string;
    imbTracing: boolean;
    brmTracing: boolean;
  };
}

/** Real industrial streets in real cities; stored already in Pub 28 form. */
export const DISTRIBUTION_CENTERS: readonly DemoDistributionCenter[] = [
  { code: 'SJC', name: 'San Jose', line1: '2150 TRADE ZONE BLVD', city: 'SAN JOSE', state: 'CA', zip5: '95131', zip4: null, mailerId: '314159', timezone: 'America/Los_Angeles', postal: { permitNumber: '1024', brmPermitNumber: '2048', brmZip4: '9901', serviceOption: 'basic', addressCorrection: 'onecode-acs/ASR/2', imbTracing: true, brmTracing: false } },
  { code: 'SEA', name: 'Seattle', line1: '2400 AIRPORT WAY S', city: 'SEATTLE', state: 'WA', zip5: '98134', zip4: null, mailerId: '271828', timezone: 'America/Los_Angeles', postal: { permitNumber: '311', brmPermitNumber: '4211', brmZip4: '9902', serviceOption: 'basic', addressCorrection: 'none', imbTracing: true, brmTracing: false } },
  { code: 'DFW', name: 'Dallas', line1: '4100 PLATINUM WAY', city: 'DALLAS', state: 'TX', zip5: '75237', zip4: null, mailerId: '161803', timezone: 'America/Chicago', postal: { permitNumber: '5150', brmPermitNumber: '5151', brmZip4: '9903', serviceOption: 'basic', addressCorrection: 'manual/RSR', imbTracing: true, brmTracing: true } },
  { code: 'ORD', name: 'Chicago', line1: '2801 S WESTERN AVE', city: 'CHICAGO', state: 'IL', zip5: '60608', zip4: null, mailerId: '141421', timezone: 'America/Chicago', postal: { permitNumber: '606', brmPermitNumber: '608', brmZip4: '9904', serviceOption: 'basic', addressCorrection: 'onecode-acs/CSR/2', imbTracing: true, brmTracing: false } },
  { code: 'ATL', name: 'Atlanta', line1: '3500 SOUTHSIDE INDUSTRIAL PKWY', city: 'ATLANTA', state: 'GA', zip5: '30354', zip4: null, mailerId: '173205', timezone: 'America/New_York', postal: { permitNumber: '404', brmPermitNumber: '470', brmZip4: '9905', serviceOption: 'basic', addressCorrection: 'traditional-acs/RSR/2', imbTracing: false, brmTracing: false } },
  { code: 'EWR', name: 'Newark', line1: '80 DOREMUS AVE', city: 'NEWARK', state: 'NJ', zip5: '07105', zip4: null, mailerId: '223606', timezone: 'America/New_York', postal: { permitNumber: '973', brmPermitNumber: '201', brmZip4: '9906', serviceOption: 'full-service', addressCorrection: 'full-service-acs/ASR/2', imbTracing: true, brmTracing: true } },
];

/** Street name stems; numbered streets are generated separately. */
export const STREETS: readonly string[] = [
  'Main', 'Oak', 'Maple', 'Cedar', 'Pine', 'Elm', 'Washington', 'Lake', 'Hill', 'Park', 'Walnut', 'Sunset',
  'Lincoln', 'Jackson', 'Church', 'Highland', 'Madison', 'Jefferson', 'Franklin', 'Chestnut', 'River', 'Spring',
  'Willow', 'Meadow', 'Forest', 'Ridge', 'Valley', 'Mill', 'Center', 'Adams', 'Lakeview', 'Hillcrest', 'Fairview',
  'Woodland', 'Sycamore', 'Magnolia', 'Dogwood', 'Laurel', 'Birch', 'Aspen', 'Poplar', 'Juniper', 'Cherry',
  'Orchard', 'Prospect', 'Pleasant', 'Union', 'Liberty', 'Market', 'Mission', 'Grand', 'Railroad', 'College',
  'Summit', 'Cypress', 'Hickory', 'Holly', 'Locust', 'Mulberry', 'Redwood', 'Sequoia', 'Bayview', 'Harbor',
  'Canyon', 'Mesa', 'Vista', 'Sierra', 'Alder', 'Monroe', 'Hamilton', 'Kennedy', 'Roosevelt', 'Wilson',
  'Cleveland', 'Garfield', 'Grant', 'Hawthorne', 'Linden', 'Briarwood', 'Greenwood', 'Kingston', 'Oxford',
  'Cambridge', 'Stratford', 'Windsor', 'Rosewood', 'Beechwood', 'Brookside', 'Country Club', 'Old Mill',
];

/** [as typed, Pub 28 Appendix C1 abbreviation]. */
export const STREET_SUFFIXES: readonly (readonly [string, string])[] = [
  ['Street', 'ST'], ['Avenue', 'AVE'], ['Road', 'RD'], ['Drive', 'DR'], ['Lane', 'LN'], ['Court', 'CT'],
  ['Boulevard', 'BLVD'], ['Place', 'PL'], ['Way', 'WAY'], ['Circle', 'CIR'], ['Parkway', 'PKWY'],
  ['Terrace', 'TER'], ['Trail', 'TRL'], ['Square', 'SQ'], ['Loop', 'LOOP'],
];

/** [as typed, Pub 28 Appendix C2 abbreviation]. */
export const DIRECTIONALS: readonly (readonly [string, string])[] = [
  ['North', 'N'], ['South', 'S'], ['East', 'E'], ['West', 'W'], ['Northeast', 'NE'], ['Southwest', 'SW'],
];
