/**
 * Packing stations and CS desks known to the central office. A station proves
 * itself on every request with `<stationId>.<secret>`; only the secret's
 * SHA-256 is stored (see security/tokens.ts for why SHA-256 suffices).
 */
import type { Knex } from 'knex';
import { ulid } from 'ulidx';
import { AppError } from '../../core/errors';
import { constantTimeEqual, randomToken, sha256Hex } from '../security/tokens';
import { writeAudit } from '../audit/write-audit';
import type { AccessCache } from '../auth/access-cache';

export interface AuthenticatedStation {
  id: string;
  name: string;
  distributionCenter: string;
}

interface StationRow {
  id: string;
  name: string;
  distribution_center: string;
  credential_hash: string;
  last_seen_at: string | null;
  revoked_at: string | null;
}

/** Bookkeeping only: writing last_seen_at on every request would turn each read into a write. */
const LAST_SEEN_RESOLUTION_MS = 60_000;

export async function registerStation(
  knex: Knex,
  input: { name: string; distributionCenter: string },
  now: Date,
): Promise<{ stationId: string; credential: string }> {
  const stationId = ulid();
  const secret = randomToken();
  await knex.transaction(async (trx) => {
    const dc = await trx('distribution_centers').where({ code: input.distributionCenter }).first('code');
    if (!dc) {
      throw new AppError('INVALID_INPUT', `There is no distribution center "${input.distributionCenter}".`, [
        { field: 'distributionCenter', message: `Unknown distribution center "${input.distributionCenter}".` },
      ]);
    }
    await trx('stations').insert({
      id: stationId,
      name: input.name,
      distribution_center: input.distributionCenter,
      credential_hash: sha256Hex(secret),
      created_at: now.toISOString(),
      last_seen_at: null,
      revoked_at: null,
    });
    await writeAudit(trx, {
      at: now,
      action: 'station.registered',
      staffId: null,
      stationId,
      detail: { name: input.name, distributionCenter: input.distributionCenter },
    });
  });
  // The id travels with the secret so a request names its station without a second header.
  return { stationId, credential: `${stationId}.${secret}` };
}

export async function authenticateStation(knex: Knex, credential: string, now: Date, access: AccessCache): Promise<AuthenticatedStation> {
  const dot = credential.indexOf('.');
  const stationId = dot > 0 ? credential.slice(0, dot) : '';
  const secret = dot > 0 ? credential.slice(dot + 1) : '';
  if (!stationId || !secret) throw new AppError('BAD_STATION_CREDENTIAL');

  const stations = access.shelf<StationRow>('stations');
  const row = await stations.get(stationId, () => knex<StationRow>('stations').where({ id: stationId }).first());
  if (!row || row.revoked_at !== null || !constantTimeEqual(row.credential_hash, sha256Hex(secret))) {
    throw new AppError('BAD_STATION_CREDENTIAL');
  }

  const cutoff = new Date(now.getTime() - LAST_SEEN_RESOLUTION_MS).toISOString();
  if (row.last_seen_at === null || row.last_seen_at < cutoff) {
    await knex.transaction(async (trx) => {
      // The condition is repeated in SQL so concurrent requests from one station write it once.
      await trx('stations')
        .where({ id: row.id })
        .andWhere((q) => q.whereNull('last_seen_at').orWhere('last_seen_at', '<', cutoff))
        .update({ last_seen_at: now.toISOString() });
    });
    stations.update(stationId, (kept) => ({ ...kept, last_seen_at: now.toISOString() }));
  }
  return { id: row.id, name: row.name, distributionCenter: row.distribution_center };
}
