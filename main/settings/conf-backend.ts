import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import Conf from 'conf';
import type { KeyValueBackend } from './settings-store';
import { wallClock, type Clock } from '../../core/clock';
import { deepFreeze } from '../../core/frozen';

export const SETTINGS_FILE = 'station-settings.json';

/** A settings file that could not be read, and where it was kept. */
export interface DamagedSettings {
  backupPath: string;
  /** Why it could not be read, in words for the log (never shown as a code). */
  reason: string;
}

/**
 * The settings file in the data dir (`conf`, the engine electron-store is built
 * on; both processes of the desktop app and the web host use it, so one file
 * format everywhere).
 *
 * A damaged file (a power cut mid-write on a filesystem that does not honour
 * the atomic rename, a hand edit gone wrong) must not stop a station from
 * opening: it is renamed aside as `station-settings.json.damaged-<time>`, so an
 * admin can recover what it held, and the station carries on from defaults.
 * `onDamaged` hears of it to tell the person at the station.
 */
export function confBackend(dataDir: string, opts: { onDamaged?: (damaged: DamagedSettings) => void; clock?: Clock } = {}): KeyValueBackend {
  const file = join(dataDir, SETTINGS_FILE);
  const setAside = (reason: string): void => {
    if (!existsSync(file)) return;
    const stamp = (opts.clock ?? wallClock).now().toISOString().replace(/[:.]/g, '-');
    const backupPath = `${file}.damaged-${stamp}`;
    renameSync(file, backupPath);
    opts.onDamaged?.({ backupPath, reason });
  };
  const damage = readDamage(file);
  if (damage) setAside(damage);

  const conf = new Conf<Record<string, unknown>>({
    projectName: 'backlot',
    cwd: dataDir,
    configName: 'station-settings',
    // The file holds the station credential: owner-only.
    configFileMode: 0o600,
  });
  // A file damaged after start is caught when it is next read (see `read`), once.
  const guarded = <T>(read: () => T): T => {
    try {
      return read();
    } catch (err) {
      if (!(err instanceof SyntaxError) && !/schema violation/i.test((err as Error).message)) throw err;
      setAside((err as Error).message);
      return read();
    }
  };
  // conf reads and parses the whole file on every get, and a scan reads the settings four times: what was read is kept
  // until the file is another one (our own writes replace it by a rename; an edit by hand changes its size or times),
  // which one stat tells. So an edit or damage after start is still seen at the next read.
  const kept = new Map<string, unknown>();
  /** The file version `kept` was read from: undefined before the first read and after a write. */
  let keptFor: string | null | undefined;
  const read = (k: string): unknown => {
    const now = fileVersion(file);
    if (now !== keptFor) {
      kept.clear();
      keptFor = now;
    }
    if (!kept.has(k)) kept.set(k, deepFreeze(guarded(() => conf.get(k))));
    return kept.get(k);
  };
  const write = (change: () => void): void => {
    keptFor = undefined;
    guarded(change);
  };
  return {
    get: read,
    set: (k, v) => write(() => conf.set(k, v)),
    delete: (k) => write(() => conf.delete(k)),
  };
}

/** Which version of the file is on disk: its inode (a write by rename makes a new one), size and times; null when there is none. */
function fileVersion(file: string): string | null {
  try {
    const st = statSync(file);
    return `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** Why the file cannot serve as settings, or null when it can (or does not exist yet). */
function readDamage(file: string): string | null {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT' ? null : `unreadable (${(err as NodeJS.ErrnoException).code ?? 'error'})`;
  }
  try {
    const parsed: unknown = JSON.parse(text);
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? null : 'not a JSON object';
  } catch (err) {
    return `not valid JSON (${(err as Error).message})`;
  }
}
