import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { createPrivateFilesFromNowOn, ensurePrivateDir, restrictTree } from './private-files';

/**
 * Where a process keeps its data. `--data-dir` wins, then BACKLOT_DATA_DIR,
 * then the per-user default; tests and benchmarks always pass `--data-dir`
 * so they never touch a user's data.
 *
 * Every process that keeps data starts here, so this is also where its files
 * become owner-only (platform/private-files.ts): the folder 0700, what an
 * older version left readable tightened, and everything made from now on
 * 0600 (the process umask).
 */
export function resolveDataDir(explicit?: string): string {
  const dir = explicit ?? process.env.BACKLOT_DATA_DIR ?? defaultDataDir();
  const abs = resolve(dir);
  createPrivateFilesFromNowOn();
  ensurePrivateDir(abs);
  restrictTree(abs);
  return abs;
}

function defaultDataDir(): string {
  if (process.platform === 'win32') return join(process.env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'Backlot');
  if (process.platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'Backlot');
  return join(process.env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'backlot');
}
