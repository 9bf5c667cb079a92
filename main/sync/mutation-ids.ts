/**
 * Mutation ids must grow strictly per client: the server skips any id at or
 * below the last one it applied, so an id that sorts lower than an earlier one
 * (the clock stepped back, two ids in one millisecond) would be silently
 * dropped as "already applied". ULIDs sort by time, and this guard makes them
 * strictly increasing even when time does not.
 */
import { randomFillSync } from 'node:crypto';
import { ulid } from 'ulidx';
import { preparedAll, type Db } from '../db/prepared';
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

/** Stores the candidate only when it sorts after the last id issued (or none was); a row comes back when it did. */
const CLAIM_ID_SQL = `INSERT INTO sync_state (key, value) VALUES (?, ?)
  ON CONFLICT (key) DO UPDATE SET value = excluded.value WHERE excluded.value > sync_state.value
  RETURNING value`;

/** Issues the next mutation id inside the caller's transaction (the one writing the outbox row). */
export async function issueMutationId(trx: Db, now: Date): Promise<string> {
  const candidate = ulid(now.getTime(), pooledRandom);
  // One statement on every scan: a fresh id from the clock almost always sorts after the last one.
  if ((await preparedAll(trx, CLAIM_ID_SQL, [SYNC_KEYS.lastIssuedMutationId, candidate])).length === 1) return candidate;
  // The clock stepped back, or the last id was in this same millisecond: the id right after the last one.
  const id = nextMutationIdAfter(await readState(trx, SYNC_KEYS.lastIssuedMutationId), candidate);
  await writeState(trx, SYNC_KEYS.lastIssuedMutationId, id);
  return id;
}
