import { z } from 'zod';
import { ROLES } from '../roles';

export const RoleSchema = z.enum(ROLES);

export const UsernameSchema = z
  .string()
  .trim()
  .toLowerCase()
  .min(2, 'Username must be at least 2 characters.')
  .max(40, 'Username must be at most 40 characters.')
  .regex(/^[a-z0-9._-]+$/, 'Username may contain only letters, digits, dot, dash and underscore.');

/** A PIN (kiosk) or a password (desk): 4 to 128 characters; the hash is argon2 either way. */
export const SecretSchema = z
  .string()
  .min(4, 'PIN or password must be at least 4 characters.')
  .max(128, 'PIN or password must be at most 128 characters.');

export const StaffSchema = z.object({
  id: z.string(),
  username: z.string(),
  displayName: z.string(),
  role: RoleSchema,
});
export type Staff = z.infer<typeof StaffSchema>;

export const SessionInfoSchema = z.object({
  staff: StaffSchema,
  signedInAt: z.string(),
  locked: z.boolean(),
  /** False when the central API could not be reached and the station's offline credential cache was used. */
  online: z.boolean(),
  /** Milliseconds until the idle lock by main's clock (null while locked): the renderer checks back then, so the lock shows on time. */
  idleLockInMs: z.number().int().nonnegative().nullable().optional(),
});
export type SessionInfo = z.infer<typeof SessionInfoSchema>;

export const SignInInputSchema = z.object({ username: UsernameSchema, secret: SecretSchema }).strict();
export type SignInInput = z.infer<typeof SignInInputSchema>;

export const StaffAccountSchema = StaffSchema.extend({
  active: z.boolean(),
  failedAttempts: z.number().int(),
  lockedUntil: z.string().nullable(),
});
export type StaffAccount = z.infer<typeof StaffAccountSchema>;

/** A station asks the central office about the staff it knows (signed in there once), at most this many at a time. */
export const STAFF_STATUS_MAX = 500;
export const StaffStatusRequestSchema = z.object({ staffIds: z.array(z.string().min(1).max(64)).min(1).max(STAFF_STATUS_MAX) }).strict();
export const StaffStatusSchema = z.object({ id: z.string(), active: z.boolean(), lockedUntil: z.string().nullable() });
export const StaffStatusAnswerSchema = z.object({ staff: z.array(StaffStatusSchema) });
export type StaffStatus = z.infer<typeof StaffStatusSchema>;

/** Lock-out policy: shared by the central API and the station's offline check. */
export const LOCKOUT = { maxFailures: 5, lockMinutes: 15 } as const;
