/**
 * USPS Publication 28, Appendix C2 "Secondary Unit Designators".
 *
 * `requiresRange` mirrors C2's asterisk: those designators must be followed
 * by a secondary range (APT 4B); the others stand alone (REAR, PH).
 */
export interface UnitDesignator {
  readonly name: string;
  readonly abbreviation: string;
  readonly requiresRange: boolean;
}

export const PUB28_C2_UNITS: readonly UnitDesignator[] = [
  { name: 'APARTMENT', abbreviation: 'APT', requiresRange: true },
  { name: 'BASEMENT', abbreviation: 'BSMT', requiresRange: false },
  { name: 'BUILDING', abbreviation: 'BLDG', requiresRange: true },
  { name: 'DEPARTMENT', abbreviation: 'DEPT', requiresRange: true },
  { name: 'FLOOR', abbreviation: 'FL', requiresRange: true },
  { name: 'FRONT', abbreviation: 'FRNT', requiresRange: false },
  { name: 'HANGAR', abbreviation: 'HNGR', requiresRange: true },
  { name: 'KEY', abbreviation: 'KEY', requiresRange: true },
  { name: 'LOBBY', abbreviation: 'LBBY', requiresRange: false },
  { name: 'LOT', abbreviation: 'LOT', requiresRange: true },
  { name: 'LOWER', abbreviation: 'LOWR', requiresRange: false },
  { name: 'OFFICE', abbreviation: 'OFC', requiresRange: false },
  { name: 'PENTHOUSE', abbreviation: 'PH', requiresRange: false },
  { name: 'PIER', abbreviation: 'PIER', requiresRange: true },
  { name: 'REAR', abbreviation: 'REAR', requiresRange: false },
  { name: 'ROOM', abbreviation: 'RM', requiresRange: true },
  { name: 'SIDE', abbreviation: 'SIDE', requiresRange: false },
  { name: 'SLIP', abbreviation: 'SLIP', requiresRange: true },
  { name: 'SPACE', abbreviation: 'SPC', requiresRange: true },
  { name: 'STOP', abbreviation: 'STOP', requiresRange: true },
  { name: 'SUITE', abbreviation: 'STE', requiresRange: true },
  { name: 'TRAILER', abbreviation: 'TRLR', requiresRange: true },
  { name: 'UNIT', abbreviation: 'UNIT', requiresRange: true },
  { name: 'UPPER', abbreviation: 'UPPR', requiresRange: false },
];

/**
 * Spellings seen on customer input that C2 does not list but that can only
 * mean a C2 designator. Kept short on purpose: anything ambiguous with a
 * street word (e.g. "SP", "BOX") is left out.
 */
const COMMON_UNIT_VARIANTS: readonly (readonly [variant: string, abbreviation: string])[] = [
  ['APPT', 'APT'],
  ['APTMT', 'APT'],
  ['BLD', 'BLDG'],
  ['BLDNG', 'BLDG'],
  ['FLR', 'FL'],
  ['SUIT', 'STE'],
  // C1 standardizes the suffix TRLRS to TRLR, which is a C2 designator; reading
  // TRLRS as one too keeps a line's meaning the same before and after.
  ['TRLRS', 'TRLR'],
];

function buildUnitMap(): ReadonlyMap<string, UnitDesignator> {
  const byAbbreviation = new Map(PUB28_C2_UNITS.map((unit) => [unit.abbreviation, unit] as const));
  const map = new Map<string, UnitDesignator>();
  for (const unit of PUB28_C2_UNITS) {
    map.set(unit.name, unit);
    map.set(unit.abbreviation, unit);
  }
  for (const [variant, abbreviation] of COMMON_UNIT_VARIANTS) {
    const unit = byAbbreviation.get(abbreviation);
    if (unit && !map.has(variant)) map.set(variant, unit);
  }
  return map;
}

/** Any accepted spelling -> its C2 designator. */
export const UNIT_DESIGNATORS: ReadonlyMap<string, UnitDesignator> = buildUnitMap();

export function unitDesignator(word: string): UnitDesignator | undefined {
  return UNIT_DESIGNATORS.get(word);
}

/**
 * Pub 28 §213: "#" stands in for a designator only when the real one is not
 * known; it is printed with a space before the secondary number ("# 4B").
 */
export const UNKNOWN_UNIT_DESIGNATOR = '#';
