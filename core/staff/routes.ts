/**
 * The central API's staff routes (`core/routes.ts`). Staff administration is
 * central: a station forwards a supervisor's or an admin's request with their
 * own staff session.
 */
import { z } from 'zod';
import { route } from '../route';
import { ADMINS, SUPERVISORS } from '../roles';
import { StaffAccountSchema, StaffStatusAnswerSchema, StaffStatusRequestSchema, UsernameSchema } from '../auth/schemas';

const empty = z.object({}).strict();

export const staffRoutes = {
  'staff.list': route({
    summary: 'Every staff account with its lock-out state.',
    verb: 'GET',
    path: '/v1/staff',
    access: SUPERVISORS,
    input: empty,
    output: z.array(StaffAccountSchema),
  }),
  'staff.status': route({
    summary: 'Whether the staff a station knows are still active and not locked out (station credential only, asked at every exchange).',
    verb: 'POST',
    path: '/v1/staff/status',
    access: 'station',
    input: StaffStatusRequestSchema,
    output: StaffStatusAnswerSchema,
  }),
  'staff.unlock': route({
    summary: 'Clear a staff member’s lock-out; audited.',
    verb: 'POST',
    path: '/v1/staff/:username/unlock',
    access: SUPERVISORS,
    input: z.object({ username: UsernameSchema }).strict(),
    output: StaffAccountSchema,
  }),
  'staff.setActive': route({
    summary: 'Activate or deactivate a staff account (deactivation ends their sessions everywhere); audited.',
    verb: 'POST',
    path: '/v1/staff/:username/active',
    access: ADMINS,
    input: z.object({ username: UsernameSchema, active: z.boolean('active must be true or false.') }).strict(),
    output: StaffAccountSchema,
  }),
} as const;
