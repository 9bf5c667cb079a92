/**
 * Every copy of a customer's personal data to a station is on record (issue
 * 11, point 5): subscribing a desk to a customer writes an audit row (who,
 * which customer, why) in the subscription's own transaction, on SQLite and
 * PostgreSQL.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../api/harness';
import { count, demoUser, startSyncWorld, type SyncWorld, type TestStation } from './world';

describe.each(databaseTargets)('subscriptions on record on $name', (target) => {
  let world: SyncWorld;
  let desk: TestStation;
  let customers: number[];
  beforeAll(async () => {
    world = await startSyncWorld(target);
    desk = await world.openStation({ user: 'carl', name: 'Desk audit' });
    customers = ((await world.central('customers').orderBy('id').limit(15).pluck('id')) as (number | string)[]).map(Number);
  });
  afterAll(async () => world?.close());

  const subscribedRows = (customerId?: number) =>
    world.central('audit_log').where({ action: 'customer.subscribed', station_id: desk.stationId, ...(customerId ? { customer_id: customerId } : {}) }).orderBy('id');

  it('fifteen customers subscribed: fifteen audit rows, each naming the rep, the customer and the reason, and the rows reach the desk', async () => {
    for (const id of customers) await desk.engine.subscribe(id, desk.token, 'follow_up');
    await desk.syncUntilQuiet();
    const rows = await subscribedRows();
    expect(rows.map((r) => Number(r.customer_id))).toEqual(customers);
    for (const r of rows) {
      expect(r).toMatchObject({ staff_id: demoUser('carl').id, reason: 'follow_up' });
      expect(JSON.parse(r.fields)).toEqual(expect.arrayContaining(['full_name', 'email', 'phone', 'address']));
    }
    expect(await count(desk.knex, 'customers')).toBe(customers.length);
  });

  it('opening an already held customer copies nothing and records no second copy; one released and opened again is a new copy on record', async () => {
    const id = customers[0]!;
    await desk.engine.subscribe(id, desk.token, 'phone_call');
    expect(await subscribedRows(id)).toHaveLength(1);
    const released = await world.api.app.inject({
      method: 'POST',
      url: '/v1/sync/release',
      headers: { ...world.api.stationHeaders(desk.credential), 'x-staff-session': desk.token },
      payload: { customerIds: [id] },
    });
    expect(released.json()).toEqual({ released: 1 });
    await desk.engine.subscribe(id, desk.token, 'phone_call');
    const rows = await subscribedRows(id);
    expect(rows).toHaveLength(2);
    expect(rows[1]).toMatchObject({ reason: 'phone_call' });
  });

  it('a subscription that fails writes nothing; one without a reason is refused', async () => {
    const before = (await subscribedRows()).length;
    await expect(desk.engine.subscribe(999_999, desk.token, 'phone_call')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const noReason = await world.api.app.inject({
      method: 'POST',
      url: '/v1/sync/subscribe',
      headers: { ...world.api.stationHeaders(desk.credential), 'x-staff-session': desk.token },
      payload: { customerId: customers[1] },
    });
    expect(noReason.statusCode).toBe(400);
    expect(await subscribedRows()).toHaveLength(before);
  });
});
