import { useCallback, useState } from 'react';
import type { AppErrorShape } from '../../core/errors';
import { CallError } from '../api/client';

/** Runs an action, keeping its busy flag and its typed error for the screen to show. */
export function useAction<A extends unknown[], R>(action: (...args: A) => Promise<R>) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<AppErrorShape | null>(null);
  const run = useCallback(
    async (...args: A): Promise<R | undefined> => {
      setBusy(true);
      setError(null);
      try {
        return await action(...args);
      } catch (err) {
        setError(err instanceof CallError ? err.error : { code: 'INTERNAL', message: 'Something went wrong. Please try again.' });
        return undefined;
      } finally {
        setBusy(false);
      }
    },
    [action],
  );
  return { run, busy, error, setError };
}
