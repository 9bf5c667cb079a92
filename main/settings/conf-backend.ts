import Conf from 'conf';
import type { KeyValueBackend } from './settings-store';

/** Settings file in the data dir for the web host and tests (electron-store's own engine, without Electron). */
export function confBackend(dataDir: string): KeyValueBackend {
  const conf = new Conf<Record<string, unknown>>({
    projectName: 'backlot',
    cwd: dataDir,
    configName: 'station-settings',
    // The file holds the station credential: owner-only.
    configFileMode: 0o600,
  });
  return { get: (k) => conf.get(k), set: (k, v) => conf.set(k, v), delete: (k) => conf.delete(k) };
}
