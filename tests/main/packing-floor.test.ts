/**
 * Issue 16 at the station: the shift counter (items 1, 2: "last" label),
 * a disc of another DC named with its DC (item 4), and claims that belong to
 * the station, not to a window or a packer (item 6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createPackingWorld, type OneStationWorld } from '../station/world';

let line: Awaited<ReturnType<typeof createPackingWorld>>;
let world: OneStationWorld;
const A = 'window-a';
const B = 'window-b';

beforeAll(async () => {
  line = await createPackingWorld(A);
  ({ world } = line);
}, 120_000);
afterAll(async () => line?.close());

describe('claims belong to the station', () => {
  it('five orders claimed in one window are all in the other window’s queue, and stay there after the packer signs out', async () => {
    await world.signIn('warehouse', B);
    const claimed = await world.call('packing.claim', { count: 5 }, A);
    expect(claimed.items).toHaveLength(5);
    expect(claimed.released).toEqual([]);
    const inB = await world.call('packing.queue', {}, B);
    expect(inB.items.map((i) => i.orderNumber)).toEqual(claimed.items.map((i) => i.orderNumber));
    // A claim from the other window answers with the whole batch too, not just its own new orders.
    const fromB = await world.call('packing.claim', { count: 1 }, B);
    expect(fromB.items.length).toBe(6);
    expect(fromB.items.map((i) => i.orderNumber)).toEqual(expect.arrayContaining(claimed.items.map((i) => i.orderNumber)));

    await world.call('auth.signOut', {}, A);
    await world.signIn('supervisor', A);
    expect((await world.call('packing.queue', {}, A)).items).toHaveLength(6);
  });

  it('an order the central office gave back to the pool leaves the list with its order number said', async () => {
    const before = (await world.call('packing.queue', {}, B)).items;
    const gone = before[before.length - 1]!;
    // Another station took it after this station sat idle.
    await world.api.db.knex('shipments').where('id', gone.shipmentId).update({ claimed_by: 'another-station' });
    const after = await world.call('packing.claim', { count: 1 }, B);
    expect(after.released).toEqual([gone.orderNumber]);
    expect(after.items.map((i) => i.orderNumber)).not.toContain(gone.orderNumber);
  });
});

describe('the shift counter', () => {
  it('counts this station’s labels this hour and today, and names the last label not yet shipped', async () => {
    const zero = await world.call('packing.shift', {}, A);
    expect(zero).toMatchObject({ hour: 0, today: 0, perHour: 0, last: null, timeZone: 'America/Los_Angeles' });
    const [first, second] = (await world.call('packing.queue', {}, A)).items;
    expect((await world.call('packing.scan', { shipmentId: first!.shipmentId, barcode: first!.expectedDiscBarcode! }, A)).ok).toBe(true);
    expect((await world.call('packing.scan', { shipmentId: second!.shipmentId, barcode: second!.expectedDiscBarcode! }, B)).ok).toBe(true);
    const shift = await world.call('packing.shift', {}, B);
    expect(shift).toMatchObject({ hour: 2, today: 2, perHour: 2, last: { shipmentId: second!.shipmentId, orderNumber: second!.orderNumber } });
    // Shipped, the last label is no longer one to reprint or void: the one before it is.
    await world.call('packing.ship', { shipmentIds: [second!.shipmentId] }, A);
    expect((await world.call('packing.shift', {}, A)).last).toEqual({ shipmentId: first!.shipmentId, orderNumber: first!.orderNumber });
    expect((await world.call('packing.shift', {}, A)).today).toBe(2);
  });
});

describe('command cards', () => {
  it('are a printable PDF sheet carrying every command code', async () => {
    const { filename, pdfBase64 } = await world.call('packing.commandCards', {}, A);
    expect(filename).toMatch(/\.pdf$/);
    const pdf = Buffer.from(pdfBase64, 'base64');
    expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdf.length).toBeGreaterThan(2000);
  });
});

describe('a disc of another distribution center', () => {
  it('is named with the building it belongs to and what to do; offline the packer is told to set it aside', async () => {
    const [item] = (await world.call('packing.queue', {}, A)).items.filter((i) => i.status === 'allocated');
    const stray = await world.api.db.knex('discs as d').join('distribution_centers as dc', 'dc.code', 'd.home_dc').whereNot('d.home_dc', 'SJC').first('d.barcode', 'dc.code', 'dc.name');
    expect(await world.station.db.knex('discs').where('barcode', stray.barcode).first(), 'the station holds only its own DC’s discs').toBeUndefined();
    const outcome = await world.call('packing.scan', { shipmentId: item!.shipmentId, barcode: stray.barcode }, A);
    expect(outcome).toMatchObject({ ok: false, reason: 'DISC_OTHER_DC', label: null });
    expect(outcome.message).toContain(`belongs to ${stray.name} (${stray.code})`);
    expect(outcome.message).toContain('Do not pack it');
    expect(outcome.message).not.toMatch(/DISC_/);

    // A barcode no building has stays unknown.
    expect((await world.call('packing.scan', { shipmentId: item!.shipmentId, barcode: 'BLD999999999' }, A)).reason).toBe('DISC_UNKNOWN');

    await world.stopCentral();
    try {
      const offline = await world.call('packing.scan', { shipmentId: item!.shipmentId, barcode: stray.barcode }, A);
      expect(offline).toMatchObject({ ok: false, reason: 'DISC_UNKNOWN' });
      expect(offline.message).toContain('cannot be reached');
      expect(offline.message).toContain('Set the disc aside');
    } finally {
      await world.startCentral();
    }
  });
});
