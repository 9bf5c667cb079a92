/**
 * `npm start`: the embedded central API (local SQLite, demo data on first run)
 * and the Electron app pointed at it. Where the Electron binary is missing
 * (its download is skipped on machines without internet), says so in one line
 * and points to `npm run web`, which runs the same app in a browser.
 */
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseCli } from '../platform/cli-args';
import { resolveDataDir } from '../platform/data-dir';
import { createLogger } from '../platform/logger';
import { startEmbeddedCentral } from './launch/embedded-central';
import { ensureBundlesBuilt, ensureRendererBuilt } from './launch/stale-build';

function electronPath(): string | null {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

const { values } = parseCli(process.argv.slice(2), { 'api-url': { type: 'string' }, kiosk: { type: 'boolean' } });
if (values.help) {
  console.log('Usage: npm start -- [--data-dir DIR] [--api-url URL] [--kiosk]');
  process.exit(0);
}

const electron = electronPath();
if (!electron) {
  console.error('Backlot: the Electron binary is not installed on this machine, so the desktop app cannot open here; run `npm run web` to use Backlot in a browser.');
  process.exit(1);
}

const dataDir = resolveDataDir(values['data-dir']);
const central = values['api-url']
  ? null
  : await startEmbeddedCentral({ dataDir, logger: createLogger('api', { destination: join(dataDir, 'logs', 'api.log') }), onSeedProgress: (l) => console.log(l) });
// The app that opens is the sources as they are now: whatever is stale is built first.
await ensureRendererBuilt();
await ensureBundlesBuilt();

const child = spawn(
  electron,
  ['dist/main/electron.mjs', '--data-dir', join(dataDir, 'station'), '--api-url', values['api-url'] ?? central!.url, ...(central ? ['--api-ca-file', central.caFile] : []), ...(values.kiosk ? ['--kiosk'] : [])],
  // The enrollment key goes by environment, not argv, so other local users cannot read it from the process list.
  { stdio: 'inherit', env: { ...process.env, ...(central ? { BACKLOT_ENROLLMENT_KEY: central.enrollmentKey } : {}) } },
);
child.on('exit', (code) => {
  void (central?.close() ?? Promise.resolve()).finally(() => process.exit(code ?? 0));
});
