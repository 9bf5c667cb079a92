/**
 * The central API's sign-in and staff routes (`core/routes.ts`). Staff
 * administration is central: a station forwards a supervisor's or an admin's
 * request with their own staff session.
 */
import { z } from 'zod';
import { route } from '../route';
import { ADMINS, ANY_STAFF, SUPERVISORS } from '../roles';
import { SignInInputSchema, StaffAccountSchema, StaffSchema, StaffStatusAnswerSchema, StaffStatusRequestSchema, UsernameSchema } from './schemas';

const empty = z.object({}).strict();

export const SignInAnswerSchema = z.object({ token: z.string(), expiresAt: z.string(), staff: StaffSchema });
export type CentralSignIn = z.infer<typeof SignInAnswerSchema>;

export const authRoutes = {
  'auth.signIn': route({
    summary: 'Sign a staff member in at this station: a central session token, rate-limited per station and username.',
    verb: 'POST',
    path: '/v1/auth/sign-in',
    access: 'station',
    input: SignInInputSchema,
    output: SignInAnswerSchema,
  }),
  'auth.signOut': route({
    summary: 'End the caller’s central session.',
    verb: 'POST',
    path: '/v1/auth/sign-out',
    access: ANY_STAFF,
    input: empty,
    output: z.object({ signedOut: z.literal(true) }),
  }),
  'auth.me': route({
    summary: 'Who the staff session belongs to.',
    verb: 'GET',
    path: '/v1/auth/me',
    access: ANY_STAFF,
    input: empty,
    output: StaffSchema,
  }),
} as const;

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
