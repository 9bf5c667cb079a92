/**
 * Staff PINs and passwords: argon2id through @node-rs/argon2. The parameters
 * are written out (OWASP's argon2id minimum: 19 MiB, 2 passes, 1 lane) so a
 * library upgrade cannot silently change them.
 */
import { hash, verify } from '@node-rs/argon2';
import { randomToken } from './tokens';

const ARGON2_OPTIONS = { memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashSecret(secret: string): Promise<string> {
  return hash(secret, ARGON2_OPTIONS);
}

/** A malformed stored hash counts as a mismatch: sign-in fails closed, it never throws its way in. */
export async function verifySecret(storedHash: string, secret: string): Promise<boolean> {
  try {
    return await verify(storedHash, secret);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Computed once at start-up so the first unknown username is not slower (or faster) than a known one. */
export function prepareDummyHash(): Promise<string> {
  dummyHash ??= hashSecret(randomToken());
  return dummyHash;
}

/**
 * Spends the same argon2 work as a real check when the username does not
 * exist, so response time cannot be used to find out which usernames do.
 */
export async function verifyAgainstDummy(secret: string): Promise<void> {
  await verifySecret(await prepareDummyHash(), secret);
}
