/**
 * Central API settings. Defaults live here once; `cli.ts` and `start.ts` fill
 * them from CLI arguments and the environment, and `buildApi` re-checks the
 * result so a test or embedder cannot hand in a weak enrollment key.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { z } from 'zod';
import { intOption } from '../platform/cli-args';

export const ApiConfigSchema = z.object({
  host: z.string().min(1),
  port: z.number().int().min(0).max(65535),
  /** Shared secret an installer types once to register a station; long enough that guessing it is hopeless. */
  enrollmentKey: z.string().min(16, 'The enrollment key must be at least 16 characters.'),
  sessionHours: z.number().positive().max(24 * 7),
  signInRateLimit: z.object({ max: z.number().int().positive(), timeWindowMs: z.number().int().positive() }),
  /**
   * A station's claimed orders are free for other stations once the station
   * has done nothing with its batch (no claim, no label) for this long: a
   * station that died or was left mid-shift does not strand its orders, and
   * a packer slowly working through a batch keeps it however old it is.
   */
  claimIdleMinutes: z.number().int().min(1).max(7 * 24 * 60),
});
export type ApiConfig = z.infer<typeof ApiConfigSchema>;

export const API_DEFAULTS = {
  host: '127.0.0.1',
  port: 7450,
  sessionHours: 12,
  signInRateLimit: { max: 10, timeWindowMs: 60_000 },
  claimIdleMinutes: 120,
} as const satisfies Omit<ApiConfig, 'enrollmentKey'>;

export const ENROLLMENT_KEY_FILE = 'enrollment.key';

/**
 * `BACKLOT_ENROLLMENT_KEY` wins; otherwise `<data-dir>/enrollment.key`, created
 * on first start with owner-only permissions so other local users cannot
 * register stations.
 */
export function loadEnrollmentKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.BACKLOT_ENROLLMENT_KEY?.trim();
  if (fromEnv) return fromEnv;
  const file = join(dataDir, ENROLLMENT_KEY_FILE);
  try {
    // 'wx' fails when the file exists, so two processes starting together never overwrite each other's key.
    writeFileSync(file, randomBytes(32).toString('base64url') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  }
  const key = readFileSync(file, 'utf8').trim();
  if (!key) throw new Error(`${file} is empty: delete it to have a new enrollment key created, or set BACKLOT_ENROLLMENT_KEY.`);
  return key;
}

/** Where the enrollment key comes from, for the start-up notice (never the key itself). */
export function enrollmentKeySource(dataDir: string, env: NodeJS.ProcessEnv = process.env): { source: 'env' } | { source: 'file'; path: string } {
  return env.BACKLOT_ENROLLMENT_KEY?.trim() ? { source: 'env' } : { source: 'file', path: join(dataDir, ENROLLMENT_KEY_FILE) };
}

export function hostAndPortFrom(
  args: { host?: string | undefined; port?: string | undefined },
  env: NodeJS.ProcessEnv = process.env,
): { host: string; port: number } {
  return {
    host: args.host ?? env.BACKLOT_API_HOST ?? API_DEFAULTS.host,
    port: intOption(args.port ?? env.BACKLOT_API_PORT, 'port', API_DEFAULTS.port),
  };
}

/** Plain HTTP carries staff secrets and session tokens: without TLS only this machine may connect. */
export function isLoopbackHost(host: string): boolean {
  if (host === 'localhost') return true;
  const bare = host.replace(/^\[|\]$/g, '');
  if (isIP(bare) === 4) return bare.startsWith('127.');
  if (isIP(bare) === 6) return bare === '::1' || /^::ffff:127\./i.test(bare);
  return false;
}
