/**
 * A stand-in for the `electron` module, for loading the built shell
 * (dist/main/electron.mjs) in plain Node where the Electron binary cannot be
 * downloaded. The resolve hook (loader.mjs) hands this module to every
 * `import ... from 'electron'`.
 *
 * It keeps Electron's rules that a shell can break: schemes registered and
 * the sandbox enabled before `ready`, `protocol.handle` after; one instance
 * per userData dir (a lock file and a socket, like Chromium's); the quit
 * sequence (before-quit, windows closed, will-quit, quit) with
 * preventDefault honoured; utility processes as Node children whose
 * `process.parentPort` carries structured-clone messages.
 *
 * The test drives it over the child's IPC channel (process.send): it reads
 * the events recorded here and sends commands (an IPC call as the renderer
 * makes it, a fetch of an app:// URL, a second launch, a crashed renderer,
 * quit). See tests/electron/harness.ts.
 */
import { fork } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';

const here = fileURLToPath(new URL('.', import.meta.url));
const packaged = process.env.FAKE_ELECTRON_PACKAGED === '1';
// A packaged app's argv has no script path: [app, ...args].
if (packaged) process.argv.splice(1, 1);

function record(name, data = {}) {
  if (process.send) process.send({ fake: 'event', name, data, at: performance.now() });
}

function violation(message) {
  record('violation', { message });
  throw new Error(`[fake electron] ${message}`);
}

function makeEvent(extra = {}) {
  return { defaultPrevented: false, preventDefault() { this.defaultPrevented = true; }, ...extra };
}

let isReady = false;
const utilityChildren = new Set();
// An Electron app lives until it quits or exits, whatever its event loop holds.
const keepAlive = setInterval(() => undefined, 1 << 30);

function exitProcess(code) {
  record('process.exit', { code });
  clearInterval(keepAlive);
  // Electron ends its utility processes with it.
  for (const child of utilityChildren) child.kill('SIGKILL');
  // Let the IPC message go out first.
  setTimeout(() => process.exit(code), 20);
}

// ---------- app ----------
class App extends EventEmitter {
  constructor() {
    super();
    this.isPackaged = packaged;
    this.paths = { userData: join(tmpdir(), 'fake-electron-userData') };
    this.sandboxEnabled = false;
    this.quitting = false;
    this.lockServer = null;
    this.readyPromise = new Promise((resolve) => {
      setTimeout(() => {
        isReady = true;
        record('app.ready');
        this.emit('ready', makeEvent(), {});
        resolve();
      }, 5);
    });
  }
  getName() { return 'Backlot'; }
  getVersion() { return '0.0.0-fake'; }
  setPath(name, path) {
    if (isReady && name === 'userData') violation('app.setPath("userData") after ready: the single-instance lock and profile would already be in the old place');
    this.paths[name] = path;
    record('app.setPath', { name, path });
  }
  getPath(name) { return this.paths[name] ?? join(tmpdir(), `fake-electron-${name}`); }
  isReady() { return isReady; }
  whenReady() { return this.readyPromise; }
  enableSandbox() {
    if (isReady) violation('app.enableSandbox() must be called before the app is ready');
    this.sandboxEnabled = true;
    record('app.enableSandbox');
  }
  requestSingleInstanceLock() {
    const dir = this.getPath('userData');
    mkdirSync(dir, { recursive: true });
    const lock = join(dir, 'SingletonLock');
    const socket = join(dir, 'SingletonSocket');
    for (let attempt = 0; attempt < 2; attempt++) {
      try {
        const fd = openSync(lock, 'wx');
        writeSync(fd, String(process.pid));
        closeSync(fd);
        rmSync(socket, { force: true });
        this.lockServer = createServer((conn) => {
          let text = '';
          conn.on('data', (c) => (text += c));
          conn.on('end', () => {
            const { argv, cwd } = JSON.parse(text || '{}');
            record('app.second-instance', { argv });
            this.emit('second-instance', makeEvent(), argv ?? [], cwd ?? '', {});
          });
        });
        this.lockServer.listen(socket);
        this.lockServer.unref();
        process.on('exit', () => rmSync(lock, { force: true }));
        record('app.singleInstanceLock', { got: true, dir });
        return true;
      } catch (err) {
        if (err.code !== 'EEXIST') throw err;
        const owner = Number(readFileSync(lock, 'utf8'));
        let alive = false;
        try {
          process.kill(owner, 0);
          alive = true;
        } catch {}
        if (!alive) {
          rmSync(lock, { force: true });
          continue;
        }
        // Tell the first instance, as Chromium's process singleton does, then report no lock.
        const conn = createConnection(socket);
        conn.on('error', () => undefined);
        conn.end(JSON.stringify({ argv: process.argv, cwd: process.cwd() }));
        record('app.singleInstanceLock', { got: false, dir });
        return false;
      }
    }
    return false;
  }
  releaseSingleInstanceLock() {}
  quit() {
    if (this.quitting) return;
    const before = makeEvent();
    this.emit('before-quit', before);
    record('app.before-quit', { prevented: before.defaultPrevented });
    if (before.defaultPrevented) return;
    this.quitting = true;
    for (const w of [...BrowserWindow.all]) w.close(true);
    const will = makeEvent();
    this.emit('will-quit', will);
    record('app.will-quit', { prevented: will.defaultPrevented });
    if (will.defaultPrevented) {
      this.quitting = false;
      return;
    }
    this.emit('quit', makeEvent(), 0);
    exitProcess(0);
  }
  exit(code = 0) {
    record('app.exit', { code });
    exitProcess(code);
  }
  focus() {}
}
export const app = new App();
const switches = [];
app.commandLine = {
  appendSwitch(name, value) {
    switches.push(name);
    record('app.commandLine.appendSwitch', { name, value: value ?? null });
  },
  appendArgument(arg) { record('app.commandLine.appendArgument', { arg }); },
  hasSwitch: (name) => switches.includes(name),
  getSwitchValue: () => '',
};

// ---------- web contents and windows ----------
let nextContentsId = 1;
const fakePrinters = () => JSON.parse(process.env.FAKE_ELECTRON_PRINTERS ?? '[]');

class WebContents extends EventEmitter {
  constructor(window) {
    super();
    this.id = nextContentsId++;
    this.window = window;
    this.url = '';
    this.windowOpenHandler = null;
  }
  getURL() { return this.url; }
  setWindowOpenHandler(handler) { this.windowOpenHandler = handler; }
  async getPrintersAsync() { return fakePrinters(); }
  print(options, callback) {
    record('webContents.print', { id: this.id, options, html: this.url.startsWith('data:') ? Buffer.from(this.url.split(',')[1] ?? '', 'base64').toString('utf8') : null });
    const known = fakePrinters().some((p) => p.name === options.deviceName);
    setTimeout(() => callback?.(known, known ? '' : 'Invalid deviceName provided'), 5);
  }
  reload() {
    record('webContents.reload', { id: this.id });
    return this.window.loadURL(this.url);
  }
  send() {}
  isDestroyed() { return this.window.destroyed; }
}

export class BrowserWindow extends EventEmitter {
  static all = new Set();
  static getAllWindows() { return [...BrowserWindow.all]; }
  constructor(options = {}) {
    super();
    if (!isReady) violation('BrowserWindow created before the app is ready');
    this.options = options;
    this.webContents = new WebContents(this);
    this.id = this.webContents.id;
    this.destroyed = false;
    this.visible = false;
    this.minimized = false;
    this.kiosk = !!options.kiosk;
    this.shownOnce = false;
    BrowserWindow.all.add(this);
    app.emit('web-contents-created', makeEvent(), this.webContents);
    record('window.created', { id: this.id, options: JSON.parse(JSON.stringify(options)) });
  }
  async loadURL(url) {
    this.webContents.url = url;
    record('window.loadURL', { id: this.id, url });
    if (url.startsWith('app://')) {
      const res = await protocolFetch(url);
      record('window.loaded', { id: this.id, url, status: res.status });
      if (res.status !== 200) throw new Error(`ERR_FILE_NOT_FOUND (${res.status}) loading '${url}'`);
    } else if (!url.startsWith('data:')) {
      violation(`a window loaded ${url}: Backlot's windows load only app:// or a label page`);
    }
    setTimeout(() => {
      if (this.destroyed) return;
      this.webContents.emit('did-finish-load');
      if (!this.shownOnce) {
        this.shownOnce = true;
        this.emit('ready-to-show');
      }
    }, 5);
  }
  show() { this.visible = true; record('window.show', { id: this.id }); }
  hide() { this.visible = false; }
  focus() { record('window.focus', { id: this.id }); }
  restore() { this.minimized = false; record('window.restore', { id: this.id }); }
  minimize() { this.minimized = true; }
  isMinimized() { return this.minimized; }
  isVisible() { return this.visible; }
  setKiosk(flag) { this.kiosk = flag; record('window.setKiosk', { id: this.id, flag }); }
  isKiosk() { return this.kiosk; }
  isDestroyed() { return this.destroyed; }
  setTitle() {}
  destroy() {
    if (this.destroyed) return;
    this.destroyed = true;
    BrowserWindow.all.delete(this);
    record('window.destroyed', { id: this.id });
    this.emit('closed');
  }
  /** `quitting`: closed by app.quit(), which does not emit window-all-closed. */
  close(quitting = false) {
    if (this.destroyed) return;
    const e = makeEvent();
    this.emit('close', e);
    if (e.defaultPrevented) return;
    this.destroy();
    if (!quitting && BrowserWindow.all.size === 0) app.emit('window-all-closed', makeEvent());
  }
}

// ---------- protocol, net, session ----------
const protocolHandlers = new Map();
export const protocol = {
  registerSchemesAsPrivileged(schemes) {
    if (isReady) violation('protocol.registerSchemesAsPrivileged must be called before the app is ready');
    record('protocol.registerSchemesAsPrivileged', { schemes });
  },
  handle(scheme, handler) {
    if (!isReady) violation('protocol.handle must be called after the app is ready');
    protocolHandlers.set(scheme, handler);
    record('protocol.handle', { scheme });
  },
  isProtocolHandled(scheme) { return protocolHandlers.has(scheme); },
};

async function protocolFetch(url) {
  const scheme = new URL(url).protocol.slice(0, -1);
  const handler = protocolHandlers.get(scheme);
  if (!handler) return new Response('no handler', { status: 404 });
  return handler(new Request(url));
}

const MIME = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.svg': 'image/svg+xml', '.png': 'image/png', '.woff2': 'font/woff2', '.json': 'application/json' };
export const net = {
  async fetch(input) {
    const url = typeof input === 'string' ? input : input.url;
    if (url.startsWith('file:')) {
      const path = fileURLToPath(url);
      if (!existsSync(path) || !statSync(path).isFile()) return new Response('not found', { status: 404 });
      return new Response(readFileSync(path), { status: 200, headers: { 'content-type': MIME[extname(path)] ?? 'application/octet-stream' } });
    }
    return fetch(input);
  },
};

const sessionRecord = { permissionRequestHandler: null, permissionCheckHandler: null, headersHook: null };
const defaultSession = {
  setPermissionRequestHandler(fn) { sessionRecord.permissionRequestHandler = fn; record('session.setPermissionRequestHandler'); },
  setPermissionCheckHandler(fn) { sessionRecord.permissionCheckHandler = fn; record('session.setPermissionCheckHandler'); },
  webRequest: { onHeadersReceived(fn) { sessionRecord.headersHook = fn; record('session.onHeadersReceived'); } },
};
export const session = { defaultSession, fromPartition: () => defaultSession };

// ---------- ipcMain ----------
const ipcHandlers = new Map();
export const ipcMain = {
  handle(channel, fn) {
    if (ipcHandlers.has(channel)) violation(`ipcMain.handle("${channel}") registered twice (Electron throws)`);
    ipcHandlers.set(channel, fn);
    record('ipcMain.handle', { channel });
  },
  removeHandler(channel) { ipcHandlers.delete(channel); },
  on() {},
};

// ---------- dialog, Menu ----------
export const dialog = {
  showErrorBox(title, content) { record('dialog.showErrorBox', { title, content }); },
  async showMessageBox(_w, options) { record('dialog.showMessageBox', { options: options ?? _w }); return { response: 0 }; },
};
export const Menu = { setApplicationMenu(menu) { record('Menu.setApplicationMenu', { menu: menu === null ? null : 'menu' }); }, buildFromTemplate: (t) => t };

// ---------- utilityProcess: a Node child with a parentPort ----------
export const utilityProcess = {
  fork(modulePath, args = [], options = {}) {
    if (!isReady) violation('utilityProcess.fork before the app is ready');
    record('utilityProcess.fork', { modulePath, args, serviceName: options.serviceName ?? null });
    const child = fork(join(here, 'utility-bootstrap.cjs'), [modulePath, ...args], {
      serialization: 'advanced',
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      env: { ...process.env, ...(options.env ?? {}) },
      execArgv: [],
    });
    utilityChildren.add(child);
    const emitter = new EventEmitter();
    child.on('spawn', () => emitter.emit('spawn'));
    child.on('message', (m) => emitter.emit('message', m));
    child.on('exit', (code, signal) => {
      utilityChildren.delete(child);
      record('utilityProcess.exit', { code, signal, pid: child.pid });
      emitter.emit('exit', code ?? (signal ? 1 : 0));
    });
    return Object.assign(emitter, {
      get pid() { return child.pid; },
      postMessage(message) { if (child.connected) child.send(message); },
      kill() { return child.kill('SIGTERM'); },
    });
  },
};

export const MessageChannelMain = class {};
export const shell = { openExternal: async () => undefined };
export const nativeTheme = { shouldUseDarkColors: false };
export const screen = { getPrimaryDisplay: () => ({ workAreaSize: { width: 1366, height: 768 } }) };

// ---------- commands from the test ----------
const eld = { histogram: null };

async function command(msg) {
  const window = [...BrowserWindow.all].find((w) => !w.options?.webPreferences?.partition) ?? null;
  switch (msg.cmd) {
    case 'invoke': {
      const handler = ipcHandlers.get(msg.channel ?? 'backlot:invoke');
      if (!handler) throw new Error('no IPC handler registered');
      const sender = msg.foreign ? new WebContents({ destroyed: false }) : window?.webContents;
      if (!sender) throw new Error('no window');
      const event = { sender, senderFrame: { url: msg.frameUrl ?? 'app://backlot/index.html' }, processId: 1, frameId: 1 };
      return handler(event, msg.payload);
    }
    case 'fetch': {
      const res = await protocolFetch(msg.url);
      return { status: res.status, type: res.headers.get('content-type'), body: await res.text() };
    }
    case 'navigate': {
      const e = makeEvent();
      window?.webContents.emit('will-navigate', e, msg.url);
      const open = window?.webContents.windowOpenHandler?.({ url: msg.url }) ?? null;
      return { prevented: e.defaultPrevented, windowOpen: open };
    }
    case 'csp': {
      let headers = null;
      sessionRecord.headersHook?.({ responseHeaders: { 'content-type': ['text/html'] } }, (r) => (headers = r.responseHeaders));
      return headers;
    }
    case 'permission': {
      let answer = null;
      sessionRecord.permissionRequestHandler?.(window?.webContents, msg.permission, (ok) => (answer = ok));
      return { request: answer, check: sessionRecord.permissionCheckHandler?.(window?.webContents, msg.permission) ?? null };
    }
    case 'crashRenderer':
      window?.webContents.emit('render-process-gone', makeEvent(), { reason: msg.reason ?? 'crashed', exitCode: 139 });
      return true;
    case 'minimize':
      window?.minimize();
      return true;
    case 'closeWindow':
      window?.close();
      return true;
    case 'quit':
      app.quit();
      return true;
    case 'signal':
      process.emit(msg.signal);
      return true;
    case 'window':
      return window ? { id: window.id, visible: window.visible, kiosk: window.kiosk, options: JSON.parse(JSON.stringify(window.options)) } : null;
    case 'eld-start':
      eld.histogram = monitorEventLoopDelay({ resolution: 1 });
      eld.histogram.enable();
      return true;
    case 'eld-stop': {
      const h = eld.histogram;
      h.disable();
      return { p50: h.percentile(50) / 1e6, p99: h.percentile(99) / 1e6, max: h.max / 1e6, mean: h.mean / 1e6, count: h.count };
    }
    case 'pids':
      return { main: process.pid, utility: [...utilityChildren].map((c) => c.pid) };
    default:
      throw new Error(`unknown command ${msg.cmd}`);
  }
}

if (process.send) {
  process.on('message', (msg) => {
    if (!msg || typeof msg !== 'object' || !('cmd' in msg)) return;
    command(msg).then(
      (value) => process.send?.({ fake: 'reply', id: msg.id, ok: true, value }),
      (err) => process.send?.({ fake: 'reply', id: msg.id, ok: false, error: String(err?.message ?? err) }),
    );
  });
}

export default { app, BrowserWindow, protocol, net, session, ipcMain, dialog, Menu, utilityProcess, shell };
