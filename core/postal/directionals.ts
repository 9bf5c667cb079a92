/**
 * Directionals, USPS Publication 28 §233: pre- and post-directionals are
 * printed as their one- or two-letter abbreviation.
 */
export const PUB28_DIRECTIONALS: readonly (readonly [name: string, abbreviation: string])[] = [
  ['NORTH', 'N'],
  ['EAST', 'E'],
  ['SOUTH', 'S'],
  ['WEST', 'W'],
  ['NORTHEAST', 'NE'],
  ['SOUTHEAST', 'SE'],
  ['NORTHWEST', 'NW'],
  ['SOUTHWEST', 'SW'],
];

const DIRECTIONAL_MAP: ReadonlyMap<string, string> = new Map(
  PUB28_DIRECTIONALS.flatMap(([name, abbreviation]) => [
    [name, abbreviation] as const,
    [abbreviation, abbreviation] as const,
  ]),
);

/** Spelled-out or abbreviated directional -> abbreviation; undefined for any other word. */
export function directionalAbbreviation(word: string): string | undefined {
  return DIRECTIONAL_MAP.get(word);
}

/**
 * §233: a directional written as two words ("NORTH WEST", "SOUTH EAST") is
 * the one two-letter directional. Only the spelled-out cardinal pairs count;
 * two single letters ("N W") could as well be a street named W.
 */
export function twoWordDirectional(first: string, second: string): string | undefined {
  if ((first === 'NORTH' || first === 'SOUTH') && (second === 'EAST' || second === 'WEST')) {
    return `${first.charAt(0)}${second.charAt(0)}`;
  }
  return undefined;
}
