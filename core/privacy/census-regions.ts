/**
 * US Census Bureau regions (Census Regions and Divisions of the United
 * States), for aggregate reports at a coarser grain than the state: a partner
 * report by region has larger groups, so fewer cells are withheld.
 */
export const CENSUS_REGIONS = ['Northeast', 'Midwest', 'South', 'West'] as const;
export type CensusRegion = (typeof CENSUS_REGIONS)[number];

/** Territories and military addresses belong to no census region. */
export const OUTSIDE_REGIONS = 'Other';

const REGION_STATES: Readonly<Record<CensusRegion, readonly string[]>> = {
  Northeast: ['CT', 'ME', 'MA', 'NH', 'RI', 'VT', 'NJ', 'NY', 'PA'],
  Midwest: ['IL', 'IN', 'MI', 'OH', 'WI', 'IA', 'KS', 'MN', 'MO', 'NE', 'ND', 'SD'],
  South: ['DE', 'DC', 'FL', 'GA', 'MD', 'NC', 'SC', 'VA', 'WV', 'AL', 'KY', 'MS', 'TN', 'AR', 'LA', 'OK', 'TX'],
  West: ['AZ', 'CO', 'ID', 'MT', 'NV', 'NM', 'UT', 'WY', 'AK', 'CA', 'HI', 'OR', 'WA'],
};

const REGION_BY_STATE: ReadonlyMap<string, CensusRegion> = new Map(
  CENSUS_REGIONS.flatMap((region) => REGION_STATES[region].map((state) => [state, region] as const)),
);

export function censusRegionOf(state: string): CensusRegion | typeof OUTSIDE_REGIONS {
  return REGION_BY_STATE.get(state.trim().toUpperCase()) ?? OUTSIDE_REGIONS;
}
