/**
 * What a failed mutation means for the station that pushed it (issue 12).
 *
 * A change that can never succeed is REJECTED (recorded with its reason, and
 * the client's ledger moves past it, so one bad change never blocks a
 * station): a mutator's own refusal, data the database refuses (SQLSTATE
 * class 22: a NUL byte, a number out of range; SQLite's MISMATCH, TOOBIG,
 * RANGE), data that contradicts what is stored (class 23; SQLITE_CONSTRAINT),
 * and a program error (a TypeError in a mutator, SQL the database cannot run:
 * it would fail the same way every time; logged).
 *
 * Only a failure of the moment is TRANSIENT, and leaves the change pending
 * for the station's next push: the connection was lost (class 08, a socket
 * error, a pool timeout), a serialization failure (40001), a deadlock
 * (40P01), the database shutting down or restarting (57P01-57P03), out of
 * resources (class 53), a cancelled statement (57014), a named statement
 * that a migration made stale or a pooler lost (`prepared-statements.ts`: the
 * retry runs it renamed or unnamed); SQLite busy or locked,
 * an I/O error, a full disk. An error with no code at all (node-postgres's
 * "Connection terminated unexpectedly") is treated as transient too: retrying
 * costs a push, rejecting would lose the change.
 */
import type { Reason } from '../../core/errors';
import { isNamedStatementFailure } from '../../platform/prepared-statements';

export type FailureClass = { kind: 'transient' } | { kind: 'rejected'; reason: Reason; message: string; programError: boolean };

const TRANSIENT_SQLSTATES = new Set(['40001', '40P01', '57P01', '57P02', '57P03', '57014', '55P03']);
const TRANSIENT_SQLSTATE_CLASSES = new Set(['08', '53']);
const TRANSIENT_SQLITE = /^SQLITE_(BUSY|LOCKED|IOERR|FULL|NOMEM|CANTOPEN|INTERRUPT|PROTOCOL)/;
const DATA_INVALID_SQLITE = /^SQLITE_(MISMATCH|TOOBIG|RANGE)/;
const SOCKET_ERRORS = new Set(['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);

export const FAILURE_MESSAGES = {
  DATA_INVALID: 'The central office’s database cannot store a value in this change (an invisible character, or a number out of range), so it was not applied.',
  DATA_CONFLICT: 'The change contradicts data the central office holds (a duplicate or a missing reference).',
  MUTATOR_FAILED: 'The central office could not apply this change (a program error, logged).',
} as const;

const rejected = (reason: keyof typeof FAILURE_MESSAGES, programError = false): FailureClass => ({ kind: 'rejected', reason, message: FAILURE_MESSAGES[reason], programError });

/** The SQLSTATE of a PostgreSQL error (five characters), or null. */
function sqlstate(code: string): string | null {
  return /^[0-9A-Z]{5}$/.test(code) ? code : null;
}

export function classifyFailure(err: unknown): FailureClass {
  const e = err as { code?: unknown; errno?: unknown; name?: unknown } | null;
  const code = typeof e?.code === 'string' ? e.code : null;
  if (code) {
    if (SOCKET_ERRORS.has(code)) return { kind: 'transient' };
    const state = sqlstate(code);
    if (state) {
      if (isNamedStatementFailure(err)) return { kind: 'transient' };
      if (TRANSIENT_SQLSTATES.has(state) || TRANSIENT_SQLSTATE_CLASSES.has(state.slice(0, 2))) return { kind: 'transient' };
      if (state.startsWith('22')) return rejected('DATA_INVALID');
      if (state.startsWith('23')) return rejected('DATA_CONFLICT');
      return rejected('MUTATOR_FAILED', true);
    }
    if (code.startsWith('SQLITE_')) {
      if (TRANSIENT_SQLITE.test(code)) return { kind: 'transient' };
      if (code.startsWith('SQLITE_CONSTRAINT')) return rejected('DATA_CONFLICT');
      if (DATA_INVALID_SQLITE.test(code)) return rejected('DATA_INVALID');
      return rejected('MUTATOR_FAILED', true);
    }
  }
  if (e?.name === 'KnexTimeoutError') return { kind: 'transient' };
  if (err instanceof TypeError || err instanceof RangeError || err instanceof SyntaxError || err instanceof ReferenceError) return rejected('MUTATOR_FAILED', true);
  return { kind: 'transient' };
}
