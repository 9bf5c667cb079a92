import { contract, isMethodName } from '../../core/contract';
import { AppError, type Result } from '../../core/errors';
import { boundarySchema, inputRefusal } from '../../core/text';
import { isRoleAllowed } from '../../core/roles';
import type { Logger } from '../../platform/logger';
import type { AuthService } from '../services/auth/auth-service';
import type { HandlerMap } from './handler-types';

export interface Call {
  method: unknown;
  input: unknown;
  clientKey: string;
}

export type Dispatch = (call: Call) => Promise<Result<unknown>>;

/**
 * The one entry point behind IPC and the web host. Order matters: the method
 * name is checked before anything else touches the input, the session and
 * role before the input is parsed (a forbidden caller learns nothing about
 * the schema), and the output is parsed too, so a handler can never hand a
 * role a field the contract does not list.
 */
export function createDispatch(deps: { handlers: HandlerMap; auth: AuthService; logger: Logger }): Dispatch {
  const { handlers, auth, logger } = deps;
  return async ({ method, input, clientKey }) => {
    const started = performance.now();
    try {
      if (!isMethodName(method)) throw new AppError('UNKNOWN_METHOD', `Unknown action "${String(method).slice(0, 80)}".`);
      const spec = contract[method];
      const session = auth.current(clientKey);
      if (spec.roles !== 'public') {
        if (!session) throw new AppError('NOT_SIGNED_IN');
        if (session.locked && !spec.whileLocked) throw new AppError('SESSION_LOCKED');
        if (!isRoleAllowed(session.staff.role, spec.roles)) throw new AppError('FORBIDDEN');
      }
      const parsed = boundarySchema(spec.input).safeParse(input ?? {});
      if (!parsed.success) throw inputRefusal(parsed.error.issues);
      if (!spec.passive) auth.touch(clientKey);
      const handler = handlers[method] as (input: unknown, ctx: { clientKey: string; session: typeof session }) => unknown;
      const output = await handler(parsed.data, { clientKey, session });
      const checked = spec.output.safeParse(output);
      if (!checked.success) {
        logger.error({ method, issues: checked.error.issues }, 'handler output does not match the contract');
        throw new AppError('INTERNAL');
      }
      const ms = performance.now() - started;
      // Signal's habit: slow calls are logged with their name and time.
      if (ms > 200 && !spec.waits) logger.warn({ method, ms: Math.round(ms) }, 'slow call');
      return { ok: true, data: checked.data };
    } catch (err) {
      // A handler's central call answered that this session's token is no longer good (revoked, expired):
      // the station session ends with it, not only the one call.
      if (err instanceof AppError && err.code === 'NOT_SIGNED_IN' && isMethodName(method) && contract[method].roles !== 'public') await auth.endedCentrally(clientKey);
      if (err instanceof AppError) {
        if (err.code === 'INTERNAL') logger.error({ method: String(method) }, err.message);
        return { ok: false, error: err.toJSON() };
      }
      logger.error({ err, method: String(method) }, 'unhandled error in handler');
      return { ok: false, error: new AppError('INTERNAL').toJSON() };
    }
  };
}
