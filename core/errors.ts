/**
 * Typed errors that cross every boundary (IPC, the web host, the central API).
 *
 * Two fields, two jobs (STYLE: errors as data):
 * - `code`: the small transport vocabulary (`ERROR_CODES`): how a caller treats
 *   the answer (sign in again, retry later, show the fields). Each has a default
 *   message written for the person at the station.
 * - `reason`: the typed domain cause (`REASONS`): what went wrong in the
 *   business's words. Code and tests branch on it; a mutator's refusal, a scan
 *   outcome and a station error share this one vocabulary.
 * The `message` is plain words for a person and never starts with a code.
 */
export const ERROR_CODES = {
  UNKNOWN_METHOD: 'This action does not exist in this version of Backlot.',
  INVALID_INPUT: 'Some of the information entered is not valid.',
  NOT_SIGNED_IN: 'Please sign in first.',
  FORBIDDEN: 'Your role is not allowed to do this. Ask a supervisor.',
  SESSION_LOCKED: 'The station locked after being idle. Enter your PIN to continue.',
  BAD_CREDENTIALS: 'Wrong username or PIN.',
  ACCOUNT_LOCKED: 'Too many wrong attempts. This account is locked for a while; ask a supervisor.',
  RATE_LIMITED: 'Too many attempts from this station. Wait a minute and try again.',
  OFFLINE: 'The central office cannot be reached right now.',
  NOT_FOUND: 'Nothing was found.',
  CONFLICT: 'Someone else changed this at the same time.',
  STATION_NOT_REGISTERED: 'This station is not registered with the central office.',
  BAD_STATION_CREDENTIAL: 'This station is not recognised by the central office.',
  INTERNAL: 'Something went wrong. The error was logged; please try again.',
} as const;

export type ErrorCode = keyof typeof ERROR_CODES;

/**
 * Every domain reason, with the transport code it travels under. One reason,
 * one code: a reason refused at the station's desk and the same reason refused
 * by the central office look the same to the renderer.
 */
export const REASONS = {
  // A customer-service desk (policy: account changes need a verified caller).
  CALLER_NOT_VERIFIED: 'FORBIDDEN',
  CALLER_CHECK_PAUSED: 'RATE_LIMITED',
  EMAIL_TAKEN: 'INVALID_INPUT',
  ADDRESS_NOT_MAILABLE: 'INVALID_INPUT',
  CARD_NOT_ACCEPTED: 'INVALID_INPUT',
  CARD_NEEDS_CENTRAL: 'OFFLINE',
  // Scan-to-verify at packing (core/packing/verify-scan.ts).
  DISC_UNKNOWN: 'CONFLICT',
  DISC_WRONG_TITLE: 'CONFLICT',
  DISC_NOT_IN_STOCK: 'CONFLICT',
  DISC_OTHER_DC: 'CONFLICT',
  DISC_DAMAGED: 'CONFLICT',
  CUSTOMER_NOT_AGE_CERTIFIED: 'CONFLICT',
  ORDER_NOT_OPEN: 'CONFLICT',
  LABEL_NOT_PRINTABLE: 'CONFLICT',
  // Order problems reported on a call (core/sync/mutators/shipment-problem.ts).
  PROBLEM_NOT_REPORTABLE: 'CONFLICT',
  PROBLEM_ALREADY_REPORTED: 'CONFLICT',
  PROBLEM_NOT_AWAITING_APPROVAL: 'CONFLICT',
  /** The station's data follows a window whose scope holds no packing orders: a claim would strand its orders. */
  STATION_NOT_PACKING: 'CONFLICT',
  // Returns.
  RETURN_UNKNOWN_DISC: 'NOT_FOUND',
  RETURN_NOT_OUT: 'CONFLICT',
  // Any change through the outbox (core/sync): why it can never succeed.
  SHIPMENT_ILLEGAL_TRANSITION: 'CONFLICT',
  MUTATOR_UNKNOWN: 'UNKNOWN_METHOD',
  ARGS_INVALID: 'INVALID_INPUT',
  RECORD_NOT_FOUND: 'NOT_FOUND',
  ROLE_NOT_ALLOWED: 'FORBIDDEN',
  OUT_OF_SCOPE: 'FORBIDDEN',
  STAFF_UNKNOWN: 'FORBIDDEN',
  STAFF_INACTIVE: 'FORBIDDEN',
  STAFF_NEVER_HERE: 'FORBIDDEN',
  /** The database refused the data itself (SQLSTATE class 22: a NUL byte, a value out of range). */
  DATA_INVALID: 'INVALID_INPUT',
  /** The data contradicts what is stored (SQLSTATE class 23: a duplicate, a missing reference). */
  DATA_CONFLICT: 'CONFLICT',
  /** A program error in the mutator: running it again would fail the same way (logged). */
  MUTATOR_FAILED: 'INTERNAL',
  /** A partner report that cannot be released without giving a small group away (core/privacy). */
  REPORT_NOT_PROTECTABLE: 'CONFLICT',
  // Text at a boundary (core/text.ts).
  TEXT_UNSAFE: 'INVALID_INPUT',
  // HTTP requests the framework refuses before any route (platform/http-refusals.ts).
  REQUEST_TOO_LARGE: 'INVALID_INPUT',
  REQUEST_NOT_JSON: 'INVALID_INPUT',
  REQUEST_MALFORMED: 'INVALID_INPUT',
  ROUTE_UNKNOWN: 'NOT_FOUND',
} as const satisfies Record<string, ErrorCode>;

export type Reason = keyof typeof REASONS;
export const REASON_LIST = Object.keys(REASONS) as [Reason, ...Reason[]];

export function isReason(value: unknown): value is Reason {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(REASONS, value);
}

export interface FieldIssue {
  /** Dotted path of the field, e.g. `address.zip`. */
  field: string;
  message: string;
}

export interface AppErrorShape {
  code: ErrorCode;
  reason?: Reason;
  message: string;
  fields?: FieldIssue[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly reason?: Reason;
  readonly fields?: FieldIssue[];
  constructor(code: ErrorCode, message?: string, fields?: FieldIssue[], reason?: Reason) {
    super(message ?? ERROR_CODES[code]);
    this.name = 'AppError';
    this.code = code;
    if (fields) this.fields = fields;
    if (reason) this.reason = reason;
  }
  /** A refusal for a domain reason: the transport code is the reason's own. */
  static because(reason: Reason, message: string, fields?: FieldIssue[]): AppError {
    return new AppError(REASONS[reason], message, fields, reason);
  }
  toJSON(): AppErrorShape {
    return {
      code: this.code,
      ...(this.reason ? { reason: this.reason } : {}),
      message: this.message,
      ...(this.fields ? { fields: this.fields } : {}),
    };
  }
}

/** An error shape from another process or the network, as an AppError (an unknown reason is dropped, not trusted). */
export function appErrorFrom(shape: AppErrorShape): AppError {
  return new AppError(shape.code, shape.message, shape.fields, isReason(shape.reason) ? shape.reason : undefined);
}

export function isAppErrorShape(value: unknown): value is AppErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { code?: unknown }).code === 'string' &&
    (value as { code: string }).code in ERROR_CODES &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** The envelope every transport returns: never a thrown exception across a process boundary. */
export type Result<T> = { ok: true; data: T } | { ok: false; error: AppErrorShape };

/** Turns zod issues into field messages a person can act on. */
export function fieldIssuesFromZod(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): FieldIssue[] {
  return issues.map((i) => ({ field: i.path.map(String).join('.') || '(input)', message: i.message }));
}
