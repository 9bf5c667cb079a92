/**
 * Issue 16 item 6, the two-window bug: a packer in one window of a station
 * claimed 5 orders and saw 1. The station's pulls follow one signed-in
 * session; when that is a customer-service window, the station holds no
 * packing orders and a claim would strand its orders centrally.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packingDayScenario } from '../../core/demo/scenarios';
import { createStationWorld, type OneStationWorld } from '../station/world';

let world: OneStationWorld;
beforeAll(async () => {
  world = await createStationWorld({ demo: packingDayScenario() });
}, 120_000);
afterAll(async () => world?.close());

describe('a packer beside a customer-service window at one station', () => {
  it('is told to sign the desk window out instead of claiming orders the station would never show', async () => {
    await world.signIn('cs_rep', 'desk');
    await world.call('sync.now', {}, 'desk');
    await world.signIn('warehouse', 'packer');
    const refused = await world.fail('packing.claim', { count: 5 }, 'packer');
    expect(refused).toMatchObject({ code: 'CONFLICT', reason: 'STATION_NOT_PACKING' });
    expect(refused.message).toContain('Sign out in that window');
    const claimedCentrally = async () => Number((await world.api.db.knex('shipments').whereNotNull('claimed_by').count({ n: '*' }).first())?.n);
    expect(await claimedCentrally()).toBe(0);

    // The desk window signs out: the station's data now follows the packer, and all five claimed orders show.
    await world.call('auth.signOut', {}, 'desk');
    await world.call('sync.now', {}, 'packer');
    const claimed = await world.call('packing.claim', { count: 5 }, 'packer');
    expect({ shown: claimed.items.length, claimedCentrally: await claimedCentrally() }).toEqual({ shown: 5, claimedCentrally: 5 });
  });
});
