import { DEFAULT_STATION_SETTINGS, StationSettingsSchema, type StationSettings, type StationSettingsPatch } from '../../core/station/schemas';
import { AppError, fieldIssuesFromZod } from '../../core/errors';
import { deepFreeze } from '../../core/frozen';

/**
 * Station settings behind an interface: electron-store inside Electron, `conf`
 * (which electron-store is built on) in the web host and tests, a plain object
 * in unit tests. Importing electron-store outside Electron throws, so only the
 * Electron shell constructs that implementation.
 */
export interface KeyValueBackend {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
  delete(key: string): void;
}

export interface StationIdentity {
  stationId: string;
  credential: string;
}

export class SettingsStore {
  /** The last stored value and what it parsed to: a scan reads the settings several times, and they rarely change. */
  private last: { stored: unknown; settings: StationSettings } | null = null;

  constructor(private readonly backend: KeyValueBackend) {}

  /** Frozen: the same object goes to every caller until the stored settings change. */
  get(): StationSettings {
    const stored = this.backend.get('settings');
    // `conf` hands back a new object on every read (it reads the file), so only an unchanged in-memory value is reused.
    if (this.last && this.last.stored === stored) return this.last.settings;
    const merged = { ...DEFAULT_STATION_SETTINGS, ...(typeof stored === 'object' && stored ? stored : {}) };
    const parsed = StationSettingsSchema.safeParse(merged);
    // A hand-edited or older settings file must not brick a station: fall back to defaults.
    const settings = deepFreeze(parsed.success ? parsed.data : DEFAULT_STATION_SETTINGS);
    this.last = { stored, settings };
    return settings;
  }

  update(patch: StationSettingsPatch): StationSettings {
    const parsed = StationSettingsSchema.safeParse({ ...this.get(), ...patch });
    if (!parsed.success) throw new AppError('INVALID_INPUT', 'Some settings are not valid.', fieldIssuesFromZod(parsed.error.issues));
    this.backend.set('settings', parsed.data);
    return parsed.data;
  }

  identity(): StationIdentity | null {
    const id = this.backend.get('identity') as Partial<StationIdentity> | undefined;
    return id && typeof id.stationId === 'string' && typeof id.credential === 'string' ? { stationId: id.stationId, credential: id.credential } : null;
  }

  setIdentity(identity: StationIdentity | null): void {
    if (identity) this.backend.set('identity', identity);
    else this.backend.delete('identity');
  }
}

export function memoryBackend(initial: Record<string, unknown> = {}): KeyValueBackend {
  const data = new Map(Object.entries(initial));
  return { get: (k) => data.get(k), set: (k, v) => void data.set(k, v), delete: (k) => void data.delete(k) };
}
