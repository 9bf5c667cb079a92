import type { MethodInput, MethodName, MethodOutput } from '../../core/contract';
import { ERROR_CODES, type AppErrorShape } from '../../core/errors';
import { createTransport, type Transport } from './transport';

/** A failed call, carrying the typed error main sent (code, words for the user, field issues). */
export class CallError extends Error {
  constructor(readonly error: AppErrorShape) {
    super(error.message || ERROR_CODES[error.code]);
  }
  get code() {
    return this.error.code;
  }
}

let transport: Transport | null = null;
const listeners = new Set<(err: CallError) => void>();
/** Bumped when the person at the station changes: an answer to a call made before belongs to the previous person. */
let epoch = 0;

export function dropAnswersInFlight(): void {
  epoch++;
}

/** Session-level errors (locked, signed out) are broadcast so the shell can react wherever they happen. */
export function onCallError(listener: (err: CallError) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export async function call<M extends MethodName>(method: M, input: MethodInput<M>): Promise<MethodOutput<M>> {
  transport ??= createTransport();
  const sentIn = epoch;
  const result = await transport(method, input);
  // Neither its data nor its error reaches the next person's screen (a late "not signed in" would sign them out).
  if (sentIn !== epoch) throw new CallError({ code: 'NOT_SIGNED_IN', message: 'This answer was for the person signed in before; it was dropped.' });
  if (result.ok) return result.data as MethodOutput<M>;
  const err = new CallError(result.error);
  for (const l of listeners) l(err);
  throw err;
}
