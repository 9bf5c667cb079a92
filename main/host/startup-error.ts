/**
 * A station that cannot start says why in words a site admin can act on
 * (the desktop app shows it in an error box; the details go to the log).
 */
export function describeStartupError(err: unknown, dataDir: string): string {
  const e = err as NodeJS.ErrnoException & { code?: string };
  const code = typeof e?.code === 'string' ? e.code : '';
  const text = `${code} ${e?.message ?? ''}`;
  const missing = /Cannot find module '([^']+)'/.exec(e?.message ?? '');
  if (code === 'MODULE_NOT_FOUND' || missing) {
    return `Backlot is missing a part it needs (${missing?.[1] ?? 'a module'}): the installation is incomplete. Install Backlot again.`;
  }
  if (/SQLITE_NOTADB|SQLITE_CORRUPT|file is not a database|malformed/i.test(text)) {
    return `Backlot could not open its local database in ${dataDir}: the file is damaged or is not a Backlot database. Move station.sqlite out of that folder to start afresh (this station then syncs again from the central office).`;
  }
  if (/EACCES|EPERM|SQLITE_READONLY|SQLITE_CANTOPEN/.test(text)) {
    return `Backlot may not write to its data folder ${dataDir}. Check that the folder belongs to the account that runs Backlot.`;
  }
  if (/ENOSPC|SQLITE_FULL/.test(text)) return `The disk that holds ${dataDir} is full. Free some space and start Backlot again.`;
  return `Backlot could not start: ${e?.message ?? String(err)}`;
}
