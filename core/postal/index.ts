/** Public API of the postal module: Pub 28 address standardization and the USPS-B-3200 IMb encoder. */
export {
  MAX_DELIVERY_LINE_CHARACTERS,
  MAX_DELIVERY_LINE_WORDS,
  MAX_LINE_LENGTH,
  fitsSortingMachines,
  normalizeAddress,
  type AddressError,
  type AddressErrorCode,
  type AddressField,
  type AddressInput,
  type AddressRejected,
  type NormalizeAddressResult,
  type NormalizedAddress,
} from './address';
export {
  ImbError,
  buildTrackingCode,
  formatTrackingDigits,
  imbBars,
  validateImbInput,
  type ImbErrorCode,
  type ImbIssue,
  type TrackingCodeParts,
} from './imb';
export { PUB28_C1_SUFFIXES, SUFFIX_ABBREVIATIONS } from './pub28-suffixes';
export { PUB28_C2_UNITS, type UnitDesignator } from './pub28-units';
export { PUB28_DIRECTIONALS } from './directionals';
export { PUB28_STATES } from './states';
export { parseZip, formatZip, type ParsedZip } from './zip';
