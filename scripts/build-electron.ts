/**
 * Bundles what runs outside the renderer, each into one file with its npm
 * packages inside, so the packaged app carries only what the station truly
 * loads at run time (scripts/packaging.ts checks it):
 *
 * - dist/main/electron.mjs: the Electron shell (ESM). Only `electron` stays
 *   outside.
 * - dist/main/station-process.cjs: the station host in its utility process
 *   (CommonJS, so the native modules load with plain `require`). Outside stay
 *   the packages in scripts/station-packages.cjs (native modules, pdfkit) and
 *   the database drivers knex names for dialects the station never uses (pg,
 *   mysql, ...): knex requires them only when such a dialect is chosen, so
 *   they are neither bundled nor shipped.
 * - dist/preload/preload.cjs: CommonJS, because a sandboxed preload cannot be
 *   an ES module and may require only `electron` (tests/electron checks it).
 * - dist/web/station-web.mjs: `npm run web` from a bundle (bench:startup
 *   starts it; not shipped). Bundled like the station, so it starts without
 *   resolving hundreds of files; vite stays outside (only a stale renderer
 *   needs it).
 *
 * Each bundle writes a metafile next to it (`*.meta.json`), which the
 * packaging check reads to know which packages the app must carry.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { build, type BuildOptions } from 'esbuild';
import { STATION_EXTERNALS, UNUSED_KNEX_DRIVERS } from './station-packages.cjs';

const common: BuildOptions = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  sourcemap: true,
  logLevel: 'warning',
  metafile: true,
  legalComments: 'none',
};

async function bundle(options: BuildOptions & ({ outfile: string } | { outdir: string; metafileAt: string })): Promise<void> {
  const { metafileAt, ...esbuildOptions } = { metafileAt: undefined, ...options };
  const result = await build({ ...common, ...esbuildOptions });
  const meta = metafileAt ?? `${(options as { outfile: string }).outfile}.meta.json`;
  mkdirSync(dirname(meta), { recursive: true });
  writeFileSync(meta, JSON.stringify(result.metafile));
}

export async function buildElectronBundles(): Promise<void> {
  await bundle({
    entryPoints: ['main/electron/main.ts'],
    outfile: 'dist/main/electron.mjs',
    format: 'esm',
    external: ['electron'],
    // Bundled CommonJS packages may call require(); an ES module has none of its own.
    banner: { js: "import { createRequire as __backlotCreateRequire } from 'node:module'; const require = __backlotCreateRequire(import.meta.url);" },
  });
  await bundle({
    entryPoints: ['main/electron/station-process.ts'],
    outfile: 'dist/main/station-process.cjs',
    format: 'cjs',
    external: [...STATION_EXTERNALS, ...UNUSED_KNEX_DRIVERS],
  });
  await bundle({
    entryPoints: ['preload/preload.ts'],
    outfile: 'dist/preload/preload.cjs',
    format: 'cjs',
    external: ['electron'],
    sourcemap: false,
  });
  // Split: what the web host imports only when it runs (the embedded central API and its drivers, the label renderers) is
  // a chunk of its own, so a start-up reads, compiles and runs only the station. An ES module's imports of external
  // packages are hoisted to the top of its file; in one file, pg and pdfkit would load at every start.
  rmSync('dist/web', { recursive: true, force: true });
  await bundle({
    entryPoints: { 'station-web': 'scripts/web.ts' },
    outdir: 'dist/web',
    metafileAt: 'dist/web/station-web.mjs.meta.json',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    outExtension: { '.js': '.mjs' },
    format: 'esm',
    external: [...STATION_EXTERNALS, ...UNUSED_KNEX_DRIVERS, 'vite', 'esbuild'],
    banner: { js: "import { createRequire as __backlotCreateRequire } from 'node:module'; const require = __backlotCreateRequire(import.meta.url);" },
  });
}

if (process.argv[1] && /build-electron\.[cm]?[jt]s$/.test(process.argv[1])) {
  await buildElectronBundles();
  console.log('built dist/main/electron.mjs, dist/main/station-process.cjs, dist/preload/preload.cjs and dist/web/station-web.mjs');
}
