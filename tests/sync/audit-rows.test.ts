/**
 * One audit writer at the station (the mutation runner's `audit.record`) and
 * one audit-row builder on both sides: a fact recorded at a station reaches
 * the central audit log as the very row the station holds, and its outbox
 * row is the runner's.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { smallScenario } from '../../core/demo/scenarios';
import { createStationWorld, type OneStationWorld } from '../station/world';

let world: OneStationWorld;
beforeAll(async () => {
  world = await createStationWorld({ demo: smallScenario(), cacheDemo: true });
  await world.signIn('cs_rep', 'rep');
});
afterAll(async () => world?.close());

const COLUMNS = ['id', 'at', 'staff_id', 'station_id', 'action', 'customer_id', 'fields', 'reason', 'detail'] as const;
const pick = (row: Record<string, unknown>) => Object.fromEntries(COLUMNS.map((c) => [c, row[c] === undefined ? null : row[c]]));

describe('an audit fact written at a station', () => {
  it('a customer opened at a desk is recorded there and at the central office as the same row, through the runner’s outbox', async () => {
    const station = world.station.db.knex;
    const customer = await station('customers').orderBy('id').first('id');
    await world.call('customers.get360', { customerId: customer.id, reason: 'phone_call' }, 'rep');
    const local = await station('audit_log').where({ action: 'customer.viewed', customer_id: customer.id }).first();
    expect(local).toBeDefined();
    const queued = await station('outbox').where({ mutation_id: local.id }).first('name', 'status', 'role');
    expect(queued).toEqual({ name: 'audit.record', status: 'pending', role: 'cs_rep' });

    await world.call('sync.now', {}, 'rep');
    const central = await world.api.db.knex('audit_log').where({ id: local.id }).first();
    expect(pick(central)).toEqual(pick(local));
    expect(JSON.parse(local.fields)).toContain('email');
  });
});
