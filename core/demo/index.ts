export { generateDemo, discAlias, discBarcode, PLAN_PRICES, type DemoData } from './generate';
export { DemoOptionsSchema, DEMO_POLICY_VERSION, DEFAULT_ALLOCATED_SHARE, type DemoOptions, type ResolvedDemoOptions } from './options';
export { summarizeDemo, formatDemoCounts, type DemoSummary } from './summary';
export {
  SCENARIOS, scenario, emptyScenario, smallScenario, packingDayScenario, largeScenario, isScenarioName,
  type ScenarioName,
} from './scenarios';
export { DEMO_STAFF, demoStaffId, type DemoStaffMember } from './staff';
export { DISTRIBUTION_CENTERS, STATE_CODES, type DcCode } from './reference/places';
export { registrationPreferences, asciiFold } from './derive';
export { Rng, demoUlid } from './rng';
export * from './rows';
