/**
 * Issue #6, done when: pack and return changes made with the central API
 * stopped are all at the API exactly once after it restarts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TcpPrinter } from '../e2e/kit/tcp-printer';
import { createPackingWorld, type OneStationWorld } from '../station/world';

let line: Awaited<ReturnType<typeof createPackingWorld>>;
let world: OneStationWorld;
let printer: TcpPrinter;
const K = 'packer';

beforeAll(async () => {
  line = await createPackingWorld(K);
  ({ world, printer } = line);
}, 120_000);
afterAll(async () => line?.close());

describe('with the central API stopped', () => {
  it('orders packed, labelled and shipped and discs checked back in reach it exactly once after it restarts', async () => {
    await world.call('packing.claim', { count: 4 }, K);
    const queue = (await world.call('packing.queue', {}, K)).items.filter((i) => i.status === 'allocated');
    expect(queue.length).toBeGreaterThanOrEqual(3);
    const [first, ...rest] = queue;
    // One order online first: the station takes a range of label serials it can print from offline.
    await world.call('packing.scan', { shipmentId: first!.shipmentId, barcode: first!.expectedDiscBarcode! }, K);
    await world.call('sync.now', {}, K);
    const out = await world.station.db.knex('shipments as s').join('discs as d', 'd.id', 's.disc_id').where({ 's.status': 'shipped', 's.dc': 'SJC' }).first('s.id', 'd.id as disc_id', 'd.barcode');

    await world.stopCentral();
    const offline = rest.slice(0, 2);
    for (const item of offline) {
      const outcome = await world.call('packing.scan', { shipmentId: item.shipmentId, barcode: item.expectedDiscBarcode! }, K);
      expect(outcome.ok).toBe(true);
    }
    await world.call('packing.ship', { shipmentIds: [first!.shipmentId, ...offline.map((i) => i.shipmentId)] }, K);
    await world.call('returns.checkIn', { barcode: out.barcode }, K);
    const waiting = await world.call('sync.now', {}, K);
    expect(waiting.online).toBe(false);
    expect(waiting.pendingMutations).toBeGreaterThanOrEqual(4);

    await world.startCentral();
    // Once, then again: a retried or repeated sync changes nothing.
    for (let i = 0; i < 3; i++) await world.call('sync.now', {}, K);
    const status = await world.call('sync.status', {}, K);
    expect(status).toMatchObject({ pendingMutations: 0, rejectedMutations: 0 });

    const central = world.api.db.knex;
    for (const item of [first!, ...offline]) {
      expect(await central('shipments').where('id', item.shipmentId).first('status')).toEqual({ status: 'shipped' });
      // Exactly once: the central office holds the label events the station made, no more and no fewer.
      const atCentral = await central('label_events').where({ shipment_id: item.shipmentId }).orderBy('id').pluck('id');
      const atStation = await world.station.db.knex('label_events').where({ shipment_id: item.shipmentId }).orderBy('id').pluck('id');
      expect(atCentral).toEqual(atStation);
      expect(atCentral).toHaveLength(1);
    }
    expect(await central('shipments').where('id', out.id).first('status')).toEqual({ status: 'returned' });
    expect(await central('discs').where('id', out.disc_id).first('status')).toEqual({ status: 'in_stock' });
    const client = await central('sync_clients').first('rejected_count');
    expect(Number(client.rejected_count)).toBe(0);
  });
});
