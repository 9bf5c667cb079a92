import type { Result } from '../../core/errors';

declare global {
  interface Window {
    /** Exposed by preload in Electron; absent in the web host. */
    backlot?: { invoke(method: string, input: unknown): Promise<Result<unknown>> };
  }
}
export {};
