import { hash, verify } from '@node-rs/argon2';
import type { Knex } from 'knex';
import { appendAudit } from '../../sync/audit-outbox';
import { LOCKOUT, type SessionInfo, type SignInInput, type Staff } from '../../../core/auth/schemas';
import { AppError } from '../../../core/errors';
import { isPastIdleDeadline, msUntilIdleLock } from '../../../core/auth/idle-lock';
import type { Clock } from '../../host/clock';
import type { CentralClient } from '../../central/central-client';
import type { Logger } from '../../../platform/logger';

/**
 * Staff sessions at this station, keyed by the caller (an Electron
 * webContents, or a web-host page). The central API is the authority for
 * credentials; a station that cannot reach it accepts staff who signed in here
 * online before, checked against the station's own argon2 hash of their PIN.
 */
export interface StationSession {
  staff: Staff;
  signedInAt: Date;
  lastActivityAt: Date;
  locked: boolean;
  online: boolean;
  /** Central API session token; null for an offline sign-in. */
  apiToken: string | null;
}

export interface AuthServiceDeps {
  knex: Knex;
  central: CentralClient;
  clock: Clock;
  logger: Logger;
  idleLockMs: () => number;
  stationId: () => string | null;
}

/** Why a session ended; every per-session cache in main forgets the session on any of them. */
export type SessionEnd = 'signed_out' | 'replaced' | 'locked_out' | 'deactivated' | 'ended_centrally';

/** What the central office says of a staff member known at this station. */
export interface CentralStaffStatus {
  id: string;
  active: boolean;
  lockedUntil: string | null;
}

interface OfflineRow {
  staff_id: string;
  username: string;
  display_name: string;
  role: Staff['role'];
  secret_hash: string;
  failed_attempts: number;
  locked_until: string | null;
  disabled_at: string | null;
}

export class AuthService {
  private readonly sessions = new Map<string, StationSession>();
  private readonly endListeners = new Set<(clientKey: string, session: StationSession, why: SessionEnd) => void>();

  constructor(private readonly deps: AuthServiceDeps) {}

  /**
   * Called whenever a session ends, however it ends (sign-out, another
   * sign-in on the same caller, a lock-out at unlock, the central office
   * ending it): each per-session cache in main registers here, so nothing
   * of one person's session outlives it.
   */
  onSessionEnded(listener: (clientKey: string, session: StationSession, why: SessionEnd) => void): () => void {
    this.endListeners.add(listener);
    return () => this.endListeners.delete(listener);
  }

  async signIn(clientKey: string, input: SignInInput): Promise<SessionInfo> {
    // Locked out at this station (too many wrong PINs here, at unlock or offline): not here either while online,
    // or the station's limit would only send a guesser on to the central office's.
    const local = await this.offlineRow(input.username);
    if (local && (await this.lockedNow(local.staff_id))) throw new AppError('ACCOUNT_LOCKED');
    let session: StationSession;
    try {
      const answer = await this.deps.central.call('auth.signIn', input);
      await this.rememberForOffline(answer.staff, input.secret);
      session = this.newSession(answer.staff, true, answer.token);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'OFFLINE') throw err;
      session = this.newSession(await this.verifyOffline(input), false, null);
    }
    // A sign-in on a caller that still had a session (someone else's, or a locked one) ends that one first.
    const previous = this.sessions.get(clientKey);
    if (previous) await this.endSession(clientKey, previous, 'replaced');
    this.sessions.set(clientKey, session);
    return this.toInfo(session);
  }

  /** The caller's session with the idle rule applied; null when signed out. */
  current(clientKey: string): StationSession | null {
    const s = this.sessions.get(clientKey);
    if (!s) return null;
    if (!s.locked && isPastIdleDeadline(this.deps.clock.now().getTime(), s.lastActivityAt.getTime(), this.deps.idleLockMs())) {
      s.locked = true;
      this.deps.logger.info({ staff: s.staff.username }, 'station locked after idle time');
    }
    return s;
  }

  info(clientKey: string): SessionInfo | null {
    const s = this.current(clientKey);
    return s ? this.toInfo(s) : null;
  }

  /** Activity now, or `agoMs` before now when the renderer reports a keystroke a moment after it happened. */
  touch(clientKey: string, agoMs = 0): void {
    const s = this.sessions.get(clientKey);
    if (!s || s.locked) return;
    const at = new Date(this.deps.clock.now().getTime() - agoMs);
    // Never moves back: a late report of an older keystroke does not undo a newer call.
    if (at > s.lastActivityAt) s.lastActivityAt = at;
  }

  lock(clientKey: string): SessionInfo {
    const s = this.require(clientKey);
    s.locked = true;
    return this.toInfo(s);
  }

  /**
   * Only the staff member who locked the station can unlock it; too many
   * wrong PINs sign them out. The attempt takes its place under the limit
   * before argon2 answers, so PINs sent at once cannot all be checked.
   */
  async unlock(clientKey: string, secret: string): Promise<SessionInfo> {
    const s = this.require(clientKey);
    const row = await this.offlineRow(s.staff.username);
    if (!row) throw new AppError('BAD_CREDENTIALS');
    if (!(await this.reserveAttempt(row))) {
      await this.lockNow(row);
      await this.endSession(clientKey, s, 'locked_out');
      throw new AppError('ACCOUNT_LOCKED');
    }
    const ok = await this.verifySecret(row.secret_hash, secret);
    if (!ok) {
      if (await this.settleWrongPin(row)) {
        await this.endSession(clientKey, s, 'locked_out');
        throw new AppError('ACCOUNT_LOCKED');
      }
      throw new AppError('BAD_CREDENTIALS', 'Wrong PIN.');
    }
    // Wrong PINs sent alongside this one may have locked the account, or ended the session, while argon2 ran.
    if (this.sessions.get(clientKey) !== s) throw new AppError('NOT_SIGNED_IN');
    if (await this.lockedNow(row.staff_id)) {
      await this.endSession(clientKey, s, 'locked_out');
      throw new AppError('ACCOUNT_LOCKED');
    }
    await this.deps.knex('staff_offline').where({ staff_id: row.staff_id }).update({ failed_attempts: 0, locked_until: null });
    s.locked = false;
    s.lastActivityAt = this.deps.clock.now();
    return this.toInfo(s);
  }

  async signOut(clientKey: string): Promise<void> {
    const s = this.sessions.get(clientKey);
    if (s) await this.endSession(clientKey, s, 'signed_out');
  }

  /** Everyone at this station signs in again (the station was re-enrolled: their central tokens were the old registration's). */
  async endAllSessions(): Promise<void> {
    for (const [clientKey, s] of [...this.sessions]) await this.endSession(clientKey, s, 'signed_out');
  }

  /** A supervisor cleared the lock-out centrally from this station: this station's own lock goes too. */
  async clearLocalLock(username: string): Promise<void> {
    await this.deps.knex('staff_offline').where({ username }).update({ failed_attempts: 0, locked_until: null });
  }

  /** Staff ids this station knows (signed in here online once): the ones it asks the central office about. */
  async knownStaffIds(): Promise<string[]> {
    const ids = new Set<string>((await this.deps.knex('staff_offline').pluck('staff_id')) as string[]);
    for (const s of this.sessions.values()) ids.add(s.staff.id);
    return [...ids];
  }

  /**
   * What the central office says of staff known here: a deactivated or
   * locked-out person's open sessions end, and the station keeps them out
   * of offline sign-in from then on (until an online sign-in succeeds again).
   */
  async applyCentralStaffStatus(statuses: readonly CentralStaffStatus[]): Promise<number> {
    const now = this.deps.clock.now();
    const out = new Map<string, SessionEnd>();
    for (const st of statuses) {
      const locked = st.lockedUntil !== null && new Date(st.lockedUntil) > now;
      if (!st.active) out.set(st.id, 'deactivated');
      else if (locked) out.set(st.id, 'locked_out');
      // Kept for offline sign-in; a reactivation (active again) is learned the same way.
      const learned = !st.active ? { disabled_at: now.toISOString() } : locked ? { disabled_at: null, locked_until: st.lockedUntil } : { disabled_at: null };
      await this.deps.knex('staff_offline').where({ staff_id: st.id }).update(learned);
    }
    let ended = 0;
    for (const [clientKey, s] of [...this.sessions]) {
      const why = out.get(s.staff.id);
      if (!why) continue;
      this.deps.logger.info({ staff: s.staff.username, why }, 'the central office ended this session');
      await this.endSession(clientKey, s, why);
      ended++;
    }
    return ended;
  }

  /** A central answer said this session's token is no longer good: the station session ends with it. */
  async endedCentrally(clientKey: string): Promise<void> {
    const s = this.sessions.get(clientKey);
    if (s?.apiToken) await this.endSession(clientKey, s, 'ended_centrally');
  }

  private async endSession(clientKey: string, s: StationSession, why: SessionEnd): Promise<void> {
    if (this.sessions.get(clientKey) !== s) return;
    this.sessions.delete(clientKey);
    for (const l of this.endListeners) {
      try {
        l(clientKey, s, why);
      } catch (err) {
        this.deps.logger.error({ err }, 'a session-end listener failed');
      }
    }
    if (s.apiToken && why !== 'ended_centrally' && why !== 'deactivated') {
      // Best effort: the central session also expires on its own.
      await this.deps.central.call('auth.signOut', {}, { staffToken: s.apiToken }).catch((err: unknown) => this.deps.logger.warn({ err }, 'central sign-out failed'));
    }
  }

  private require(clientKey: string): StationSession {
    const s = this.current(clientKey);
    if (!s) throw new AppError('NOT_SIGNED_IN');
    return s;
  }

  private newSession(staff: Staff, online: boolean, apiToken: string | null): StationSession {
    const now = this.deps.clock.now();
    return { staff, signedInAt: now, lastActivityAt: now, locked: false, online, apiToken };
  }

  private toInfo(s: StationSession): SessionInfo {
    return {
      staff: s.staff,
      signedInAt: s.signedInAt.toISOString(),
      locked: s.locked,
      online: s.online,
      idleLockInMs: s.locked ? null : msUntilIdleLock(this.deps.clock.now().getTime(), s.lastActivityAt.getTime(), this.deps.idleLockMs()),
    };
  }

  private offlineRow(username: string): Promise<OfflineRow | undefined> {
    return this.deps.knex<OfflineRow>('staff_offline').where({ username }).first();
  }

  private async rememberForOffline(staff: Staff, secret: string): Promise<void> {
    const row = {
      staff_id: staff.id,
      username: staff.username,
      display_name: staff.displayName,
      role: staff.role,
      secret_hash: await hash(secret),
      failed_attempts: 0,
      locked_until: null,
      // The central office just let them in: whatever this station had learned of a deactivation is over.
      disabled_at: null,
      updated_at: this.deps.clock.now().toISOString(),
    };
    await this.deps.knex.transaction(async (trx) => {
      // A username may have been reassigned centrally: the row keyed by the new staff id wins.
      await trx('staff_offline').where({ username: staff.username }).whereNot({ staff_id: staff.id }).delete();
      await trx('staff_offline').insert(row).onConflict('staff_id').merge();
    });
  }

  private async verifyOffline(input: SignInInput): Promise<Staff> {
    const row = await this.offlineRow(input.username);
    if (!row) {
      throw new AppError('OFFLINE', 'The central office cannot be reached, and this user has not signed in at this station before.');
    }
    // The central office said this account is off: no offline way round it (the same answer as a wrong PIN, as centrally).
    if (row.disabled_at !== null) throw new AppError('BAD_CREDENTIALS');
    const now = this.deps.clock.now();
    if (!(await this.reserveAttempt(row))) {
      await this.lockNow(row);
      throw new AppError('ACCOUNT_LOCKED');
    }
    if (!(await this.verifySecret(row.secret_hash, input.secret))) {
      throw new AppError((await this.settleWrongPin(row)) ? 'ACCOUNT_LOCKED' : 'BAD_CREDENTIALS');
    }
    if (await this.lockedNow(row.staff_id)) throw new AppError('ACCOUNT_LOCKED');
    await this.deps.knex.transaction(async (trx) => {
      await trx('staff_offline').where({ staff_id: row.staff_id }).update({ failed_attempts: 0, locked_until: null });
      // Queued for the central office with the sign-in, like every station audit fact.
      await appendAudit(trx, { staffId: row.staff_id, role: row.role, stationId: this.deps.stationId(), at: now, action: 'auth.sign_in_offline' });
    });
    return { id: row.staff_id, username: row.username, displayName: row.display_name, role: row.role };
  }

  private verifySecret(secretHash: string, secret: string): Promise<boolean> {
    return verify(secretHash, secret).catch(() => false);
  }

  /**
   * Takes a place for one PIN check under the limit, in one statement
   * (SQLite has one writer, so it is atomic): the count goes up before
   * argon2 answers and stays up unless the PIN is right. A lock that has
   * run out starts a fresh count. False when locked or the limit is taken.
   */
  private async reserveAttempt(row: OfflineRow): Promise<boolean> {
    const nowIso = this.deps.clock.now().toISOString();
    const changed = await this.deps.knex('staff_offline')
      .where({ staff_id: row.staff_id })
      .andWhere((q) =>
        q
          .where((open) => void open.whereNull('locked_until').andWhere('failed_attempts', '<', LOCKOUT.maxFailures))
          .orWhere((expired) => void expired.whereNotNull('locked_until').andWhere('locked_until', '<=', nowIso)),
      )
      .update({ failed_attempts: this.deps.knex.raw('CASE WHEN locked_until IS NULL THEN failed_attempts + 1 ELSE 1 END'), locked_until: null });
    return Number(changed) === 1;
  }

  /** A wrong PIN (already counted): the one that reaches the limit locks; audited either way. Answers whether the account is locked. */
  private async settleWrongPin(row: OfflineRow): Promise<boolean> {
    const now = this.deps.clock.now();
    return this.deps.knex.transaction(async (trx) => {
      const current = (await trx('staff_offline').where({ staff_id: row.staff_id }).first('failed_attempts', 'locked_until')) as { failed_attempts: number; locked_until: string | null };
      const locksNow = Number(current.failed_attempts) >= LOCKOUT.maxFailures && current.locked_until === null;
      if (locksNow) await trx('staff_offline').where({ staff_id: row.staff_id }).update({ locked_until: this.lockEnd(now) });
      await appendAudit(trx, { staffId: row.staff_id, role: row.role, stationId: this.deps.stationId(), at: now, action: locksNow ? 'auth.locked_out' : 'auth.pin_failed' });
      return locksNow || (current.locked_until !== null && new Date(current.locked_until) > now);
    });
  }

  /** Every place under the limit is taken by PINs still being checked: one more means the lock-out takes effect now. */
  private async lockNow(row: OfflineRow): Promise<void> {
    const now = this.deps.clock.now();
    await this.deps.knex.transaction(async (trx) => {
      const current = (await trx('staff_offline').where({ staff_id: row.staff_id }).first('locked_until')) as { locked_until: string | null } | undefined;
      if (!current || (current.locked_until !== null && new Date(current.locked_until) > now)) return;
      await trx('staff_offline').where({ staff_id: row.staff_id }).update({ locked_until: this.lockEnd(now) });
      await appendAudit(trx, { staffId: row.staff_id, role: row.role, stationId: this.deps.stationId(), at: now, action: 'auth.locked_out' });
    });
  }

  private async lockedNow(staffId: string): Promise<boolean> {
    const row = (await this.deps.knex('staff_offline').where({ staff_id: staffId }).first('locked_until')) as { locked_until: string | null } | undefined;
    return !!row?.locked_until && new Date(row.locked_until) > this.deps.clock.now();
  }

  private lockEnd(now: Date): string {
    return new Date(now.getTime() + LOCKOUT.lockMinutes * 60_000).toISOString();
  }
}
