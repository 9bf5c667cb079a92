/**
 * Staff accounts: creation (demo seed, tests, later an admin screen), the
 * supervisor's list, unlocking after a lock-out and (de)activation.
 */
import type { Knex } from 'knex';
import { ulid } from 'ulidx';
import { z } from 'zod';
import { AppError, fieldIssuesFromZod } from '../../core/errors';
import { RoleSchema, SecretSchema, UsernameSchema, type Staff, type StaffAccount, type StaffStatus } from '../../core/auth/schemas';
import { DistributionCenterCodeSchema } from '../../core/station/schemas';
import { hashSecret } from '../security/secrets';
import { writeAudit } from '../audit/write-audit';
import type { Narrowed, RowOf } from '../../core/data/tables';

/** SQLite answers `active` as 1/0, PostgreSQL as true/false. */
export type StaffRow = Narrowed<RowOf<'staff'>, { active: boolean | number }>;

export interface StaffAccountRow extends StaffRow {
  failed_attempts: number;
  locked_until: string | null;
}

/** Who performs an administrative change, for the audit row. */
export interface Actor {
  staffId: string;
  stationId: string;
}

export function toStaff(row: StaffRow): Staff {
  return { id: row.id, username: row.username, displayName: row.display_name, role: RoleSchema.parse(row.role) };
}

/** A lock that has run out is shown as no lock, so a supervisor is not sent to unlock someone who can already sign in. */
export function toStaffAccount(row: StaffAccountRow, now: Date): StaffAccount {
  const lockedUntil = row.locked_until !== null && row.locked_until > now.toISOString() ? row.locked_until : null;
  return { ...toStaff(row), active: Boolean(row.active), failedAttempts: Number(row.failed_attempts), lockedUntil };
}

export function selectStaffAccounts(knex: Knex | Knex.Transaction) {
  return knex<StaffAccountRow>('staff')
    .join('staff_credentials', 'staff_credentials.staff_id', 'staff.id')
    .select('staff.*', 'staff_credentials.failed_attempts', 'staff_credentials.locked_until');
}

export const NewStaffSchema = z.object({
  username: UsernameSchema,
  displayName: z.string().trim().min(1, 'Display name is required.').max(80, 'Display name must be at most 80 characters.'),
  role: RoleSchema,
  secret: SecretSchema,
  homeDc: DistributionCenterCodeSchema.nullish(),
});
export type NewStaff = z.input<typeof NewStaffSchema>;

export async function createStaff(knex: Knex | Knex.Transaction, input: NewStaff, now: Date): Promise<Staff> {
  const parsed = NewStaffSchema.safeParse(input);
  if (!parsed.success) throw new AppError('INVALID_INPUT', undefined, fieldIssuesFromZod(parsed.error.issues));
  const { username, displayName, role, secret, homeDc } = parsed.data;
  // Hash before opening the transaction: argon2 is deliberately slow and SQLite has one writer.
  const secretHash = await hashSecret(secret);
  const id = ulid();
  const at = now.toISOString();
  await knex.transaction(async (trx) => {
    if (await trx('staff').where({ username }).first('id')) {
      throw new AppError('CONFLICT', `There is already a staff member with username "${username}".`, [
        { field: 'username', message: 'This username is taken.' },
      ]);
    }
    await trx('staff').insert({ id, username, display_name: displayName, role, home_dc: homeDc ?? null, active: true, created_at: at });
    await trx('staff_credentials').insert({ staff_id: id, secret_hash: secretHash, failed_attempts: 0, locked_until: null, updated_at: at });
    await writeAudit(trx, { at: now, action: 'staff.created', staffId: null, stationId: null, detail: { staffId: id, username, role } });
  });
  return { id, username, displayName, role };
}

export async function listStaffAccounts(knex: Knex, now: Date): Promise<StaffAccount[]> {
  const rows = await selectStaffAccounts(knex).orderBy('staff.username');
  return rows.map((row) => toStaffAccount(row, now));
}

/** Whether each staff member is active and not locked out; an id nobody has is reported inactive (deleted, or never existed). */
export async function staffStatusFor(knex: Knex, staffIds: readonly string[], now: Date): Promise<StaffStatus[]> {
  const rows = await selectStaffAccounts(knex).whereIn('staff.id', [...new Set(staffIds)]);
  const byId = new Map(rows.map((r) => [r.id, toStaffAccount(r, now)]));
  return [...new Set(staffIds)].map((id) => {
    const account = byId.get(id);
    return account ? { id, active: account.active, lockedUntil: account.lockedUntil } : { id, active: false, lockedUntil: null };
  });
}

async function lockStaffAccount(trx: Knex.Transaction, username: string): Promise<StaffAccountRow> {
  // FOR UPDATE (a no-op on SQLite, which has one writer) keeps a concurrent sign-in from re-locking mid-change.
  const row = await selectStaffAccounts(trx).where('staff.username', username).forUpdate().first();
  if (!row) throw new AppError('NOT_FOUND', `There is no staff member with username "${username}".`);
  return row;
}

export async function unlockStaffAccount(knex: Knex, username: string, actor: Actor, now: Date): Promise<StaffAccount> {
  return knex.transaction(async (trx) => {
    const before = await lockStaffAccount(trx, username);
    await trx('staff_credentials')
      .where({ staff_id: before.id })
      .update({ failed_attempts: 0, locked_until: null, updated_at: now.toISOString() });
    await writeAudit(trx, {
      at: now,
      action: 'staff.unlocked',
      staffId: actor.staffId,
      stationId: actor.stationId,
      detail: { staffId: before.id, username, failedAttempts: before.failed_attempts, lockedUntil: before.locked_until },
    });
    return toStaffAccount({ ...before, failed_attempts: 0, locked_until: null }, now);
  });
}

export async function setStaffActive(knex: Knex, username: string, active: boolean, actor: Actor, now: Date): Promise<StaffAccount> {
  return knex.transaction(async (trx) => {
    const before = await lockStaffAccount(trx, username);
    if (!active && before.id === actor.staffId) {
      // Otherwise the last administrator could lock everyone out of staff management.
      throw new AppError('CONFLICT', 'You cannot deactivate your own account; ask another administrator.');
    }
    if (Boolean(before.active) === active) return toStaffAccount(before, now);

    await trx('staff').where({ id: before.id }).update({ active });
    // Revoked in the same transaction: there is no moment where the account is off but a session still works.
    const revokedSessions = active
      ? 0
      : await trx('staff_sessions').where({ staff_id: before.id }).whereNull('revoked_at').update({ revoked_at: now.toISOString() });
    await writeAudit(trx, {
      at: now,
      action: 'staff.active_changed',
      staffId: actor.staffId,
      stationId: actor.stationId,
      detail: { staffId: before.id, username, active, revokedSessions },
    });
    return toStaffAccount({ ...before, active }, now);
  });
}
