/** Public API of the postal module: Pub 28 address standardization, the USPS-B-3200 IMb encoder, the STID table, IMpb (Pub 199), Business Reply Mail and permit imprint indicia. */
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
export {
  BRM_STID,
  CORRECTION_METHODS,
  ENDORSEMENTS,
  SERVICE_OPTIONS,
  addressCorrectionKey,
  firstClassStid,
  firstClassStids,
  parseAddressCorrection,
  stidRefusal,
  type AddressCorrection,
  type CorrectionMethod,
  type EndorsementKind,
  type LetterServiceRequest,
  type ServiceOption,
  type StidChoice,
} from './stid';
export {
  IMPB_ROUTING_AI,
  IMPB_SERVICE_TYPE_CODES,
  IMPB_TRACKING_DIGITS,
  ImpbError,
  buildImpbTrackingNumber,
  formatImpbTracking,
  impbChannel,
  impbCheckDigit,
  impbHumanReadableData,
  impbRoutingElement,
  isValidImpbTrackingNumber,
  type ImpbMailClass,
  type ImpbParts,
} from './impb';
export { BRM_TEXT, brmImb, brmImbDigits, brmPermitLine, brmStid, isBrmStid, parseImbDigits, type BrmImbInput, type ParsedImb } from './business-reply';
export { FIM_INCHES, FIM_PATTERNS, INDICIA_MAIL_CLASS_MARKINGS, permitImprintLines, type FimKind, type IndiciaMailClass, type PermitImprint } from './indicia';
