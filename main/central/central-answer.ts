/**
 * What every answer of the central API turns into at the station
 * (`central-client.ts`): our own error shape comes back as
 * the AppError it was, a proxy's 5xx (no such shape) means the API is not
 * really there (`OFFLINE`), and a success is parsed with zod, so a version
 * skew fails loudly instead of corrupting the cache.
 */
import type { z } from 'zod';
import { AppError, appErrorFrom, isAppErrorShape } from '../../core/errors';

export function readCentralAnswer<T>(res: Response, payload: unknown, schema: z.ZodType<T>): T {
  if (!res.ok) {
    const err = (payload as { error?: unknown } | null)?.error;
    if (isAppErrorShape(err)) throw appErrorFrom(err);
    if (res.status >= 500) throw new AppError('OFFLINE');
    throw new AppError('INTERNAL', `The central API answered ${res.status}.`);
  }
  const parsed = schema.safeParse(payload);
  if (!parsed.success) throw new AppError('INTERNAL', 'The central API sent an answer this station does not understand (version mismatch?).');
  return parsed.data;
}
