import { z } from 'zod';
import { method } from '../method';
import { ANY_STAFF } from '../roles';
import { ACTIVITY_REPORT_MS } from './idle-lock';
import { SecretSchema, SessionInfoSchema, SignInInputSchema } from './schemas';

export const authMethods = {
  'auth.signIn': method({
    summary: 'Sign a staff member in at this station.',
    input: SignInInputSchema,
    output: SessionInfoSchema,
    roles: 'public',
  }),
  'auth.session': method({
    summary: 'The signed-in staff member, or null.',
    input: z.object({}).strict(),
    output: SessionInfoSchema.nullable(),
    roles: 'public',
    passive: true,
    whileLocked: true,
  }),
  'auth.unlock': method({
    summary: 'Unlock an idle-locked station with the same staff member’s PIN.',
    input: z.object({ secret: SecretSchema }).strict(),
    output: SessionInfoSchema,
    roles: ANY_STAFF,
    whileLocked: true,
  }),
  'auth.lock': method({
    summary: 'Lock the station now (the staff member steps away).',
    input: z.object({}).strict(),
    output: SessionInfoSchema,
    roles: ANY_STAFF,
  }),
  'auth.keepAlive': method({
    summary: 'Report keyboard or mouse activity at the station, so typing a long form does not idle-lock it.',
    // How long before this report the last input was (the renderer reports at most once a second); capped, so a
    // renderer can only date activity earlier, which locks sooner, never later.
    input: z.object({ sinceInputMs: z.number().int().min(0).max(ACTIVITY_REPORT_MS).optional() }).strict(),
    output: z.object({ locked: z.literal(false), idleLockInMs: z.number().int().nonnegative() }),
    roles: ANY_STAFF,
    // Passive for dispatch: the handler stamps the activity itself, at the keystroke's time rather than the report's.
    passive: true,
  }),
  'auth.signOut': method({
    summary: 'Sign out.',
    input: z.object({}).strict(),
    output: z.object({ signedOut: z.literal(true) }),
    roles: ANY_STAFF,
    whileLocked: true,
  }),
} as const;
