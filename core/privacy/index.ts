/**
 * Public API of the privacy module: personal information in customer text
 * (review moderation, anonymous quotes) and small-group suppression for
 * aggregate partner reports. Pure: no I/O, no clock.
 */
export { findPersonalInfo, type PiiContext, type PiiKind, type PiiSpan } from './pii-detect';
export { redactSpans, DEFAULT_REPLACEMENT, type Redaction, type RedactionLogEntry } from './redact';
export { mergeOverlapping, type RawSpan } from './spans';
export {
  DEFAULT_MIN_GROUP_SIZE,
  SuppressCubeInputSchema,
  SuppressTableInputSchema,
  checkDifferencing,
  suppressCube,
  suppressGenreRegionMonth,
  suppressTable,
  suppressTableConsistentWith,
  type ComplementStrategy,
  type DifferencingIssue,
  type GenreRegionMonthInput,
  type GenreRegionMonthReport,
  type LabelledEntry,
  type ReleasedTable,
  type SuppressCubeInput,
  type SuppressedCube,
  type SuppressedEntry,
  type SuppressedTable,
  type SuppressionReason,
  type SuppressTableInput,
  type TableEntryRef,
  type TableIndex,
} from './small-cell-suppression';
export {
  AnonymizeStatementInputSchema,
  PLACEHOLDERS,
  anonymizeStatement,
  type AnonymizeStatementInput,
  type AnonymousStatement,
  type StatementDetailKind,
} from './anonymous-statement';
export { findDates, type DateSpan } from './dates';
