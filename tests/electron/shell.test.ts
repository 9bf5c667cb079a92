/**
 * The built Electron shell (dist/main/electron.mjs), loaded in Node with a
 * stand-in `electron` module through an ESM resolve hook: what the app does
 * with Electron is checked here, where the Electron binary cannot run.
 * Window options, the app:// protocol, an IPC sign-in round trip through the
 * station's utility process to a real central API, the single-instance lock,
 * startup failures, every road out, a crashed renderer, the window before
 * the network; and a negative control: the same check fails for a shell
 * whose station cannot load a dependency.
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ensureBundlesBuilt, ensureRendererBuilt } from '../../scripts/launch/stale-build';
import { launchShell, type Shell } from './harness';
import { KEY, startTestCentral, type TestCentral } from './test-central';
import { signInRoundTrip } from './shell-checks';

let central: TestCentral;
const shells: Shell[] = [];
const dirs: string[] = [];

function dataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'i14-shell-'));
  dirs.push(dir);
  return dir;
}

function start(args: string[], env: Record<string, string> = {}): Shell {
  const shell = launchShell({ args, env });
  shells.push(shell);
  return shell;
}

beforeAll(async () => {
  await ensureRendererBuilt();
  await ensureBundlesBuilt();
  central = await startTestCentral();
}, 240_000);

afterEach(async () => {
  for (const shell of shells.splice(0)) {
    shell.kill();
    await shell.exited;
  }
});

afterAll(async () => {
  await central?.close();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe('the window', () => {
  it('is isolated and sandboxed, loads its preload, opens hidden and shows when drawn; the sandbox is never turned off', async () => {
    const shell = start(['--data-dir', dataDir()]);
    const created = await shell.waitFor('window.created');
    const prefs = created.data.options.webPreferences;
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webviewTag: false, webSecurity: true, allowRunningInsecureContent: false });
    expect(prefs.preload).toMatch(/dist[/\\]preload[/\\]preload\.cjs$/);
    expect(existsSync(prefs.preload)).toBe(true);
    expect(created.data.options.show).toBe(false);
    await shell.waitFor('window.show');
    const names = shell.events.map((e) => e.name);
    expect(names.indexOf('app.enableSandbox')).toBeGreaterThanOrEqual(0);
    expect(names.indexOf('app.enableSandbox')).toBeLessThan(names.indexOf('app.ready'));
    expect(shell.events.filter((e) => e.name === 'app.commandLine.appendSwitch').map((e) => e.data.name)).not.toContain('no-sandbox');
    expect(shell.events.filter((e) => e.name === 'violation')).toEqual([]);
  });

  it('cannot navigate away, open windows or get permissions, and its responses carry the CSP', async () => {
    const shell = start(['--data-dir', dataDir()]);
    await shell.waitFor('window.show');
    expect(await shell.command('navigate', { url: 'https://evil.example/' })).toEqual({ prevented: true, windowOpen: { action: 'deny' } });
    expect((await shell.command('navigate', { url: 'app://backlot/index.html' })).prevented).toBe(false);
    expect(await shell.command('permission', { permission: 'media' })).toEqual({ request: false, check: false });
    const headers = await shell.command('csp');
    expect(headers['Content-Security-Policy'][0]).toContain("default-src 'self'");
  });
});

describe('the app:// protocol', () => {
  it('serves the built renderer and nothing outside it', async () => {
    const shell = start(['--data-dir', dataDir()]);
    await shell.waitFor('window.loaded');
    const index = await shell.command('fetch', { url: 'app://backlot/index.html' });
    expect(index.status).toBe(200);
    expect(index.type).toBe('text/html');
    const script = /src="([^"]+\.js)"/.exec(index.body)![1]!;
    expect((await shell.command('fetch', { url: new URL(script, 'app://backlot/').href })).status).toBe(200);
    expect((await shell.command('fetch', { url: 'app://backlot/..%2f..%2fpackage.json' })).status).toBe(403);
    expect((await shell.command('fetch', { url: 'app://elsewhere/index.html' })).status).toBe(404);
  });
});

describe('IPC through the station’s utility process', () => {
  it('sets the station up, signs an admin in and answers, all across the process boundary; the station runs in its own process', async () => {
    const dir = dataDir();
    const shell = start(['--data-dir', dir]);
    await shell.waitFor('window.show');
    const forked = await shell.waitFor('utilityProcess.fork');
    expect(forked.data.modulePath).toMatch(/station-process\.cjs$/);
    const pids = await shell.command('pids');
    expect(pids.utility).toHaveLength(1);
    expect(pids.utility[0]).not.toBe(pids.main);
    await signInRoundTrip(shell, central);
  });

  it('refuses a call from a window it did not create or a frame of another origin', async () => {
    const shell = start(['--data-dir', dataDir()]);
    await shell.waitFor('window.show');
    expect(await shell.command('invoke', { payload: { method: 'station.status', input: {} }, foreign: true })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await shell.command('invoke', { payload: { method: 'station.status', input: {} }, frameUrl: 'https://evil.example/' })).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    expect(await shell.command('invoke', { payload: { method: 'station.status', input: {}, extra: 1 } })).toMatchObject({ ok: false, error: { code: 'INVALID_INPUT' } });
  });

  it('a station process that dies is started again, and calls work after it', async () => {
    const shell = start(['--data-dir', dataDir()]);
    await shell.waitFor('window.show');
    const { utility } = await shell.command('pids');
    expect((await shell.invoke('station.status')).ok).toBe(true);
    process.kill(utility[0], 'SIGKILL');
    await shell.waitFor('utilityProcess.fork', (e) => e !== shell.events.find((x) => x.name === 'utilityProcess.fork'));
    await expect.poll(async () => (await shell.invoke('station.status')).ok, { timeout: 15_000 }).toBe(true);
    const after = await shell.command('pids');
    expect(after.utility[0]).not.toBe(utility[0]);
  });
});

describe('one Backlot per data dir', () => {
  it('a second launch hands over to the first (which comes to the front) and quits without registering, syncing or printing', async () => {
    const dir = dataDir();
    const first = start(['--data-dir', dir, '--api-url', central.url, '--api-ca-file', central.caFile, '--enrollment-key', KEY]);
    await first.waitFor('window.show');
    await expect.poll(async () => (await first.invoke('station.status')).data?.registered, { timeout: 15_000 }).toBe(true);
    const before = await central.stations();
    await first.command('minimize');

    const second = start(['--data-dir', dir, '--api-url', central.url, '--api-ca-file', central.caFile, '--enrollment-key', KEY]);
    expect((await second.exited).code).toBe(0);
    expect(second.events.find((e) => e.name === 'app.singleInstanceLock')?.data.got).toBe(false);
    expect(second.events.map((e) => e.name)).not.toContain('utilityProcess.fork');
    expect(second.events.map((e) => e.name)).not.toContain('window.created');

    await first.waitFor('app.second-instance');
    await first.waitFor('window.restore');
    await first.waitFor('window.focus');
    expect(await central.stations()).toBe(before);
  });

  it('two data dirs are two stations, side by side', async () => {
    const a = start(['--data-dir', dataDir()]);
    const b = start(['--data-dir', dataDir()]);
    await a.waitFor('window.show');
    await b.waitFor('window.show');
    expect(a.events.find((e) => e.name === 'app.singleInstanceLock')?.data.got).toBe(true);
    expect(b.events.find((e) => e.name === 'app.singleInstanceLock')?.data.got).toBe(true);
  });
});

describe('startup failures', () => {
  it('a damaged local database is an error box in words and a log line under the data dir, then exit 1', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'station.sqlite'), 'this is not a database, it is a grocery list'.repeat(200));
    const shell = start(['--data-dir', dir]);
    const box = await shell.waitFor('dialog.showErrorBox');
    expect(box.data.title).toBe('Backlot could not start');
    expect(box.data.content).toContain('the file is damaged or is not a Backlot database');
    expect(box.data.content).toContain(join(dir, 'logs'));
    expect(box.data.content).not.toMatch(/SQLITE_[A-Z]+/);
    expect((await shell.exited).code).toBe(1);
    const shellLog = readFileSync(join(dir, 'logs', 'shell.log'), 'utf8');
    expect(shellLog).toMatch(/"level":60.*Backlot could not start/);
    expect(readFileSync(join(dir, 'logs', 'station.log'), 'utf8')).toMatch(/SQLITE_NOTADB|not a database/);
  });

  it('a damaged settings file is kept aside and the station opens on defaults, saying so', async () => {
    const dir = dataDir();
    writeFileSync(join(dir, 'station-settings.json'), '{"settings":{"stationName":"Pack 3","apiUrl":"https://backl');
    const shell = start(['--data-dir', dir]);
    await shell.waitFor('window.show');
    const status = await shell.invoke('station.status');
    expect(status.data).toMatchObject({ registered: false, stationName: 'Station 1' });
    expect(status.data.notice).toMatch(/settings file was damaged, so Backlot started on default settings/);
    const kept = readdirSync(dir).filter((f) => f.startsWith('station-settings.json.damaged-'));
    expect(kept).toHaveLength(1);
    expect(readFileSync(join(dir, kept[0]!), 'utf8')).toContain('"stationName":"Pack 3"');
    expect(shell.events.map((e) => e.name)).not.toContain('dialog.showErrorBox');
  });
});

describe('every road out closes the station first', () => {
  for (const road of ['app.quit()', 'the last window closed', 'SIGTERM'] as const) {
    it(`${road}: the station closes its database and queues, then the app exits 0`, async () => {
      const dir = dataDir();
      const shell = start(['--data-dir', dir]);
      await shell.waitFor('window.show');
      expect((await shell.invoke('station.status')).ok).toBe(true);
      if (road === 'app.quit()') await shell.command('quit');
      else if (road === 'the last window closed') await shell.command('closeWindow');
      else await shell.command('signal', { signal: 'SIGTERM' });
      expect((await shell.exited).code).toBe(0);
      const utilityExit = shell.events.find((e) => e.name === 'utilityProcess.exit')!;
      expect(utilityExit.data).toMatchObject({ code: 0 });
      expect(shell.events.findIndex((e) => e.name === 'utilityProcess.exit')).toBeLessThan(shell.events.findIndex((e) => e.name === 'process.exit'));
      expect(readFileSync(join(dir, 'logs', 'station.log'), 'utf8')).toContain('station host closed');
    });
  }
});

describe('a renderer that crashes', () => {
  it('is reloaded and logged; a clean exit is not reloaded', async () => {
    const dir = dataDir();
    const shell = start(['--data-dir', dir]);
    await shell.waitFor('window.show');
    const loads = () => shell.events.filter((e) => e.name === 'window.loadURL').length;
    const before = loads();
    await shell.command('crashRenderer', { reason: 'crashed' });
    await expect.poll(loads).toBe(before + 1);
    await shell.command('crashRenderer', { reason: 'clean-exit' });
    await new Promise((r) => setTimeout(r, 200));
    expect(loads()).toBe(before + 1);
    expect(readFileSync(join(dir, 'logs', 'shell.log'), 'utf8')).toMatch(/"reason":"crashed".*renderer process is gone/);
  });
});

describe('the window before the network', () => {
  let silent: Server;
  let port: number;
  const held = new Set<Socket>();
  beforeAll(async () => {
    // A central office that accepts connections and never answers: the station's first request waits out its 5 s timeout.
    silent = createServer((socket) => void held.add(socket));
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    port = (silent.address() as { port: number }).port;
  });
  afterAll(async () => {
    for (const socket of held) socket.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  it('shows and answers while the central office has not answered yet', async () => {
    const dir = dataDir();
    const shell = start(['--data-dir', dir, '--api-url', `http://127.0.0.1:${port}`, '--enrollment-key', KEY]);
    await shell.waitFor('window.show');
    // Asked after the window showed: still registering, i.e. the central office has not answered the station's first request (it waits up to 5 s).
    const status = await shell.invoke('station.status');
    expect(status.data).toMatchObject({ online: false, registered: false, registering: true });
  });
});

describe('negative control: the same check fails for a shell that cannot load a dependency', () => {
  it('reports the missing module in the error box and exits 1', async () => {
    // The built bundles, copied where no node_modules can be found: the station's sqlite3 is missing.
    const dir = dataDir();
    const app = join(dir, 'app');
    for (const sub of ['dist/main', 'dist/preload']) mkdirSync(join(app, sub), { recursive: true });
    for (const f of ['dist/main/electron.mjs', 'dist/main/station-process.cjs', 'dist/preload/preload.cjs']) copyFileSync(join(process.cwd(), f), join(app, f));
    writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'backlot', type: 'module', main: 'dist/main/electron.mjs' }));
    const shell = launchShell({ main: join(app, 'dist/main/electron.mjs'), args: ['--data-dir', join(dir, 'data')], cwd: app });
    shells.push(shell);
    const box = await shell.waitFor('dialog.showErrorBox');
    expect(box.data.content).toMatch(/Backlot is missing a part it needs \((sqlite3|@node-rs\/argon2|pdfkit)\): the installation is incomplete/);
    expect((await shell.exited).code).toBe(1);
    await expect(signInRoundTrip(shell, central)).rejects.toThrow();
  });
});

