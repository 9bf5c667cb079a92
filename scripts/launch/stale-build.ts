/**
 * Builds what is stale before it runs: `npm start`, `npm run web` and the
 * Electron checks in the tests always run the bundles of the sources as they
 * are, never yesterday's. A build is stale when it is missing or any file
 * under the folders it is made from is newer than it.
 */
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';

export const RENDERER_DIR = join(process.cwd(), 'dist', 'renderer');

/** Sources of the renderer bundle (vite) and of the shell, station and preload bundles (esbuild). */
const RENDERER_SOURCES = ['renderer', 'core', 'vite.config.ts', 'package.json'];
const BUNDLE_SOURCES = ['main', 'core', 'platform', 'preload', 'scripts/web.ts', 'scripts/launch', 'scripts/build-electron.ts', 'scripts/station-packages.cjs', 'api', 'package.json'];
export const BUNDLE_OUTPUTS = ['dist/main/electron.mjs', 'dist/main/station-process.cjs', 'dist/preload/preload.cjs', 'dist/web/station-web.mjs'];

function newestMtime(path: string): number {
  if (!existsSync(path)) return 0;
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(path)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(join(path, entry)));
  }
  return newest;
}

/** True when an output is missing or older than the newest source. */
export function isStale(outputs: readonly string[], sources: readonly string[], root = process.cwd()): boolean {
  const built = outputs.map((o) => (existsSync(join(root, o)) ? statSync(join(root, o)).mtimeMs : 0));
  if (built.some((t) => t === 0)) return true;
  const oldestOutput = Math.min(...built);
  return sources.some((s) => newestMtime(join(root, s)) > oldestOutput);
}

/** One builder at a time (test workers, two launchers): a folder made atomically is the lock. */
async function withBuildLock<T>(work: () => Promise<T>): Promise<T> {
  const lock = join(process.cwd(), 'dist', '.build-lock');
  mkdirSync(join(process.cwd(), 'dist'), { recursive: true });
  const deadline = Date.now() + 180_000;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch {
      // A builder that died leaves its lock: after three minutes it is taken over.
      if (Date.now() > deadline) break;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
  try {
    return await work();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Builds the renderer when it is missing or older than its sources. */
export async function ensureRendererBuilt(force = false): Promise<string> {
  if (force || isStale(['dist/renderer/index.html'], RENDERER_SOURCES)) {
    await withBuildLock(async () => {
      if (!force && !isStale(['dist/renderer/index.html'], RENDERER_SOURCES)) return;
      const { build } = await import('vite');
      await build({ configFile: join(process.cwd(), 'vite.config.ts'), logLevel: 'warn' });
    });
  }
  return RENDERER_DIR;
}

/** Builds the shell, station, preload and web-host bundles when any is missing or older than its sources. */
export async function ensureBundlesBuilt(force = false): Promise<void> {
  if (!force && !isStale(BUNDLE_OUTPUTS, BUNDLE_SOURCES)) return;
  await withBuildLock(async () => {
    if (!force && !isStale(BUNDLE_OUTPUTS, BUNDLE_SOURCES)) return;
    const { buildElectronBundles } = await import('../build-electron');
    await buildElectronBundles();
  });
}
