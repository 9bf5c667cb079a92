import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { SHARED_TABLES } from '../../core/data/tables';
import { migrateLatest } from '../../api/db/migrate';
import { migrationSource } from '../../api/db/migrations/index';
import { dialectOf } from '../../api/sync/versioning';
import { databaseTargets, type TestDatabase } from './harness';

const CENTRAL_ONLY_TABLES = ['staff_credentials', 'stations', 'staff_sessions', 'customer_secrets'];

describe.each(databaseTargets)('central migrations on $name', (target) => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await target.open();
  });
  afterAll(async () => {
    await test?.dispose();
  });

  it('create the shared tables and the central-only tables, and running them again changes nothing', async () => {
    const { knex } = test.db;
    await migrateLatest(knex);
    await migrateLatest(knex);
    for (const name of [...SHARED_TABLES.map((t) => t.name), ...CENTRAL_ONLY_TABLES]) {
      expect(await knex.schema.hasTable(name), name).toBe(true);
    }
    const [, pending] = (await knex.migrate.list({ migrationSource })) as [unknown[], unknown[]];
    expect(pending).toHaveLength(0);
  });

  it('the subscription-release migration rolls back alone and forward again, and sync_subscriptions keeps its version triggers', async () => {
    const { knex } = test.db;
    await migrateLatest(knex);
    const triggersOn = async (table: string): Promise<number> => {
      if (dialectOf(knex) === 'postgres') {
        const res = await knex.raw<{ rows: unknown[] }>('SELECT tgname FROM pg_trigger WHERE tgrelid = ?::regclass AND NOT tgisinternal', [table]);
        return res.rows.length;
      }
      return (await knex('sqlite_master').where({ type: 'trigger', tbl_name: table })).length;
    };
    const before = await triggersOn('sync_subscriptions');
    expect(before).toBeGreaterThan(0);
    await knex.migrate.down({ migrationSource, name: '006_subscription_release' });
    expect(await knex.schema.hasColumn('sync_subscriptions', 'ended_at')).toBe(false);
    expect(await triggersOn('sync_subscriptions')).toBe(before);
    await migrateLatest(knex);
    expect(await knex.schema.hasColumn('sync_subscriptions', 'ended_at')).toBe(true);
  });

  it('roll back to an empty database and forward again', async () => {
    const { knex } = test.db;
    await knex.migrate.rollback({ migrationSource }, true);
    for (const name of ['staff', 'audit_log', ...CENTRAL_ONLY_TABLES]) expect(await knex.schema.hasTable(name), name).toBe(false);
    await migrateLatest(knex);
    expect(await knex.schema.hasTable('staff_sessions')).toBe(true);
  });
});
