/**
 * The built preload (dist/preload/preload.cjs) run the way Electron runs a
 * sandboxed preload: CommonJS source in its own context, where `require`
 * offers only what Electron's sandbox offers (electron's renderer modules,
 * events, timers, url). It must expose exactly `backlot.invoke`, which sends
 * `{ method, input }` on the one channel main listens to.
 *
 * Negative controls: an ES-module build of the same preload, a preload that
 * reaches for Node's fs, and one that hands the renderer ipcRenderer itself
 * all fail the same check.
 */
import { readFileSync } from 'node:fs';
import { EventEmitter } from 'node:events';
import { runInNewContext } from 'node:vm';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { ensureBundlesBuilt } from '../../scripts/launch/stale-build';

/** What Electron's sandboxed preload `require` resolves (Electron docs: "Process Sandboxing"). */
const SANDBOX_MODULES = new Set(['electron', 'events', 'timers', 'url', 'node:events', 'node:timers', 'node:url']);

interface PreloadRun {
  exposed: Record<string, unknown>;
  invokes: Array<{ channel: string; payload: unknown }>;
}

/** Runs preload source as Electron's sandbox would; throws whatever the sandbox would. */
function runSandboxedPreload(source: string): PreloadRun {
  const exposed: Record<string, unknown> = {};
  const invokes: PreloadRun['invokes'] = [];
  const electron = {
    contextBridge: {
      exposeInMainWorld(key: string, api: unknown) {
        if (key in exposed) throw new Error(`Cannot bind an API on top of an existing property on the window object: ${key}`);
        exposed[key] = api;
      },
    },
    ipcRenderer: {
      invoke: (channel: string, payload: unknown) => {
        invokes.push({ channel, payload });
        return Promise.resolve({ ok: true, data: null });
      },
      on() {},
      send() {},
    },
    webFrame: {},
    crashReporter: {},
    nativeImage: {},
  };
  const sandboxRequire = (name: string) => {
    if (!SANDBOX_MODULES.has(name)) throw new Error(`module not found: ${name}`);
    if (name === 'electron') return electron;
    if (name.endsWith('events')) return { EventEmitter };
    if (name.endsWith('timers')) return { setTimeout, clearTimeout, setImmediate, clearImmediate };
    return { URL };
  };
  const module = { exports: {} };
  // Electron wraps a sandboxed preload in a function, like CommonJS, and evaluates it as a script: `import` is a syntax error.
  const wrapped = `(function (exports, require, module, __filename, __dirname) {\n${source}\n})`;
  const fn = runInNewContext(wrapped, { console, Promise, Object, Error }, { filename: 'preload.cjs' }) as (...args: unknown[]) => void;
  fn(module.exports, sandboxRequire, module, '/preload.cjs', '/');
  return { exposed, invokes };
}

/** The check itself: exactly `backlot.invoke`, relaying on `backlot:invoke` with `{ method, input }`. */
async function checkPreload(source: string): Promise<void> {
  const run = runSandboxedPreload(source);
  expect(Object.keys(run.exposed)).toEqual(['backlot']);
  const api = run.exposed.backlot as Record<string, unknown>;
  expect(Object.keys(api)).toEqual(['invoke']);
  expect(typeof api.invoke).toBe('function');
  await (api.invoke as (m: string, i: unknown) => Promise<unknown>)('auth.session', { probe: 1 });
  expect(run.invokes).toEqual([{ channel: 'backlot:invoke', payload: { method: 'auth.session', input: { probe: 1 } } }]);
}

async function bundlePreload(contents: string, format: 'cjs' | 'esm'): Promise<string> {
  const out = await build({ stdin: { contents, loader: 'ts', resolveDir: process.cwd() }, bundle: true, platform: 'node', format, external: ['electron'], write: false });
  return out.outputFiles[0]!.text;
}

beforeAll(async () => {
  await ensureBundlesBuilt();
}, 240_000);

describe('the built preload in Electron’s sandbox', () => {
  it('exposes exactly backlot.invoke, which relays { method, input } on the one channel main listens to', async () => {
    await checkPreload(readFileSync('dist/preload/preload.cjs', 'utf8'));
  });
});

describe('negative controls: the check fails for preloads that would break or leak', () => {
  const ours = readFileSync('preload/preload.ts', 'utf8');

  it('an ES-module preload (a sandboxed preload cannot be one)', async () => {
    const esm = await bundlePreload(ours, 'esm');
    expect(esm).toMatch(/^import /m);
    await expect(checkPreload(esm)).rejects.toThrow(/Cannot use import statement|Unexpected token|import/);
  });

  it('a preload that requires a Node module the sandbox does not offer', async () => {
    const withFs = await bundlePreload(`import { readFileSync } from 'node:fs';\n${ours}\nexport const peek = readFileSync;`, 'cjs');
    await expect(checkPreload(withFs)).rejects.toThrow(/module not found: (node:)?fs/);
  });

  it('a preload that hands the renderer ipcRenderer itself', async () => {
    const leaky = await bundlePreload(`${ours}\nimport { contextBridge as cb, ipcRenderer as ipc } from 'electron';\ncb.exposeInMainWorld('ipc', ipc);`, 'cjs');
    await expect(checkPreload(leaky)).rejects.toThrow();
  });
});
