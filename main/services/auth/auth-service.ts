import { hash, verify } from '@node-rs/argon2';
import type { Knex } from 'knex';
import { appendAudit } from '../../sync/audit-outbox';
import { LOCKOUT, type SessionInfo, type SignInInput, type Staff } from '../../../core/auth/schemas';
import { AppError } from '../../../core/errors';
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

interface OfflineRow {
  staff_id: string;
  username: string;
  display_name: string;
  role: Staff['role'];
  secret_hash: string;
  failed_attempts: number;
  locked_until: string | null;
}

export class AuthService {
  private readonly sessions = new Map<string, StationSession>();

  constructor(private readonly deps: AuthServiceDeps) {}

  async signIn(clientKey: string, input: SignInInput): Promise<SessionInfo> {
    let session: StationSession;
    try {
      const answer = await this.deps.central.signIn(input);
      await this.rememberForOffline(answer.staff, input.secret);
      session = this.newSession(answer.staff, true, answer.token);
    } catch (err) {
      if (!(err instanceof AppError) || err.code !== 'OFFLINE') throw err;
      session = this.newSession(await this.verifyOffline(input), false, null);
    }
    this.sessions.set(clientKey, session);
    return this.toInfo(session);
  }

  /** The caller's session with the idle rule applied; null when signed out. */
  current(clientKey: string): StationSession | null {
    const s = this.sessions.get(clientKey);
    if (!s) return null;
    if (!s.locked && this.deps.clock.now().getTime() - s.lastActivityAt.getTime() > this.deps.idleLockMs()) {
      s.locked = true;
      this.deps.logger.info({ staff: s.staff.username }, 'station locked after idle time');
    }
    return s;
  }

  info(clientKey: string): SessionInfo | null {
    const s = this.current(clientKey);
    return s ? this.toInfo(s) : null;
  }

  touch(clientKey: string): void {
    const s = this.sessions.get(clientKey);
    if (s && !s.locked) s.lastActivityAt = this.deps.clock.now();
  }

  lock(clientKey: string): SessionInfo {
    const s = this.require(clientKey);
    s.locked = true;
    return this.toInfo(s);
  }

  /** Only the staff member who locked the station can unlock it; too many wrong PINs sign them out. */
  async unlock(clientKey: string, secret: string): Promise<SessionInfo> {
    const s = this.require(clientKey);
    const row = await this.offlineRow(s.staff.username);
    if (!row) throw new AppError('BAD_CREDENTIALS');
    const ok = await verify(row.secret_hash, secret);
    if (!ok) {
      const failures = await this.recordOfflineFailure(row);
      if (failures >= LOCKOUT.maxFailures) {
        this.sessions.delete(clientKey);
        throw new AppError('ACCOUNT_LOCKED');
      }
      throw new AppError('BAD_CREDENTIALS', 'Wrong PIN.');
    }
    await this.deps.knex('staff_offline').where({ staff_id: row.staff_id }).update({ failed_attempts: 0, locked_until: null });
    s.locked = false;
    s.lastActivityAt = this.deps.clock.now();
    return this.toInfo(s);
  }

  async signOut(clientKey: string): Promise<void> {
    const s = this.sessions.get(clientKey);
    this.sessions.delete(clientKey);
    if (s?.apiToken) {
      // Best effort: the central session also expires on its own.
      await this.deps.central.signOut(s.apiToken).catch((err: unknown) => this.deps.logger.warn({ err }, 'central sign-out failed'));
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
    return { staff: s.staff, signedInAt: s.signedInAt.toISOString(), locked: s.locked, online: s.online };
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
    const now = this.deps.clock.now();
    if (row.locked_until && new Date(row.locked_until) > now) throw new AppError('ACCOUNT_LOCKED');
    if (!(await verify(row.secret_hash, input.secret))) {
      const failures = await this.recordOfflineFailure(row);
      throw new AppError(failures >= LOCKOUT.maxFailures ? 'ACCOUNT_LOCKED' : 'BAD_CREDENTIALS');
    }
    await this.deps.knex.transaction(async (trx) => {
      await trx('staff_offline').where({ staff_id: row.staff_id }).update({ failed_attempts: 0, locked_until: null });
      // Queued for the central office with the sign-in, like every station audit fact.
      await appendAudit(trx, { staffId: row.staff_id, role: row.role, stationId: this.deps.stationId(), at: now, action: 'auth.sign_in_offline' });
    });
    return { id: row.staff_id, username: row.username, displayName: row.display_name, role: row.role };
  }

  /** Counts a wrong PIN and the lock-out it may cause, with its audit row, in one transaction. */
  private async recordOfflineFailure(row: OfflineRow): Promise<number> {
    const now = this.deps.clock.now();
    const failures = row.failed_attempts + 1;
    const lockedUntil = failures >= LOCKOUT.maxFailures ? new Date(now.getTime() + LOCKOUT.lockMinutes * 60_000).toISOString() : null;
    await this.deps.knex.transaction(async (trx) => {
      await trx('staff_offline').where({ staff_id: row.staff_id }).update({ failed_attempts: failures, locked_until: lockedUntil });
      await appendAudit(trx, { staffId: row.staff_id, role: row.role, stationId: this.deps.stationId(), at: now, action: lockedUntil ? 'auth.locked_out' : 'auth.pin_failed' });
    });
    return failures;
  }
}
