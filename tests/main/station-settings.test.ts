/**
 * A partial settings update changes only the fields given (issue 12, item 5):
 * an admin who saves the printer must not reset the station's CA (which cut a
 * station off its central office), and the same holds for every other field.
 * The table below must name every field of the settings schema.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StationSettingsSchema, type StationSettings } from '../../core/station/schemas';
import { createStationWorld, type OneStationWorld } from '../station/world';

const PEM_A = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQmFja2xvdCB0ZXN0IENBIEEwCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----';
const PEM_B = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQmFja2xvdCB0ZXN0IENBIEIwCgYIKoZIzj0EAwIw\n-----END CERTIFICATE-----';

/** Two different values per field, so each patch is a real change whatever the field held before. */
const CHANGES: { [K in keyof StationSettings]: [StationSettings[K], StationSettings[K]] } = {
  stationName: ['Pack 7', 'Pack 8'],
  distributionCenter: ['EWR', 'ATL'],
  apiUrl: ['http://127.0.0.1:1', 'http://127.0.0.1:2'],
  kiosk: [true, false],
  idleLockSeconds: [120, 900],
  printer: [
    { kind: 'pdf-file', name: 'Label folder', directory: '/tmp/labels', layout: 'letter-mailer' },
    { kind: 'system', name: 'Office_Laser', language: 'page', layout: '4x6' },
  ],
  apiCa: [PEM_A, PEM_B],
};

let world: OneStationWorld;
const ADMIN = 'settings-admin';
beforeAll(async () => {
  world = await createStationWorld();
  await world.signIn('admin', ADMIN);
  // Every field holds something first (the CA and the printer included), so a reset to a default would show.
  await world.call('station.settings.update', { apiCa: PEM_A, printer: CHANGES.printer[1] }, ADMIN);
});
afterAll(async () => world?.close());

describe('a settings update changes only the fields it names', () => {
  it('the table covers every field of the settings', () => {
    expect(Object.keys(CHANGES).sort()).toEqual(Object.keys(StationSettingsSchema.shape).sort());
  });

  for (const field of Object.keys(CHANGES) as (keyof StationSettings)[]) {
    it(`changing only ${field} leaves every other setting as it was`, async () => {
      const before = (await world.call('station.settings.get', {}, ADMIN)) as StationSettings;
      const value = JSON.stringify(before[field]) === JSON.stringify(CHANGES[field][0]) ? CHANGES[field][1] : CHANGES[field][0];
      try {
        const answer = await world.call('station.settings.update', { [field]: value }, ADMIN);
        const after = (await world.call('station.settings.get', {}, ADMIN)) as StationSettings;
        expect(answer).toEqual(after);
        expect(after).toEqual({ ...before, [field]: value });
      } finally {
        await world.call('station.settings.update', { [field]: before[field] }, ADMIN);
      }
    });
  }

  it('saving the printer keeps the station’s CA, and clearing the CA keeps the printer', async () => {
    await world.call('station.settings.update', { printer: CHANGES.printer[0] }, ADMIN);
    expect(await world.call('station.settings.get', {}, ADMIN)).toMatchObject({ apiCa: PEM_A, printer: CHANGES.printer[0] });
    await world.call('station.settings.update', { apiCa: null }, ADMIN);
    expect(await world.call('station.settings.get', {}, ADMIN)).toMatchObject({ apiCa: null, printer: CHANGES.printer[0] });
  });
});
