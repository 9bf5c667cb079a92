/**
 * The central API's sign-in and staff routes (`core/routes.ts`). Staff
 * administration is central: a station forwards a supervisor's or an admin's
 * request with their own staff session.
 */
import { z } from 'zod';
import { route } from '../route';
import { ANY_STAFF } from '../roles';
import { SignInInputSchema, StaffSchema } from './schemas';

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

