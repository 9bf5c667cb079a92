import Store from 'electron-store';
import type { KeyValueBackend } from '../settings/settings-store';

/** electron-store: the settings file Electron apps conventionally use (imported only inside Electron). */
export function electronStoreBackend(dataDir: string): KeyValueBackend {
  const store = new Store<Record<string, unknown>>({ name: 'station-settings', cwd: dataDir, configFileMode: 0o600 });
  return { get: (k) => store.get(k), set: (k, v) => store.set(k, v), delete: (k) => store.delete(k) };
}
