/**
 * Issue 16 item 6: a station's claims are its own until the station has sat
 * idle longer than the API's `claimIdleMinutes` (no claim, no label there),
 * however old the claims are; then any station of the DC may take them. On
 * SQLite and PostgreSQL.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { databaseTargets } from './harness';
import { startTestApi, TEST_DC, type TestApi } from './world';

const MIN = 60_000;

async function insertId(api: TestApi, table: string, row: Record<string, unknown>): Promise<number> {
  const [r] = await api.knex(table).insert(row).returning('id');
  return typeof r === 'object' ? (r as { id: number }).id : (r as number);
}

async function seedOrders(api: TestApi, count: number): Promise<void> {
  const now = api.clock.now().toISOString();
  const title = await insertId(api, 'titles', { name: 'Ronin', year: 1998, genre: 'Action', rating: 'R', runtime_minutes: 122, popularity: 10 });
  for (let i = 0; i < count; i++) {
    const customer = await insertId(api, 'customers', {
      email: `idle${i}@example.com`, full_name: `Customer ${i}`, pseudonym: `q${i}`, age_certified_at: now,
      home_dc: TEST_DC.code, policy_version: '2003-06', created_at: now, updated_at: now,
    });
    await api.knex('shipments').insert({
      order_number: `SI${String(i).padStart(9, '0')}`, customer_id: customer, title_id: title, dc: TEST_DC.code, status: 'allocated',
      ship_by: new Date(Date.now() + i * 3600_000).toISOString(), ship_name: `CUSTOMER ${i}`, ship_line1: '1 MAIN ST', ship_city: 'SAN JOSE',
      ship_state: 'CA', ship_zip5: '95113', created_at: now,
    });
  }
}

describe.each(databaseTargets)('claims released when their station is idle, on $name', (target) => {
  let api: TestApi | undefined;
  afterEach(async () => {
    await api?.close();
    api = undefined;
  });

  const claim = async (headers: Record<string, string>, count: number) => {
    const res = await api!.app.inject({ method: 'POST', url: '/v1/packing/claim', headers, payload: { count } });
    expect(res.statusCode).toBe(200);
    return (res.json().claimed as Array<{ orderNumber: string }>).map((c) => c.orderNumber).sort();
  };

  it('keeps a batch while its station works, however old the claims; frees it after the idle time; every claim answer lists the whole batch', async () => {
    api = await startTestApi(target);
    await seedOrders(api, 4);
    const a = await api.signInAs('warehouse');
    const b = await api.signInAs('warehouse', await api.registerStation('Pack 2'));
    const batchA = await claim(a.headers, 2);
    expect(batchA).toHaveLength(2);

    // 100 minutes on, station A labels one of its orders: the station is at work.
    api.clock.advance(100 * MIN);
    const [labeledId] = await api.knex('shipments').where('order_number', batchA[0]).pluck('id');
    await api.knex('shipments').where('id', labeledId).update({ status: 'labeled' });
    await api.knex('label_events').insert({ id: 'le-idle-1', shipment_id: labeledId, kind: 'printed', serial: '000000001', staff_id: 'x', at: api.clock.now().toISOString() });

    // 150 minutes after the claim (past the old 2-hour age), the other order is still A's: A labeled 50 minutes ago.
    api.clock.advance(50 * MIN);
    expect(await claim(b.headers, 4)).toEqual(['SI000000002', 'SI000000003']);
    // Another window (another packer) at station A sees A's whole batch, old claims included.
    const otherWindowAtA = await api.signInAs('supervisor');
    expect(await claim(otherWindowAtA.headers, 1)).toEqual(batchA);

    // That answer refreshed A's batch (nothing was left to claim, and its claims were past half the window). Then A sits idle 121 minutes...
    api.clock.advance(121 * MIN);
    // ...so station B may take A's order that was never started; the labeled one stays A's.
    expect(await claim(b.headers, 4)).toEqual(['SI000000002', 'SI000000003', batchA[1]!].sort());
    expect(await api.knex('shipments').where('order_number', batchA[0]).first('claimed_by')).toMatchObject({ claimed_by: expect.any(String) });
    const stillA = await claim(a.headers, 4);
    expect(stillA).toEqual([batchA[0]]);
  });

  it('a station asking for more with nothing left keeps its batch', async () => {
    api = await startTestApi(target);
    await seedOrders(api, 2);
    const a = await api.signInAs('warehouse');
    const b = await api.signInAs('warehouse', await api.registerStation('Pack 2'));
    expect(await claim(a.headers, 2)).toHaveLength(2);
    api.clock.advance(90 * MIN);
    // Nothing left to claim, but the packer asked: the station is at work, its claims are refreshed.
    expect(await claim(a.headers, 1)).toHaveLength(2);
    api.clock.advance(90 * MIN);
    expect(await claim(b.headers, 2)).toEqual([]);
  });

  it('takes the idle time from the API config', async () => {
    api = await startTestApi(target, { config: { claimIdleMinutes: 10 } });
    await seedOrders(api, 2);
    const a = await api.signInAs('warehouse');
    const b = await api.signInAs('warehouse', await api.registerStation('Pack 2'));
    expect(await claim(a.headers, 2)).toHaveLength(2);
    api.clock.advance(9 * MIN);
    expect(await claim(b.headers, 2)).toEqual([]);
    api.clock.advance(2 * MIN);
    expect(await claim(b.headers, 2)).toEqual(['SI000000000', 'SI000000001']);
  });
});
