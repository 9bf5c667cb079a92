/**
 * Changes of access announced at commit (issue 18): each API instance
 * remembers stations and staff sessions for a few seconds while it hears
 * these (api/auth/access-cache.ts), so whatever withdraws access must say so,
 * from any writer, a route on another instance or an operator's SQL. The
 * triggers send `access` on the live channel of migration 030 when a station's
 * credential, revocation, name or DC changes, when a session is ended, cut
 * short or moved, when a staff row changes at all (rare: counters live in
 * `staff_credentials`), and when any of them is deleted. A station's
 * last-seen stamp and its floor reports (every 5 s) are not among the
 * columns, so they announce nothing.
 *
 * SQLite has no NOTIFY and its API keeps no such cache (nothing to migrate).
 *
 * Frozen: the columns are written out here, not imported.
 */
import type { Knex } from 'knex';
import { dialectOf } from './frozen/sync-triggers';

const ANNOUNCING = [
  ['stations', 'UPDATE OF credential_hash, revoked_at, name, distribution_center OR DELETE'],
  ['staff', 'UPDATE OR DELETE'],
  ['staff_sessions', 'UPDATE OF revoked_at, expires_at, station_id, staff_id, token_hash OR DELETE'],
] as const;

export async function up(knex: Knex): Promise<void> {
  if (dialectOf(knex) !== 'postgres') return;
  await knex.raw(`
    CREATE FUNCTION access_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('backlot_sync:' || current_schema(), 'access');
      RETURN NULL;
    END $$`);
  for (const [table, events] of ANNOUNCING) {
    await knex.raw(`CREATE TRIGGER access_notify AFTER ${events} ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION access_notify()`);
  }
}

export async function down(knex: Knex): Promise<void> {
  if (dialectOf(knex) !== 'postgres') return;
  for (const [table] of ANNOUNCING) await knex.raw(`DROP TRIGGER IF EXISTS access_notify ON ${table}`);
  await knex.raw('DROP FUNCTION IF EXISTS access_notify()');
}
