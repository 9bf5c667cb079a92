import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPackingWorld, type OneStationWorld } from '../station/world';

let line: Awaited<ReturnType<typeof createPackingWorld>>;
let world: OneStationWorld;
const PACKER = 'packer';
const SUPERVISOR = 'supervisor';

beforeAll(async () => {
  line = await createPackingWorld(PACKER);
  world = line.world;
  await world.signIn('supervisor', SUPERVISOR);
}, 120_000);
afterAll(async () => line?.close());

const stationId = () => world.station.settings.identity()!.stationId;

describe('the floor view from a station', () => {
  it('a wrong disc reaches the central office as a mismatch of this station and packer, with nothing about the order', async () => {
    await world.call('packing.claim', { count: 2 }, PACKER);
    const [item] = (await world.call('packing.queue', {}, PACKER)).items;
    const other = await world.station.db.knex('discs').where({ home_dc: 'SJC', status: 'in_stock' }).whereNot('title_id', item!.titleId).first();
    expect((await world.call('packing.scan', { shipmentId: item!.shipmentId, barcode: other.barcode }, PACKER)).reason).toBe('DISC_WRONG_TITLE');
    await world.call('sync.now', {}, PACKER);
    const wanda = await world.api.db.knex('staff').where({ username: 'wanda' }).first('id');
    const rows = await world.api.db.knex('scan_mismatches').select('*');
    expect(rows).toEqual([{ id: expect.any(String), station_id: stationId(), staff_id: wanda.id, dc: 'SJC', reason: 'DISC_WRONG_TITLE', at: expect.any(String) }]);

    const outcome = await world.call('packing.scan', { shipmentId: item!.shipmentId, barcode: item!.expectedDiscBarcode! }, PACKER);
    expect(outcome.ok).toBe(true);
    await world.call('sync.now', {}, PACKER);
    const printed = await world.api.db.knex('label_events').where({ shipment_id: item!.shipmentId, kind: 'printed' }).first('station_id', 'staff_id');
    expect(printed).toEqual({ station_id: stationId(), staff_id: wanda.id });
  });

  it('a supervisor sees this station’s printer, packing and wrong discs, as the station reported them', async () => {
    await world.station.services.floor.sendReport();
    const o = await world.call('floor.overview', {}, SUPERVISOR);
    const row = o.stations.find((s) => s.stationId === stationId());
    expect(row).toMatchObject({ online: true, printerState: 'online', printerName: 'Zebra 1', pendingChanges: 0, packed: 1, mismatches: 1 });
    expect(row!.mismatchRate).toBeCloseTo(0.5);
    expect(o.packers.find((p) => p.username === 'wanda')).toMatchObject({ packed: 1, mismatches: 1, stationName: row!.name });
  });

  it('is refused to a packer at the station itself', async () => {
    expect((await world.fail('floor.overview', {}, PACKER)).code).toBe('FORBIDDEN');
    expect((await world.fail('floor.export', {}, PACKER)).code).toBe('FORBIDDEN');
  });

  it('says in words when the central office cannot be reached', async () => {
    await world.stopCentral();
    try {
      const error = await world.fail('floor.overview', {}, SUPERVISOR);
      expect(error.code).toBe('OFFLINE');
      expect(error.message).toContain('central office');
      expect(error.message).not.toMatch(/[A-Z]{3,}_/);
    } finally {
      await world.startCentral();
    }
  });
});
