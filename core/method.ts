import type { z } from 'zod';
import type { Role } from './roles';

/**
 * One entry of the contract. `roles: 'public'` means callable before sign-in
 * (sign-in itself, the station banner). `passive` calls (status polling) do not
 * count as user activity, so polling never keeps an idle kiosk unlocked.
 */
export interface MethodSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  input: I;
  output: O;
  roles: readonly Role[] | 'public';
  passive?: boolean;
  /** Callable while the session is idle-locked (unlock, sign-out, session). */
  whileLocked?: boolean;
  /** A long-poll: held until something happens or its wait runs out, so its time is not a slow call. */
  waits?: boolean;
  summary: string;
}

export function method<I extends z.ZodType, O extends z.ZodType>(spec: MethodSpec<I, O>): MethodSpec<I, O> {
  return spec;
}
