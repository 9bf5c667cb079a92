/**
 * The station keeps what it read from its settings file until the file
 * changes (a scan reads the settings four times; reading and parsing the file
 * each time was a measurable part of it). What the file says must still win:
 * a change made to the file while the station runs is read at the next read,
 * and a file damaged after start is still set aside with a message, the
 * station carrying on from defaults.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_STATION_SETTINGS } from '../../core/station/schemas';
import { confBackend, SETTINGS_FILE, type DamagedSettings } from '../../main/settings/conf-backend';
import { SettingsStore } from '../../main/settings/settings-store';

const scratch = mkdtempSync(join(tmpdir(), 'backlot-settings-file-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function open(name: string) {
  const dir = join(scratch, name);
  const damaged: DamagedSettings[] = [];
  const settings = new SettingsStore(confBackend(dir, { onDamaged: (d) => damaged.push(d) }));
  return { settings, damaged, file: join(dir, SETTINGS_FILE) };
}

describe('the station settings file', () => {
  it('a change written to the file while the station runs is what the next read answers', async () => {
    const { settings, file } = open('edited');
    settings.update({ stationName: 'Pack 1', distributionCenter: 'SJC' });
    expect(settings.get()).toMatchObject({ stationName: 'Pack 1', distributionCenter: 'SJC' });
    expect(settings.get(), 'unchanged settings are not read again').toBe(settings.get());
    const onDisk = JSON.parse(readFileSync(file, 'utf8')) as { settings: Record<string, unknown> };
    writeFileSync(file, JSON.stringify({ ...onDisk, settings: { ...onDisk.settings, stationName: 'Packing station 12', distributionCenter: 'EWR' } }));
    expect(settings.get()).toMatchObject({ stationName: 'Packing station 12', distributionCenter: 'EWR' });
    // And the station's own writes after that start from what the file said.
    settings.update({ kiosk: true });
    expect(settings.get()).toMatchObject({ stationName: 'Packing station 12', distributionCenter: 'EWR', kiosk: true });
  });

  it('a file damaged after start is set aside at the next read, said so once, and the station goes on from defaults', async () => {
    const { settings, damaged, file } = open('damaged-later');
    settings.update({ stationName: 'Pack 3', printer: { kind: 'zpl-tcp', name: 'Zebra 3', host: '10.0.0.3' } });
    expect(settings.get().stationName).toBe('Pack 3');
    const garbage = '{"settings":{"stationName":"Pack 3","printer":{"kind":"zpl-tc';
    writeFileSync(file, garbage);
    expect(settings.get()).toEqual(DEFAULT_STATION_SETTINGS);
    expect(settings.get()).toEqual(DEFAULT_STATION_SETTINGS);
    expect(damaged).toHaveLength(1);
    expect(existsSync(damaged[0]!.backupPath)).toBe(true);
    expect(readFileSync(damaged[0]!.backupPath, 'utf8')).toBe(garbage);
  });
});
