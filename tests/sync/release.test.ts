import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DESK_CUSTOMER_RETENTION_DAYS } from '../../core/sync/scopes';
import { databaseTargets } from '../api/harness';
import { count, DC, openShipmentsAt, startSyncWorld, type SyncWorld, type TestStation } from './world';

const DAY = 24 * 60 * 60 * 1000;
const CUSTOMER_ROWS = ['addresses', 'preferences', 'payment_methods', 'consent_events', 'charges', 'rental_queue'] as const;

describe.each(databaseTargets)('a desk lets go of customers it no longer opens, on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
    await world.allocate(6);
  });
  afterAll(async () => world?.close());

  /** A desk whose clock the test moves. */
  async function deskWithClock(user: 'carl' | 'sue', name: string) {
    const clock = { now: new Date('2024-05-01T09:00:00.000Z') };
    const desk = await world.openStation({ user, name, engine: { clock: { now: () => clock.now } } });
    await desk.syncUntilQuiet();
    return { desk, clock, advanceDays: (days: number) => void (clock.now = new Date(clock.now.getTime() + days * DAY)) };
  }
  const held = (desk: TestStation, customerId: number) => count(desk.knex, 'customers', { id: customerId });

  it('a customer not opened for the retention period leaves the desk, records and all; one opened since stays; opening it again brings it back', async () => {
    const { desk, advanceDays } = await deskWithClock('carl', 'CS release');
    const [a, b] = (await world.central('customers').orderBy('id').limit(2).pluck('id')).map(Number) as [number, number];
    await desk.engine.subscribe(a, desk.token, 'phone_call');
    await desk.syncUntilQuiet();
    advanceDays(10);
    await desk.engine.subscribe(b, desk.token, 'phone_call');
    await desk.syncUntilQuiet();
    expect(await held(desk, a)).toBe(1);
    expect(await count(desk.knex, 'addresses', { customer_id: a })).toBeGreaterThan(0);

    // Just inside the period nothing goes; just past it, the customer opened first goes and the other stays.
    advanceDays(DESK_CUSTOMER_RETENTION_DAYS - 11);
    await desk.syncUntilQuiet();
    expect(await held(desk, a)).toBe(1);
    advanceDays(2);
    await desk.syncUntilQuiet();
    expect(await held(desk, a)).toBe(0);
    for (const table of [...CUSTOMER_ROWS, 'shipments', 'reviews']) expect(await count(desk.knex, table, { customer_id: a }), table).toBe(0);
    expect(await held(desk, b)).toBe(1);
    expect(await world.central('sync_subscriptions').where({ station_id: desk.stationId, customer_id: a }).first('ended_at')).toMatchObject({ ended_at: expect.any(String) });
    // Later changes to a released customer do not reach the desk.
    await world.central('customers').where({ id: a }).update({ full_name: 'Released Meanwhile' });
    await desk.syncUntilQuiet();
    expect(await held(desk, a)).toBe(0);

    await desk.engine.subscribe(a, desk.token, 'phone_call');
    await desk.syncUntilQuiet();
    expect(await desk.knex('customers').where({ id: a }).first('full_name')).toEqual({ full_name: 'Released Meanwhile' });
    expect(await count(desk.knex, 'shipments', { customer_id: a })).toBe(await count(world.central, 'shipments', { customer_id: a }));
  });

  it('a supervisor’s desk lets the customer go but keeps that customer’s open shipments at its distribution center', async () => {
    const { desk, advanceDays } = await deskWithClock('sue', 'Supervisor release');
    const open = (await openShipmentsAt(world.central, DC))[0]!;
    const customerId = Number(open.customer_id);
    await desk.engine.subscribe(customerId, desk.token, 'phone_call');
    await desk.syncUntilQuiet();
    expect(await held(desk, customerId)).toBe(1);
    advanceDays(DESK_CUSTOMER_RETENTION_DAYS + 1);
    await desk.syncUntilQuiet();
    expect(await held(desk, customerId)).toBe(0);
    expect(await count(desk.knex, 'addresses', { customer_id: customerId })).toBe(0);
    expect(await count(desk.knex, 'shipments', { id: open.id })).toBe(1);
  });

  it('a station releases only its own subscriptions, and a malformed release is refused', async () => {
    const { desk } = await deskWithClock('carl', 'CS release other');
    const other = await world.openStation({ user: 'carl', name: 'CS release neighbour' });
    const customerId = Number((await world.central('customers').orderBy('id', 'desc').first('id')).id);
    await other.engine.subscribe(customerId, other.token, 'phone_call');
    const release = (body: unknown) =>
      world.api.app.inject({ method: 'POST', url: '/v1/sync/release', headers: { ...world.api.stationHeaders(desk.credential), 'x-staff-session': desk.token }, payload: body as object });
    const res = await release({ customerIds: [customerId] });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ released: 0 });
    expect(await world.central('sync_subscriptions').where({ station_id: other.stationId, customer_id: customerId }).first('ended_at')).toEqual({ ended_at: null });
    expect((await release({ customerIds: [] })).statusCode).toBe(400);
    expect((await release({ customerIds: [customerId], scopes: ['customers'] })).statusCode).toBeGreaterThanOrEqual(400);
  });
});
