import type { Logger } from '../../platform/logger';
import { confBackend } from './conf-backend';
import { SettingsStore } from './settings-store';

export interface OpenedSettings {
  settings: SettingsStore;
  /** What the person at the station should read about the settings file, or null (shown by the setup and sign-in screens). */
  notice(): string | null;
}

/**
 * The station's settings file, opened so that a damaged one never keeps the
 * station from starting: it is set aside and the station starts on defaults
 * with a message (the desktop app and the web host both open it this way).
 */
export function openStationSettings(dataDir: string, logger?: Logger): OpenedSettings {
  let notice: string | null = null;
  const backend = confBackend(dataDir, {
    onDamaged: ({ backupPath, reason }) => {
      logger?.error({ backupPath, reason }, 'station settings file was damaged; kept aside, starting on defaults');
      notice =
        `This station’s settings file was damaged, so Backlot started on default settings. ` +
        `The damaged file was kept as ${backupPath}. An admin sets the station up again (central office, printer).`;
    },
  });
  return { settings: new SettingsStore(backend), notice: () => notice };
}
