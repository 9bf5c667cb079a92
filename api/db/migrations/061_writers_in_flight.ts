/**
 * A pull's safe top without waiting for writers (issue 18; how it is used:
 * api/sync/versioning.ts).
 *
 * Until now every writer to a synced table held one advisory lock shared, and
 * a reader needed an instant with no writer at all to take it exclusively.
 * With hundreds of stations pushing there is no such instant: pulls fell back
 * to old tops and acknowledged nothing (bench:central, 500 stations).
 *
 * Now each writing transaction, once, before it takes its first version,
 * announces the lowest version it can receive: it reads the counter and holds
 * a shared advisory lock whose key is (this schema's writers, that version
 * mod 2^32) until it ends. The reader (`sync_safe_top()`) reads the counter
 * and then the lock table: everything below the oldest announced version is committed, because
 * a writer that took a version the reader's counter read covers announced it
 * before taking it, and a lock is released only after its commit is visible.
 * Nobody waits: writers never conflict on a shared lock, and the reader takes
 * none. A key holds a version mod 2^32; the reader restores it from the
 * counter (no writer stays in flight across four billion versions).
 *
 * Each trigger function that stamped versions took the old lock on every row;
 * this migration rewrites every such function in the schema to announce
 * instead (a transaction-local setting says it already did, so later rows pay
 * one comparison). tests/sync/barrier.test.ts checks no function is left
 * taking versions without announcing. The writer also remembers that it did,
 * so a push can record in its ledger row the last version it took (never lowering it)
 * (`sync_clients.ledger_version`), and a pull acknowledges that ledger only
 * with a top that covers it.
 *
 * SQLite: one writer at a time, every version read is committed; only the
 * ledger column is added (it stays null there).
 *
 * Frozen: the SQL is written out here, nothing is imported from live code.
 */
import type { Knex } from 'knex';

const OLD_LOCK = `PERFORM pg_advisory_xact_lock_shared(hashtext('backlot.sync.' || current_schema()));`;
const ANNOUNCE = `IF current_setting('backlot.sync_writer', true) IS DISTINCT FROM '1' THEN PERFORM sync_announce_writer(); END IF;`;

function isPostgres(knex: Knex): boolean {
  const client = (knex.client as { config?: { client?: unknown } }).config?.client;
  return client === 'pg' || client === 'postgres' || client === 'postgresql';
}

/** The schema's functions whose source contains `text`, with their full definitions. */
async function functionsContaining(knex: Knex, text: string): Promise<string[]> {
  const res = await knex.raw<{ rows: { def: string }[] }>(
    `SELECT pg_get_functiondef(p.oid) AS def FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
      WHERE n.nspname = current_schema() AND strpos(p.prosrc, ?) > 0 ORDER BY p.proname`,
    [text],
  );
  return res.rows.map((r) => r.def);
}

export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sync_clients', (t) => {
    // The last version the transaction that wrote `last_mutation_id` took (PostgreSQL only).
    t.bigInteger('ledger_version').nullable();
  });
  if (!isPostgres(knex)) return;

  await knex.raw(`
    CREATE FUNCTION sync_writers_class() RETURNS integer LANGUAGE sql STABLE AS $$
      SELECT hashtext('backlot.sync.writers.' || current_schema())
    $$`);
  await knex.raw(`
    CREATE FUNCTION sync_announce_writer() RETURNS void LANGUAGE plpgsql AS $$
    DECLARE
      last bigint;
      called boolean;
      lowest bigint;
      key bigint;
    BEGIN
      SELECT last_value, is_called INTO last, called FROM sync_version_seq;
      lowest := CASE WHEN called THEN last + 1 ELSE last END;
      key := lowest % 4294967296;
      IF key >= 2147483648 THEN key := key - 4294967296; END IF;
      PERFORM pg_advisory_xact_lock_shared(sync_writers_class(), key::integer);
      PERFORM set_config('backlot.sync_writer', '1', true);
    END $$`);
  for (const def of await functionsContaining(knex, OLD_LOCK)) await knex.raw(def.split(OLD_LOCK).join(ANNOUNCE));

  // The exclusive try of migration 030 is gone: nothing waits for a quiet instant any more.
  await knex.raw('DROP FUNCTION sync_committed_top()');
  await knex.raw(`
    CREATE FUNCTION sync_safe_top(OUT top bigint, OUT counter bigint) LANGUAGE plpgsql AS $$
    DECLARE
      called boolean;
      keys oid[];
      oldest bigint;
      class oid;
    BEGIN
      -- The counter first, then the writers: a writer holding a version at or below top announced it before taking it.
      SELECT last_value, is_called INTO top, called FROM sync_version_seq;
      IF NOT called THEN top := top - 1; END IF;
      class := ((sync_writers_class()::bigint + 4294967296) % 4294967296)::oid;
      SELECT array_agg(l.objid) INTO keys
        FROM pg_locks l
       WHERE l.locktype = 'advisory' AND l.objsubid = 2 AND l.classid = class
         AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database());
      -- The highest version handed out so far, read last: a cursor above it was not made by this database.
      SELECT CASE WHEN is_called THEN last_value ELSE last_value - 1 END INTO counter FROM sync_version_seq;
      -- A key is a version mod 2^32, announced from a counter read before this one, so at most one above it
      -- (a writer that began after the top was read can be above the top): restore each from the counter.
      SELECT min((counter + 1) - (((counter + 1) - k::bigint) % 4294967296 + 4294967296) % 4294967296) INTO oldest FROM unnest(keys) k;
      IF oldest IS NOT NULL AND oldest <= top THEN top := oldest - 1; END IF;
    END $$`);
}

export async function down(knex: Knex): Promise<void> {
  if (isPostgres(knex)) {
    await knex.raw('DROP FUNCTION IF EXISTS sync_safe_top()');
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
    for (const def of await functionsContaining(knex, ANNOUNCE)) await knex.raw(def.split(ANNOUNCE).join(OLD_LOCK));
    await knex.raw('DROP FUNCTION IF EXISTS sync_announce_writer()');
    await knex.raw('DROP FUNCTION IF EXISTS sync_writers_class()');
  }
  await knex.schema.alterTable('sync_clients', (t) => t.dropColumn('ledger_version'));
}
