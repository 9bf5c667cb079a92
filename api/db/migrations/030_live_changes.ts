/**
 * Live changes (issue 18): on PostgreSQL every transaction that writes a
 * synced table, a tombstone, a conflict, a rejection or a subscription sends
 * one NOTIFY on `backlot_sync:<schema>` when it commits. Each API instance
 * LISTENs on one dedicated connection and then reads, by version, what
 * changed and whose it is (`api/sync/live.ts`); the payload is empty on
 * purpose: PostgreSQL folds identical notifications of one transaction into
 * one, so a 100-mutation push costs one notification, and the hints come from
 * the version window, which a lost notification cannot corrupt.
 *
 * `sync_committed_top()` is the pull barrier in one statement (one round trip
 * instead of four): it tries the counter's exclusive advisory lock without
 * waiting and, when no writer holds it, answers the sequence's value; NULL
 * when writers are in flight. In autocommit the lock ends with the statement,
 * so it also works through a transaction-mode pooler.
 *
 * SQLite has no NOTIFY: the embedded API is the only process and watches its
 * own version counter (nothing to migrate).
 *
 * Frozen: the table list is written out here, not imported.
 */
import type { Knex } from 'knex';

const NOTIFYING_TABLES = [
  'distribution_centers',
  'titles',
  'discs',
  'disc_barcodes',
  'customers',
  'addresses',
  'payment_methods',
  'preferences',
  'consent_events',
  'rental_queue',
  'shipments',
  'label_events',
  'charges',
  'reviews',
  'sync_tombstones',
  'sync_conflicts',
  'sync_rejections',
  'sync_subscriptions',
] as const;

function isPostgres(knex: Knex): boolean {
  const client = (knex.client as { config?: { client?: unknown } }).config?.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}

export async function up(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  await knex.raw(`
    CREATE FUNCTION sync_notify() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
      PERFORM pg_notify('backlot_sync:' || current_schema(), '');
      RETURN NULL;
    END $$`);
  for (const table of NOTIFYING_TABLES) {
    await knex.raw(`CREATE TRIGGER sync_notify AFTER INSERT OR UPDATE OR DELETE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION sync_notify()`);
  }
  await knex.raw(`
    CREATE FUNCTION sync_committed_top() RETURNS bigint LANGUAGE plpgsql AS $$
    DECLARE
      top bigint;
      called boolean;
    BEGIN
      IF NOT pg_try_advisory_xact_lock(hashtext('backlot.sync.' || current_schema())) THEN
        RETURN NULL;
      END IF;
      SELECT last_value, is_called INTO top, called FROM sync_version_seq;
      RETURN CASE WHEN called THEN top ELSE 0 END;
    END $$`);
}

export async function down(knex: Knex): Promise<void> {
  if (!isPostgres(knex)) return;
  await knex.raw('DROP FUNCTION IF EXISTS sync_committed_top()');
  for (const table of NOTIFYING_TABLES) await knex.raw(`DROP TRIGGER IF EXISTS sync_notify ON ${table}`);
  await knex.raw('DROP FUNCTION IF EXISTS sync_notify()');
}
