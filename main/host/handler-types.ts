import type { z } from 'zod';
import type { Contract, MethodName, MethodOutput } from '../../core/contract';
import type { StationSession } from '../services/auth/auth-service';
import { AppError } from '../../core/errors';

export interface CallContext {
  /** Who is calling: an Electron webContents or a web-host page. Sessions are per caller. */
  clientKey: string;
  /** Set for every method whose roles are not 'public' (dispatch has checked it). */
  session: StationSession | null;
}

export type Handler<M extends MethodName> = (
  input: z.output<Contract[M]['input']>,
  ctx: CallContext,
) => Promise<MethodOutput<M>> | MethodOutput<M>;

/** One handler per contract entry: a missing one fails the type check. */
export type HandlerMap = { [M in MethodName]: Handler<M> };

export function requireSession(ctx: CallContext): StationSession {
  if (!ctx.session) throw new Error('handler reached without a session: dispatch must check roles first');
  return ctx.session;
}

/** The handlers of one capability's methods (`typeof packingMethods`), merged into the HandlerMap in `handlers.ts`. */
export type HandlersFor<Methods> = { [M in keyof Methods & MethodName]: Handler<M> };

/** Staff administration and the back office live centrally: an offline sign-in has no central token to act with. */
export function centralToken(ctx: CallContext): string {
  const token = requireSession(ctx).apiToken;
  if (!token) throw new AppError('OFFLINE', 'This needs the central office; you signed in while it was unreachable. Sign out and in again once online.');
  return token;
}
