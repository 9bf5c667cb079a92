/**
 * Mutation ids must grow strictly per client: the server skips any id at or
 * below the last one it applied, so an id that sorts lower than an earlier one
 * (the clock stepped back, two ids in one millisecond) would be silently
 * dropped as "already applied". ULIDs sort by time, and this guard makes them
 * strictly increasing even when time does not.
 */
import { randomFillSync } from 'node:crypto';
import type { Knex } from 'knex';
import { ulid } from 'ulidx';
import { readState, SYNC_KEYS, writeState } from './sync-state';

/**
 * ulidx's own generator asks the crypto module for one byte per character
 * (16 calls per id, a tenth of a millisecond on every scan); the same
 * crypto bytes drawn 256 at a time, handed out one per character as ulidx does.
 */
const pool = new Uint8Array(256);
let drawn = pool.length;
function pooledRandom(): number {
  if (drawn >= pool.length) {
    randomFillSync(pool);
    drawn = 0;
  }
  return pool[drawn++]! / 0xff;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** The ULID right after `id` (the 80 random bits + 1, carrying into the time part). */
export function incrementUlid(id: string): string {
  const chars = id.split('');
  for (let i = chars.length - 1; i >= 0; i--) {
    const digit = CROCKFORD.indexOf(chars[i]!);
    if (digit < 0) throw new Error(`"${id}" is not a ULID`);
    if (digit < 31) {
      chars[i] = CROCKFORD[digit + 1]!;
      return chars.join('');
    }
    chars[i] = '0';
  }
  throw new Error('ULID space exhausted');
}

export function nextMutationIdAfter(last: string | null, candidate: string): string {
  return last === null || candidate > last ? candidate : incrementUlid(last);
}

/** Issues the next mutation id inside the caller's transaction (the one writing the outbox row). */
export async function issueMutationId(trx: Knex.Transaction, now: Date): Promise<string> {
  const last = await readState(trx, SYNC_KEYS.lastIssuedMutationId);
  const id = nextMutationIdAfter(last, ulid(now.getTime(), pooledRandom));
  await writeState(trx, SYNC_KEYS.lastIssuedMutationId, id);
  return id;
}
