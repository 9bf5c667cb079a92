/**
 * Named data sets for tests, benchmarks and demos, so a test says what it
 * needs ("a packing day") instead of repeating magic numbers.
 */
import type { DemoOptions } from './options';

export type ScenarioName = 'empty' | 'small' | 'packing-day' | 'large';

/** Reference data only: distribution centers and the demo staff, so sign-in works on a fresh install. */
export function emptyScenario(): DemoOptions {
  return { customers: 0, shipments: 0, seed: 1, titles: 0 };
}

/** Fast enough for every unit test; still every table, every DC and every status. */
export function smallScenario(): DemoOptions {
  return { customers: 50, shipments: 400, seed: 7 };
}

/** A busy morning: every DC has a queue of allocated orders to pack. */
export function packingDayScenario(): DemoOptions {
  return { customers: 600, shipments: 5000, seed: 11, allocatedShare: 0.06 };
}

/** The performance target: 250k customers, 1M shipments. */
export function largeScenario(): DemoOptions {
  return { customers: 250_000, shipments: 1_000_000, seed: 1 };
}

export const SCENARIOS: Readonly<Record<ScenarioName, () => DemoOptions>> = {
  empty: emptyScenario,
  small: smallScenario,
  'packing-day': packingDayScenario,
  large: largeScenario,
};

export function isScenarioName(name: string): name is ScenarioName {
  return Object.prototype.hasOwnProperty.call(SCENARIOS, name);
}

/** A scenario with overrides, e.g. a fixed `now` for tests that compare two runs. */
export function scenario(name: ScenarioName, overrides: Partial<DemoOptions> = {}): DemoOptions {
  return { ...SCENARIOS[name](), ...overrides };
}
