/**
 * Files at rest are owner-only on POSIX (0600 files, 0700 folders): the
 * databases, logs, settings, keys, print jobs and exports a Backlot process
 * keeps hold customers' personal data or the credentials that reach it, and
 * a shared machine's other accounts have no business reading them.
 *
 * Three layers, because each misses something the others catch:
 * - the process's umask (0077), so every file it creates from then on is
 *   born private, including SQLite's -wal and -shm and whatever a library
 *   writes on our behalf;
 * - explicit modes where we create a file ourselves (the database, logs);
 * - a walk over the data dir at start, which fixes what an older version
 *   left 0644.
 * Windows has no modes: the per-user profile folders are already private.
 */
import { chmodSync, closeSync, existsSync, lstatSync, mkdirSync, openSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread } from 'node:worker_threads';

export const PRIVATE_FILE_MODE = 0o600;
export const PRIVATE_DIR_MODE = 0o700;
const POSIX = process.platform !== 'win32';

/** From now on this process creates files 0600 and folders 0700. */
export function createPrivateFilesFromNowOn(): void {
  // Node lets only the main thread set the umask (a worker's files still get the explicit modes below).
  if (POSIX && isMainThread) process.umask(0o077);
}

/** A folder only its owner can enter, made if missing (its parents too), tightened if it was not. */
export function ensurePrivateDir(dir: string): void {
  mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
  if (POSIX) chmodSync(dir, PRIVATE_DIR_MODE);
}

/** Creates `file` empty and 0600 if it does not exist, and makes it 0600 if it does. */
export function ensurePrivateFile(file: string): void {
  if (!existsSync(file)) closeSync(openSync(file, 'a', PRIVATE_FILE_MODE));
  if (POSIX) chmodSync(file, PRIVATE_FILE_MODE);
}

/** Every folder under `dir` 0700 and every file 0600 (symlinks are left alone, never followed). */
export function restrictTree(dir: string): void {
  if (!POSIX || !existsSync(dir)) return;
  chmodSync(dir, PRIVATE_DIR_MODE);
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isSymbolicLink()) continue;
    if (entry.isDirectory()) restrictTree(path);
    else if (entry.isFile() && (lstatSync(path).mode & 0o077) !== 0) chmodSync(path, PRIVATE_FILE_MODE);
  }
}
