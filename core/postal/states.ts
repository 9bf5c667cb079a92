/**
 * Two-letter state and possession abbreviations, USPS Publication 28
 * Appendix B, including the Freely Associated States (FM, MH, PW), which
 * are served through US ZIP Codes, and the military "states" of §225.
 */
export const PUB28_STATES: readonly (readonly [name: string, code: string])[] = [
  ['ALABAMA', 'AL'],
  ['ALASKA', 'AK'],
  ['AMERICAN SAMOA', 'AS'],
  ['ARIZONA', 'AZ'],
  ['ARKANSAS', 'AR'],
  ['CALIFORNIA', 'CA'],
  ['COLORADO', 'CO'],
  ['CONNECTICUT', 'CT'],
  ['DELAWARE', 'DE'],
  ['DISTRICT OF COLUMBIA', 'DC'],
  ['FEDERATED STATES OF MICRONESIA', 'FM'],
  ['FLORIDA', 'FL'],
  ['GEORGIA', 'GA'],
  ['GUAM', 'GU'],
  ['HAWAII', 'HI'],
  ['IDAHO', 'ID'],
  ['ILLINOIS', 'IL'],
  ['INDIANA', 'IN'],
  ['IOWA', 'IA'],
  ['KANSAS', 'KS'],
  ['KENTUCKY', 'KY'],
  ['LOUISIANA', 'LA'],
  ['MAINE', 'ME'],
  ['MARSHALL ISLANDS', 'MH'],
  ['MARYLAND', 'MD'],
  ['MASSACHUSETTS', 'MA'],
  ['MICHIGAN', 'MI'],
  ['MINNESOTA', 'MN'],
  ['MISSISSIPPI', 'MS'],
  ['MISSOURI', 'MO'],
  ['MONTANA', 'MT'],
  ['NEBRASKA', 'NE'],
  ['NEVADA', 'NV'],
  ['NEW HAMPSHIRE', 'NH'],
  ['NEW JERSEY', 'NJ'],
  ['NEW MEXICO', 'NM'],
  ['NEW YORK', 'NY'],
  ['NORTH CAROLINA', 'NC'],
  ['NORTH DAKOTA', 'ND'],
  ['NORTHERN MARIANA ISLANDS', 'MP'],
  ['OHIO', 'OH'],
  ['OKLAHOMA', 'OK'],
  ['OREGON', 'OR'],
  ['PALAU', 'PW'],
  ['PENNSYLVANIA', 'PA'],
  ['PUERTO RICO', 'PR'],
  ['RHODE ISLAND', 'RI'],
  ['SOUTH CAROLINA', 'SC'],
  ['SOUTH DAKOTA', 'SD'],
  ['TENNESSEE', 'TN'],
  ['TEXAS', 'TX'],
  ['UTAH', 'UT'],
  ['VERMONT', 'VT'],
  ['VIRGIN ISLANDS', 'VI'],
  ['VIRGINIA', 'VA'],
  ['WASHINGTON', 'WA'],
  ['WEST VIRGINIA', 'WV'],
  ['WISCONSIN', 'WI'],
  ['WYOMING', 'WY'],
  // Pub 28 §225 / Appendix B: overseas military mail.
  ['ARMED FORCES AFRICA', 'AE'],
  ['ARMED FORCES AMERICAS', 'AA'],
  ['ARMED FORCES CANADA', 'AE'],
  ['ARMED FORCES EUROPE', 'AE'],
  ['ARMED FORCES MIDDLE EAST', 'AE'],
  ['ARMED FORCES PACIFIC', 'AP'],
];

/** Other names customers type for the same places (not in Appendix B, unambiguous). */
const STATE_NAME_VARIANTS: readonly (readonly [name: string, code: string])[] = [
  ['WASHINGTON DC', 'DC'],
  ['WASHINGTON D C', 'DC'],
  ['US VIRGIN ISLANDS', 'VI'],
  ['U S VIRGIN ISLANDS', 'VI'],
  ['UNITED STATES VIRGIN ISLANDS', 'VI'],
  ['NORTHERN MARIANAS', 'MP'],
  ['MICRONESIA', 'FM'],
  ['ARMED FORCES AMERICAS EXCEPT CANADA', 'AA'],
];

/** Pub 28 §225: AA, AE and AP take APO, FPO or DPO as the city. */
export const MILITARY_STATE_CODES: ReadonlySet<string> = new Set(['AA', 'AE', 'AP']);
export const MILITARY_CITIES: ReadonlySet<string> = new Set(['APO', 'FPO', 'DPO']);

const STATE_LOOKUP: ReadonlyMap<string, string> = (() => {
  const map = new Map<string, string>();
  for (const [name, code] of [...PUB28_STATES, ...STATE_NAME_VARIANTS]) {
    map.set(name, code);
    map.set(code, code);
  }
  return map;
})();

/** Cleaned (uppercase, punctuation-free, single-spaced) state name or code -> two-letter code. */
export function stateCode(cleaned: string): string | undefined {
  return STATE_LOOKUP.get(cleaned);
}
