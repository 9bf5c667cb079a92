import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { migrateLatest } from '../../api/db/migrate';
import { verifySecret } from '../../api/security/secrets';
import { createTables } from '../../core/data/knex-schema';
import { SHARED_TABLES } from '../../core/data/tables';
import { DEMO_STAFF } from '../../core/demo/staff';
import { openDatabase } from '../../platform/database';
import { SeedTargetNotEmptyError, writeDemo } from '../../scripts/seed/write-demo';
import { databaseTargets, type TestDatabase } from '../api/harness';
import { demoFor } from './helpers';

describe.each(databaseTargets)('writeDemo on $name', (target) => {
  let open: TestDatabase | undefined;
  afterEach(async () => {
    await open?.dispose();
    open = undefined;
  });
  const central = async () => {
    open = await target.open();
    await migrateLatest(open.db.knex);
    return open.db.knex;
  };

  it('writes every generated row and reports each table to the end', async () => {
    const knex = await central();
    const demo = demoFor('small');
    const last = new Map<string, [number, number]>();
    const result = await writeDemo(knex, demo, { onProgress: (t, done, total) => last.set(t, [done, total]) });
    for (const table of demo.tables) {
      const [{ n }] = (await knex(table).count({ n: '*' })) as [{ n: number | string }];
      expect(Number(n), table).toBe(demo.count(table));
      expect(result.counts[table]).toBe(demo.count(table));
      expect(last.get(table)).toEqual([demo.count(table), demo.count(table)]);
    }
  });

  it('stores only an argon2 hash of each documented demo PIN', async () => {
    const knex = await central();
    const result = await writeDemo(knex, demoFor('empty'));
    expect(result.credentials).toBe(DEMO_STAFF.length);
    for (const s of DEMO_STAFF) {
      const row = await knex('staff_credentials').where({ staff_id: `stf_${s.username}` }).first();
      expect(row.secret_hash).toMatch(/^\$argon2id\$/);
      expect(row.failed_attempts).toBe(0);
      expect(row.locked_until).toBeNull();
      expect(await verifySecret(row.secret_hash, s.secret)).toBe(true);
      expect(await verifySecret(row.secret_hash, '0000')).toBe(false);
    }
  });

  it('refuses a database that already has customers, and leaves it as it was', async () => {
    const knex = await central();
    await writeDemo(knex, demoFor('small'));
    await expect(writeDemo(knex, demoFor('small', { seed: 99 }))).rejects.toBeInstanceOf(SeedTargetNotEmptyError);
    const [{ n }] = (await knex('customers').count({ n: '*' })) as [{ n: number | string }];
    expect(Number(n)).toBe(50);
  });

  it('replaces customer data on request, clearing rows that point at it and keeping staff sign-ins', async () => {
    const knex = await central();
    await writeDemo(knex, demoFor('small'));
    const shipment = await knex('shipments').where({ status: 'shipped' }).first('id');
    await knex('label_events').insert({ id: '01JZZZZZZZZZZZZZZZZZZZZZZZ', shipment_id: shipment.id, kind: 'printed', serial: '000000001', staff_id: 'stf_wanda', at: '2025-06-14T10:00:00.000Z' });
    await knex('customer_secrets').insert({ customer_id: 1, password_hash: 'x' });
    const hashBefore = (await knex('staff_credentials').where({ staff_id: 'stf_adam' }).first()).secret_hash;

    const next = demoFor('small', { seed: 99, customers: 80, shipments: 500 });
    await writeDemo(knex, next, { replace: true });

    for (const table of next.tables) {
      const [{ n }] = (await knex(table).count({ n: '*' })) as [{ n: number | string }];
      expect(Number(n), table).toBe(next.count(table));
    }
    expect(Number((await knex('label_events').count({ n: '*' }).first())!.n)).toBe(0);
    expect(Number((await knex('customer_secrets').count({ n: '*' }).first())!.n)).toBe(0);
    expect((await knex('staff_credentials').where({ staff_id: 'stf_adam' }).first()).secret_hash).toBe(hashBefore);
  });

  it('lets the application insert the next customer after the seeded ids', async () => {
    const knex = await central();
    await writeDemo(knex, demoFor('small'));
    const now = '2025-06-15T00:00:00.000Z';
    const [customer] = await knex('customers')
      .insert({ email: 'new.customer@example.com', full_name: 'New Customer', pseudonym: 'NewFan1', home_dc: 'SJC', policy_version: '2003-06', created_at: now, updated_at: now })
      .returning('id');
    expect(Number(typeof customer === 'object' ? customer.id : customer)).toBe(51);
  });

  it('adds demo data to a database that already has its distribution centers and staff', async () => {
    const knex = await central();
    await writeDemo(knex, demoFor('empty'));
    const result = await writeDemo(knex, demoFor('small'));
    expect(result.counts.customers).toBe(50);
    expect(Number((await knex('staff').count({ n: '*' }).first())!.n)).toBe(DEMO_STAFF.length);
  });
});

describe('writeDemo on a station cache', () => {
  it('writes the shared tables and skips credentials, which stay central', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backlot-demo-station-'));
    const db = openDatabase({ file: join(dir, 'station.sqlite') });
    try {
      await createTables(db.knex, SHARED_TABLES);
      const result = await writeDemo(db.knex, demoFor('small'));
      expect(result.credentials).toBe(0);
      expect(result.counts.shipments).toBe(400);
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
