/**
 * Staff sign-in at a registered station, and the sessions it creates.
 *
 * Every attempt leaves an audit row written in the same transaction as the
 * failed-attempt counter it changes. Failures are therefore *returned* from
 * the transaction and thrown only after it commits: throwing inside would roll
 * back the very counter and audit row that record the failure.
 */
import type { Knex } from 'knex';
import { ulid } from 'ulidx';
import { AppError } from '../../core/errors';
import { LOCKOUT, type Staff } from '../../core/auth/schemas';
import { verifyAgainstDummy, verifySecret } from '../security/secrets';
import { randomToken, sha256Hex } from '../security/tokens';
import { writeAudit } from '../audit/write-audit';
import type { AccessCache } from './access-cache';
import { selectStaffAccounts, toStaff, type StaffRow } from '../staff/accounts';

export interface SignInResult {
  token: string;
  expiresAt: string;
  staff: Staff;
}

export interface StaffSession {
  sessionId: string;
  staff: Staff;
  stationId: string;
  expiresAt: string;
}

interface SessionRow {
  id: string;
  staff_id: string;
  station_id: string;
  last_seen_at: string;
  expires_at: string;
  revoked_at: string | null;
}

const SESSION_LAST_SEEN_RESOLUTION_MS = 60_000;
const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

type Outcome = { ok: true; result: SignInResult } | { ok: false; error: AppError };

export async function signIn(
  knex: Knex,
  input: { username: string; secret: string; stationId: string },
  opts: { now: Date; sessionHours: number },
): Promise<SignInResult> {
  const { username, secret, stationId } = input;
  const { now } = opts;
  const nowIso = now.toISOString();

  const account = await knex('staff')
    .join('staff_credentials', 'staff_credentials.staff_id', 'staff.id')
    .where('staff.username', username)
    .first<{ id: string; secret_hash: string } | undefined>('staff.id', 'staff_credentials.secret_hash');
  if (!account) {
    await verifyAgainstDummy(secret);
    await knex.transaction((trx) =>
      writeAudit(trx, { at: now, action: 'auth.sign_in_failed', staffId: null, stationId, detail: { username, reason: 'unknown_username' } }),
    );
    throw new AppError('BAD_CREDENTIALS');
  }
  // The attempt is counted before argon2 gives its verdict, in one atomic statement: forty guesses sent at
  // once must not all be checked while each waits to record its failure. Only an attempt that got a
  // place under the limit is checked at all; the right secret gives its place back below.
  if (!(await reserveAttempt(knex, account.id, now))) {
    const lockedUntil = await lockOnceFull(knex, account.id, { username, stationId }, now);
    await knex.transaction((trx) =>
      writeAudit(trx, { at: now, action: 'auth.sign_in_failed', staffId: account.id, stationId, detail: { username, reason: 'account_locked', lockedUntil } }),
    );
    throw new AppError('ACCOUNT_LOCKED');
  }
  // Verified outside the transaction: argon2 takes tens of milliseconds and must not hold SQLite's only writer.
  const secretMatches = await verifySecret(account.secret_hash, secret);

  const outcome = await knex.transaction(async (trx): Promise<Outcome> => {
    // Re-read under a row lock: other attempts have moved the counter while argon2 ran.
    const row = await selectStaffAccounts(trx).where('staff.id', account.id).forUpdate().first();
    const auditFailure = (reason: string, action: 'auth.sign_in_failed' | 'auth.locked_out' = 'auth.sign_in_failed', extra: Record<string, unknown> = {}) =>
      writeAudit(trx, { at: now, action, staffId: account.id, stationId, detail: { username, reason, ...extra } });

    if (!row || !row.active) {
      await auditFailure('inactive');
      return { ok: false, error: new AppError('BAD_CREDENTIALS') };
    }

    if (!secretMatches) {
      // This attempt is already in the count (reserved above); the one that reaches the limit locks.
      const attempts = Number(row.failed_attempts);
      const locksNow = attempts >= LOCKOUT.maxFailures && row.locked_until === null;
      const lockedUntil = locksNow ? new Date(now.getTime() + LOCKOUT.lockMinutes * MINUTE_MS).toISOString() : null;
      if (locksNow) await lockAccount(trx, row.id, lockedUntil!, now);
      await auditFailure('wrong_secret', locksNow ? 'auth.locked_out' : 'auth.sign_in_failed', { failedAttempts: attempts, ...(locksNow ? { lockedUntil } : {}) });
      return { ok: false, error: new AppError('BAD_CREDENTIALS') };
    }

    if (row.locked_until !== null && row.locked_until > nowIso) {
      // Wrong guesses running alongside this one locked the account while argon2 ran: the lock wins.
      await auditFailure('account_locked', 'auth.sign_in_failed', { lockedUntil: row.locked_until });
      return { ok: false, error: new AppError('ACCOUNT_LOCKED') };
    }

    await trx('staff_credentials').where({ staff_id: row.id }).update({ failed_attempts: 0, locked_until: null, updated_at: nowIso });
    const token = randomToken();
    const sessionId = ulid();
    const expiresAt = new Date(now.getTime() + opts.sessionHours * HOUR_MS).toISOString();
    await trx('staff_sessions').insert({
      id: sessionId,
      token_hash: sha256Hex(token),
      staff_id: row.id,
      station_id: stationId,
      created_at: nowIso,
      last_seen_at: nowIso,
      expires_at: expiresAt,
      revoked_at: null,
    });
    await writeAudit(trx, { at: now, action: 'auth.sign_in', staffId: row.id, stationId, detail: { sessionId } });
    return { ok: true, result: { token, expiresAt, staff: toStaff(row) } };
  });

  if (!outcome.ok) throw outcome.error;
  return outcome.result;
}

/**
 * Takes a place for one attempt under the lock-out limit, atomically (a row
 * lock on PostgreSQL, the one writer on SQLite): the count goes up now and
 * stays up unless the secret turns out right. A lock that has run out starts
 * a fresh count. False when the account is locked or the limit is taken.
 */
async function reserveAttempt(knex: Knex, staffId: string, now: Date): Promise<boolean> {
  const nowIso = now.toISOString();
  const changed = await knex('staff_credentials')
    .where({ staff_id: staffId })
    .andWhere((q) =>
      q
        .where((open) => void open.whereNull('locked_until').andWhere('failed_attempts', '<', LOCKOUT.maxFailures))
        .orWhere((expired) => void expired.whereNotNull('locked_until').andWhere('locked_until', '<=', nowIso)),
    )
    .update({ failed_attempts: knex.raw('CASE WHEN locked_until IS NULL THEN failed_attempts + 1 ELSE 1 END'), locked_until: null, updated_at: nowIso });
  return Number(changed) === 1;
}

/**
 * The limit is taken by attempts still being checked: one more means the
 * lock-out takes effect now, not when their verdicts come in. (An attempt
 * whose process died mid-check would otherwise hold its place for ever.)
 * Answers the lock's end, new or already running.
 */
async function lockOnceFull(knex: Knex, staffId: string, who: { username: string; stationId: string }, now: Date): Promise<string | null> {
  return knex.transaction(async (trx) => {
    const row = (await trx('staff_credentials').where({ staff_id: staffId }).forUpdate().first('failed_attempts', 'locked_until')) as
      | { failed_attempts: number; locked_until: string | null }
      | undefined;
    if (!row) return null;
    if (row.locked_until !== null && row.locked_until > now.toISOString()) return row.locked_until;
    const lockedUntil = new Date(now.getTime() + LOCKOUT.lockMinutes * MINUTE_MS).toISOString();
    await lockAccount(trx, staffId, lockedUntil, now);
    await writeAudit(trx, { at: now, action: 'auth.locked_out', staffId, stationId: who.stationId, detail: { username: who.username, reason: 'attempts_in_flight', failedAttempts: Number(row.failed_attempts), lockedUntil } });
    return lockedUntil;
  });
}

/**
 * A lock-out also ends the staff member's open sessions at every station:
 * someone is guessing their PIN, and a session left open on an unattended
 * station is the same door. Stations learn at their next exchange (the
 * staff status check) and sign the person out there too.
 */
async function lockAccount(trx: Knex.Transaction, staffId: string, lockedUntil: string, now: Date): Promise<void> {
  await trx('staff_credentials').where({ staff_id: staffId }).update({ locked_until: lockedUntil, updated_at: now.toISOString() });
  await trx('staff_sessions').where({ staff_id: staffId }).whereNull('revoked_at').update({ revoked_at: now.toISOString() });
}

/** Session tokens are 32 random bytes in base64url: 43 characters. Anything else cannot be one. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;

export async function resolveSession(knex: Knex, token: string | undefined, stationId: string, now: Date, access: AccessCache): Promise<StaffSession> {
  if (!token || !TOKEN_PATTERN.test(token)) throw new AppError('NOT_SIGNED_IN');
  const nowIso = now.toISOString();
  const tokenHash = sha256Hex(token);
  const sessions = access.shelf<SessionRow & StaffRow & { session_id: string }>('sessions');
  const row = await sessions.get(tokenHash, () =>
    knex<SessionRow & StaffRow>('staff_sessions')
      .join('staff', 'staff.id', 'staff_sessions.staff_id')
      .where('staff_sessions.token_hash', tokenHash)
      .first(
        'staff_sessions.id as session_id',
        'staff_sessions.station_id',
        'staff_sessions.last_seen_at',
        'staff_sessions.expires_at',
        'staff_sessions.revoked_at',
        'staff.*',
      ),
  );
  // A token copied to another station is useless there: sessions are bound to the station that signed in.
  if (!row || row.station_id !== stationId || row.revoked_at !== null || row.expires_at <= nowIso || !row.active) {
    throw new AppError('NOT_SIGNED_IN', 'Your session has ended. Please sign in again.');
  }
  const sessionId = row.session_id;
  if (now.getTime() - Date.parse(row.last_seen_at) >= SESSION_LAST_SEEN_RESOLUTION_MS) {
    await knex.transaction(async (trx) => {
      await trx('staff_sessions').where({ id: sessionId }).andWhere('last_seen_at', '<', nowIso).update({ last_seen_at: nowIso });
    });
    sessions.update(tokenHash, (kept) => ({ ...kept, last_seen_at: nowIso }));
  }
  return { sessionId, staff: toStaff(row), stationId, expiresAt: row.expires_at };
}

export async function signOut(knex: Knex, session: StaffSession, now: Date): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx('staff_sessions').where({ id: session.sessionId }).whereNull('revoked_at').update({ revoked_at: now.toISOString() });
    await writeAudit(trx, { at: now, action: 'auth.sign_out', staffId: session.staff.id, stationId: session.stationId, detail: { sessionId: session.sessionId } });
  });
}
