import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** 32 random bytes (256 bits), base64url: safe in headers and URLs without escaping. */
export function randomToken(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * SHA-256 is enough for station credentials and session tokens: they are
 * 256-bit random values, so there is no dictionary to try and brute force is
 * out of reach however fast the hash. A slow hash (argon2) only protects
 * low-entropy secrets that people choose, i.e. PINs and passwords.
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Compares digests rather than the strings so the time taken reveals neither
 * where the first difference is nor the length of the expected value.
 */
export function constantTimeEqual(a: string, b: string): boolean {
  const da = createHash('sha256').update(a, 'utf8').digest();
  const db = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(da, db);
}
