/**
 * Bundles the Electron main process (ESM) and the preload (CommonJS: a
 * sandboxed preload cannot be an ES module). npm packages stay external and
 * ship in node_modules, so native modules (sqlite3, argon2) load as built.
 */
import { build } from 'esbuild';

await build({
  entryPoints: ['main/electron/main.ts'],
  outfile: 'dist/main/electron.mjs',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
});

await build({
  entryPoints: ['preload/preload.ts'],
  outfile: 'dist/preload/preload.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['electron'],
  logLevel: 'warning',
});
console.log('built dist/main/electron.mjs and dist/preload/preload.cjs');
