import { z } from 'zod';
import { method } from '../method';
import { ADMINS, SUPERVISORS } from '../roles';
import { StaffAccountSchema, UsernameSchema } from '../auth/schemas';

/** Staff administration: central data, acted on with the signed-in supervisor's or admin's own session. */
export const staffMethods = {
  'staff.list': method({
    summary: 'Staff accounts with their role and lock-out state.',
    input: z.object({}).strict(),
    output: z.array(StaffAccountSchema),
    roles: SUPERVISORS,
  }),
  'staff.unlockAccount': method({
    summary: 'Clear a lock-out after too many wrong PINs.',
    input: z.object({ username: UsernameSchema }).strict(),
    output: StaffAccountSchema,
    roles: SUPERVISORS,
  }),
  'staff.setActive': method({
    summary: 'Enable or disable a staff account.',
    input: z.object({ username: UsernameSchema, active: z.boolean() }).strict(),
    output: StaffAccountSchema,
    roles: ADMINS,
  }),
} as const;
