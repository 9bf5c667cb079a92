import type { z } from 'zod';
import { boundarySchema, inputRefusal } from '../../core/text';

/**
 * Validates a request part at the boundary; handlers then trust the typed
 * value. Failure becomes a 400 INVALID_INPUT with one message per field
 * through the shared error handler (http/errors.ts).
 */
export function parseInput<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  // A missing body is validated as an empty object so the answer names each required field.
  const result = boundarySchema(schema).safeParse(value ?? {});
  if (result.success) return result.data;
  throw inputRefusal(result.error.issues);
}
