/**
 * Typed errors that cross every boundary (IPC, the web host, the central API).
 * Each code has a default message written for the person at the station; a
 * thrower may give a more specific one (STYLE: `DISC_WRONG_TITLE: ...`).
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

export interface FieldIssue {
  /** Dotted path of the field, e.g. `address.zip`. */
  field: string;
  message: string;
}

export interface AppErrorShape {
  code: ErrorCode;
  message: string;
  fields?: FieldIssue[];
}

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: FieldIssue[];
  constructor(code: ErrorCode, message?: string, fields?: FieldIssue[]) {
    super(message ?? ERROR_CODES[code]);
    this.name = 'AppError';
    this.code = code;
    if (fields) this.fields = fields;
  }
  toJSON(): AppErrorShape {
    return { code: this.code, message: this.message, ...(this.fields ? { fields: this.fields } : {}) };
  }
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
