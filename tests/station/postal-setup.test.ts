/**
 * A distribution center's postal set-up is set by its own admin, at one of
 * its stations, and reaches the central office and every station of the DC
 * (issue 17: per-DC postal data a site can set). Labels print with it.
 */
import { ulid } from 'ulidx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from '../api/harness';
import { createStationWorld, type OneStationWorld } from './world';
import { packingDayScenario } from '../../core/demo/scenarios';
import { DC, demoUser, pushRaw, startSyncWorld, type SyncWorld } from '../sync/world';

const SETUP = {
  serviceName: 'Backlot Movies',
  permitNumber: '7777',
  permitCity: 'Santa Clara',
  permitState: 'ca',
  brmPermitNumber: '8888',
  brmZip: '95131-9950',
  serviceOption: 'full-service' as const,
  addressCorrection: 'full-service-acs/RSR/2',
  imbTracing: true,
  brmTracing: true,
};

describe('the postal set-up at a station of the DC', () => {
  let world: OneStationWorld;
  beforeAll(async () => {
    world = await createStationWorld({ demo: packingDayScenario() });
    await world.signIn('admin', 'admin');
    await world.signIn('warehouse', 'packer');
    await world.call('sync.now', {}, 'admin');
  }, 120_000);
  afterAll(async () => world?.close());

  it('shows the demo set-up of San Jose and the STID its letters print', async () => {
    const current = await world.call('station.postal.get', {}, 'admin');
    expect(current).toMatchObject({ distributionCenter: 'SJC', setup: { permitNumber: '1024', brmZip: '95131-9901', addressCorrection: 'onecode-acs/ASR/2' }, letters: { stid: '140', endorsement: 'ADDRESS SERVICE REQUESTED', replyStid: '708' } });
  });

  it('is for admins only', async () => {
    expect((await world.fail('station.postal.get', {}, 'packer')).code).toBe('FORBIDDEN');
    expect((await world.fail('station.postal.update', SETUP, 'packer')).code).toBe('FORBIDDEN');
  });

  it('refuses, field by field and in words, what USPS would not accept', async () => {
    const noStid = await world.fail('station.postal.update', { ...SETUP, serviceOption: 'basic' }, 'admin');
    expect(noStid.code).toBe('INVALID_INPUT');
    expect(noStid.fields).toEqual([{ field: 'addressCorrection', message: expect.stringMatching(/^The USPS Service Type ID table has no entry for First-Class Mail, Basic IMb, Full-Service ACS with Return Service Requested option 2/) }]);
    const bad = await world.fail('station.postal.update', { ...SETUP, permitState: 'XX', brmZip: '9513' }, 'admin');
    expect(bad.fields?.map((f) => f.field).sort()).toEqual(['brmZip', 'permitState']);
  });

  it('once saved, the station prints with it and the central office holds it, audited', async () => {
    const saved = await world.call('station.postal.update', SETUP, 'admin');
    expect(saved).toMatchObject({ setup: { serviceName: 'BACKLOT MOVIES', permitCity: 'SANTA CLARA', permitState: 'CA' }, letters: { stid: '342', endorsement: 'RETURN SERVICE REQUESTED', replyStid: '052' } });
    await world.call('sync.now', {}, 'admin');
    const central = await world.api.db.knex('distribution_centers').where({ code: 'SJC' }).first();
    expect(central).toMatchObject({ service_name: 'BACKLOT MOVIES', permit_number: '7777', brm_zip4: '9950', address_correction: 'full-service-acs/RSR/2' });
    const audit = await world.api.db.knex('audit_log').where({ action: 'dc.postal_set' }).first();
    expect(JSON.parse(audit.detail)).toMatchObject({ distributionCenter: 'SJC', permit_number: '7777' });

    // The packer's next label is a Full-Service RSR letter with a traced Business Reply panel.
    const [item] = (await world.call('packing.claim', { count: 1 }, 'packer')).items.filter((i) => i.pieceType === 'letter');
    const outcome = await world.call('packing.scan', { shipmentId: item!.shipmentId, barcode: item!.expectedDiscBarcode! }, 'packer');
    expect(outcome.label?.tracking).toMatch(/^00 342 314159 /);
    const event = await world.station.db.knex('label_events').where({ shipment_id: item!.shipmentId }).first();
    expect(event).toMatchObject({ stid: '342', return_serial: outcome.label!.serial });
  });
});

describe.each(databaseTargets)('the postal set-up across stations on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
  }, 120_000);
  afterAll(async () => world?.close());

  const push = (user: 'adam' | 'sue', dc: string) => ({ id: ulid(), name: 'distributionCenter.setPostal', args: { distributionCenter: dc, setup: { ...SETUP, permitNumber: user === 'adam' ? '4242' : '6666' } }, staffId: demoUser(user).id, at: new Date().toISOString(), baseVersions: {} });

  it('an admin at another DC’s station, or a supervisor at this one, cannot set it; the DC’s own admin can, and its packing stations get it', async () => {
    const before = await world.central('distribution_centers').where({ code: DC }).first('permit_number');
    const elsewhere = await world.openStation({ user: 'adam', name: 'Admin at EWR', dc: 'EWR' });
    const refused = await pushRaw(world, elsewhere.credential, { clientId: elsewhere.clientId, mutations: [push('adam', DC)] });
    expect(refused.json().results[0]).toMatchObject({ status: 'rejected', reason: 'OUT_OF_SCOPE', message: expect.stringMatching(/set at one of its own stations/) });
    const supervisor = await world.openStation({ user: 'sue', name: 'Supervisor here' });
    expect((await pushRaw(world, supervisor.credential, { clientId: supervisor.clientId, mutations: [push('sue', DC)] })).json().results[0]).toMatchObject({ status: 'rejected' });
    expect(await world.central('distribution_centers').where({ code: DC }).first('permit_number')).toEqual(before);

    const packer = await world.openStation({ user: 'wanda', name: 'Packer here' });
    await packer.syncUntilQuiet();
    const admin = await world.openStation({ user: 'adam', name: 'Admin here' });
    await admin.syncUntilQuiet();
    await admin.mutate('distributionCenter.setPostal', { distributionCenter: DC, setup: { ...SETUP, permitNumber: '4242' } });
    await admin.syncUntilQuiet();
    expect(await world.central('distribution_centers').where({ code: DC }).first('permit_number')).toEqual({ permit_number: '4242' });
    await packer.syncUntilQuiet();
    expect(await packer.knex('distribution_centers').where({ code: DC }).first('permit_number', 'brm_zip4', 'imb_tracing')).toEqual({ permit_number: '4242', brm_zip4: '9950', imb_tracing: 1 });
  });
});
