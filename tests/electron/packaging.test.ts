/**
 * The installed app, as electron-builder lays it out, without the Electron
 * download: `electron-builder --linux deb` with a stand-in Electron
 * distribution (`-c.electronDist`) and no native rebuild. It packs the
 * unpacked layout (linux-unpacked/) first, then gets as far as the deb
 * target's own tool download: past every config validation (homepage,
 * author, desktopName, deb depends) on Linux.
 *
 * Checked on the layout:
 * - every .node file is outside the archive, in app.asar.unpacked;
 * - the archive carries the bundles, the renderer and exactly the packages
 *   the station loads at run time (scripts/station-packages.cjs), which are
 *   exactly the bundles' own externals: no central API, no PostgreSQL driver,
 *   no React sources, no native build leftovers;
 * - the shell extracted from it starts with no arguments and passes the same
 *   IPC round trip as the built one (tests/electron/shell-checks.ts).
 * Negative control: the same extracted app without one package it needs
 * fails that round trip, saying which part is missing.
 */
import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { builtinModules } from 'node:module';
import asar from '@electron/asar';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundlesBuilt, ensureRendererBuilt } from '../../scripts/launch/stale-build';
import { STATION_EXTERNALS, UNUSED_KNEX_DRIVERS, stationRuntimePackages } from '../../scripts/station-packages.cjs';
import { launchShell, type Shell } from './harness';
import { signInRoundTrip } from './shell-checks';
import { startTestCentral, type TestCentral } from './test-central';

const root = mkdtempSync(join(tmpdir(), 'i14-package-'));
const out = join(root, 'release');
const unpacked = join(out, 'linux-unpacked');
const resources = join(unpacked, 'resources');
let builderOutput = '';
let builderExit: number | null = null;
let central: TestCentral;
const shells: Shell[] = [];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? walk(path) : [path];
  });
}

function externalsOf(bundle: string): string[] {
  const meta = JSON.parse(readFileSync(`${bundle}.meta.json`, 'utf8')) as { outputs: Record<string, { imports: Array<{ path: string; external?: boolean }> }> };
  const builtins = new Set(builtinModules);
  const ext = new Set<string>();
  for (const output of Object.values(meta.outputs)) for (const i of output.imports) if (i.external && !builtins.has(i.path) && !i.path.startsWith('node:')) ext.add(i.path);
  return [...ext].sort();
}

beforeAll(async () => {
  await ensureRendererBuilt();
  await ensureBundlesBuilt();
  // A stand-in for Electron's unpacked distribution: the executable electron-builder renames, and its resources folder.
  const dist = join(root, 'electron-dist');
  mkdirSync(join(dist, 'resources'), { recursive: true });
  writeFileSync(join(dist, 'electron'), '#!/bin/sh\necho "stand-in for the Electron binary"\n');
  chmodSync(join(dist, 'electron'), 0o755);
  await new Promise<void>((resolve) => {
    execFile(
      'npx',
      ['electron-builder', '--linux', 'deb', '--config', 'electron-builder.config.cjs', `-c.electronDist=${dist}`, '-c.npmRebuild=false', `-c.directories.output=${out}`],
      { env: { ...process.env, ELECTRON_SKIP_BINARY_DOWNLOAD: '1', CI: 'true', FORCE_COLOR: '0', NO_COLOR: '1' }, maxBuffer: 32 * 1024 * 1024, timeout: 480_000 },
      (err, stdout, stderr) => {
        // eslint-disable-next-line no-control-regex
        builderOutput = `${stdout}\n${stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
        builderExit = err ? ((err as { code?: number }).code ?? 1) : 0;
        resolve();
      },
    );
  });
  central = await startTestCentral();
}, 600_000);

afterAll(async () => {
  for (const shell of shells) shell.kill();
  await central?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('npm run dist on Linux', () => {
  it('gets past config validation to the deb itself (here it stops only where the packaging tool must be downloaded)', () => {
    expect(builderOutput).not.toMatch(/Please specify|InvalidConfigurationError|configuration has an unknown property|is missed in the package\.json|author is missed/);
    // The deb target's options (homepage, maintainer email) are checked before packing; the packed app exists, so they passed.
    expect(existsSync(join(unpacked, 'backlot')), builderOutput.slice(-3000)).toBe(true);
    // Built, or (no internet here) stopped where fpm must be fetched; any other failure is a real one.
    const builtOrOnlyDownloadFailed = builderExit === 0 || /ENOTFOUND|EAI_AGAIN|ECONNREFUSED|ENETUNREACH|getaddrinfo/.test(builderOutput);
    expect(builtOrOnlyDownloadFailed, builderOutput.slice(-3000)).toBe(true);
  });
});

describe('the packaged app’s layout', () => {
  it('keeps every native module (.node) unpacked beside the archive, where it can be loaded', () => {
    const archive = join(resources, 'app.asar');
    expect(existsSync(archive), builderOutput.slice(-3000)).toBe(true);
    const listed = asar.listPackage(archive, { isPack: false }).map((f) => f.replace(/^[/\\]/, ''));
    const natives = listed.filter((f) => f.endsWith('.node'));
    expect(natives.length).toBeGreaterThanOrEqual(2);
    for (const file of natives) {
      expect((asar.statFile(archive, file) as { unpacked?: boolean }).unpacked, file).toBe(true);
      expect(existsSync(join(resources, 'app.asar.unpacked', file)), file).toBe(true);
    }
    expect(natives.some((f) => f.includes('sqlite3'))).toBe(true);
    expect(natives.some((f) => f.includes('argon2'))).toBe(true);
  });

  it('carries the bundles and exactly the packages the station loads at run time, which are exactly the bundles’ externals', () => {
    expect(externalsOf('dist/main/electron.mjs')).toEqual(['electron']);
    const stationExternals = externalsOf('dist/main/station-process.cjs').filter((e) => !UNUSED_KNEX_DRIVERS.includes(e));
    expect(stationExternals).toEqual([...STATION_EXTERNALS].sort());
    expect(externalsOf('dist/preload/preload.cjs')).toEqual(['electron']);

    const listed = asar.listPackage(join(resources, 'app.asar'), { isPack: false }).map((f) => f.replace(/\\/g, '/'));
    const packages = new Set(listed.map((f) => /^\/(node_modules\/(?:@[^/]+\/)?[^/]+(?:\/node_modules\/(?:@[^/]+\/)?[^/]+)*)\//.exec(f)?.[1]).filter(Boolean));
    // Scope folders (node_modules/@noble) are not packages.
    const shipped = [...packages].filter((p) => !/\/@[^/]+$/.test(p!)).sort();
    expect(shipped).toEqual(stationRuntimePackages(process.cwd()));
    for (const unwanted of ['fastify', 'pg', 'node-forge', 'react', 'react-dom', 'knex', 'zod', 'undici', '@fastify/static', 'vite']) {
      expect(shipped, unwanted).not.toContain(`node_modules/${unwanted}`);
    }
    expect(listed.filter((f) => f.startsWith('/node_modules/sqlite3/')).filter((f) => /\/(src|deps|obj|obj\.target)\//.test(f))).toEqual([]);
    const app = listed.filter((f) => !f.startsWith('/node_modules/'));
    for (const needed of ['/package.json', '/dist/main/electron.mjs', '/dist/main/station-process.cjs', '/dist/preload/preload.cjs', '/dist/renderer/index.html']) expect(app).toContain(needed);
    expect(app.filter((f) => /\.(map|meta\.json)$/.test(f) || f.startsWith('/dist/web/'))).toEqual([]);
  });
});

describe('the packaged app, extracted and run with no arguments', () => {
  let extracted: string;
  beforeAll(() => {
    extracted = join(root, 'extracted');
    asar.extractAll(join(resources, 'app.asar'), extracted);
  });

  function runPackaged(app: string, home: string): Shell {
    const shell = launchShell({ main: join(app, 'dist', 'main', 'electron.mjs'), packaged: true, cwd: app, env: { HOME: home, XDG_DATA_HOME: join(home, '.local', 'share'), BACKLOT_DATA_DIR: undefined, BACKLOT_ENROLLMENT_KEY: undefined } });
    shells.push(shell);
    return shell;
  }

  it('opens its window on the default data dir and passes the IPC round trip: setup, then an admin signs in', async () => {
    const home = join(root, 'home');
    const shell = runPackaged(extracted, home);
    await signInRoundTrip(shell, central);
    expect(existsSync(join(home, '.local', 'share', 'backlot', 'station.sqlite'))).toBe(true);
    expect(walk(join(home, '.local', 'share', 'backlot', 'logs')).map((f) => relative(home, f)).sort()).toEqual(['.local/share/backlot/logs/shell.log', '.local/share/backlot/logs/station.log']);
    await shell.command('quit');
    expect((await shell.exited).code).toBe(0);
  });

  it('negative control: without one package it loads (bindings, which sqlite3 needs), the same check fails and says what is missing', async () => {
    const broken = join(root, 'broken');
    asar.extractAll(join(resources, 'app.asar'), broken);
    rmSync(join(broken, 'node_modules', 'bindings'), { recursive: true, force: true });
    const shell = runPackaged(broken, join(root, 'home-broken'));
    await expect(signInRoundTrip(shell, central)).rejects.toThrow();
    const box = await shell.waitFor('dialog.showErrorBox');
    expect(box.data.content).toContain('Backlot is missing a part it needs (bindings)');
    expect((await shell.exited).code).toBe(1);
  });
});
