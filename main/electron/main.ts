/**
 * The Electron shell: one window, the app:// protocol, IPC wiring, page
 * printing and the app's lifecycle. The station itself (SQLite, sync, print
 * queues, every handler) runs in a utility process (station-process.ts), so
 * this thread only draws and relays. This file and preload are the only
 * places that import `electron`.
 *
 * Lifecycle, in the order it matters:
 * - one instance per data dir: a second launch hands over to the first
 *   (which comes to the front) and quits before it touches anything, so there
 *   is never a second registration, sync engine or print queue;
 * - the window opens at once, before the station has checked the network;
 * - a station that cannot start is an error box with words and a log line
 *   under the data dir, never a silent exit;
 * - quitting by any road (last window, Cmd+Q, `app.quit()`, SIGTERM) closes
 *   the station first: its database and print queue end cleanly;
 * - a renderer that crashes is reloaded, and it is logged.
 */
import { app, BrowserWindow, dialog, Menu, utilityProcess } from 'electron';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { wallClock } from '../../core/clock';
import { resolveDataDir } from '../../platform/data-dir';
import type { LabelPage } from '../print/label-svg';
import { createLogger } from '../../platform/logger';
import { registerIpc } from './ipc';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './protocol';
import { hardenApp, hardenSession } from './security';
import { StationClient, type ForkUtility } from './station-client';
import { STATION_PROCESS_FILE, type StationStartConfig } from './station-protocol';
import { ElectronSystemPrinting } from './system-printing';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  // Packaged: argv[0] is the app; unpacked: electron, then this script.
  args: process.argv.slice(app.isPackaged ? 1 : 2),
  options: { 'data-dir': { type: 'string' }, 'api-url': { type: 'string' }, 'api-ca-file': { type: 'string' }, 'enrollment-key': { type: 'string' }, kiosk: { type: 'boolean' } },
  strict: false,
});
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

const dataDir = resolveDataDir(text(args['data-dir']));
// Chromium's profile, and with it the single-instance lock, live in the data dir: one Backlot per data dir.
app.setPath('userData', join(dataDir, 'electron'));
const logFile = join(dataDir, 'logs', 'shell.log');
// Written line by line: a startup error may end this process right after it is logged.
const logger = createLogger('shell', { destination: logFile, sync: true });

/** Renderer crashes tolerated per minute before the shell stops reloading and says so. */
const MAX_RENDERER_RELOADS = 3;

let mainWindow: BrowserWindow | null = null;
let station: StationClient | null = null;
let closedStation = false;
let closingStation: Promise<void> | null = null;
let failed = false;
const rendererCrashes: number[] = [];

function failStartup(err: unknown): void {
  if (failed) return;
  failed = true;
  const message = err instanceof Error ? err.message : String(err);
  logger.fatal({ err }, 'Backlot could not start');
  dialog.showErrorBox('Backlot could not start', `${message}\n\nDetails are in ${join(dataDir, 'logs')}.`);
  app.exit(1);
}

function createWindow(): BrowserWindow {
  const window = new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    title: 'Backlot',
    webPreferences: {
      preload: join(here, '..', 'preload', 'preload.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      // Middle-click would open links in new windows; nothing in Backlot needs it.
      disableBlinkFeatures: 'Auxclick',
    },
  });
  window.once('ready-to-show', () => window.show());
  window.on('closed', () => {
    if (mainWindow === window) mainWindow = null;
  });
  window.webContents.on('render-process-gone', (_event, details) => {
    logger.error({ reason: details.reason, exitCode: details.exitCode }, 'the window’s renderer process is gone');
    if (details.reason === 'clean-exit' || window.isDestroyed()) return;
    const now = wallClock.now().getTime();
    rendererCrashes.push(now);
    while (rendererCrashes.length > 0 && now - rendererCrashes[0]! > 60_000) rendererCrashes.shift();
    if (rendererCrashes.length > MAX_RENDERER_RELOADS) {
      dialog.showErrorBox('Backlot’s window keeps failing', `The window stopped ${rendererCrashes.length} times within a minute, so Backlot stops reloading it. Restart Backlot; details are in ${join(dataDir, 'logs')}.`);
      return;
    }
    // A blank kiosk helps nobody: load the app again (the station and the signed-in session are untouched).
    void window.loadURL(`${APP_ORIGIN}/index.html`).catch((err: unknown) => logger.error({ err }, 'reloading the window failed'));
  });
  window.webContents.on('unresponsive', () => logger.warn('the window is not responding'));
  window.webContents.on('responsive', () => logger.info('the window responds again'));
  void window.loadURL(`${APP_ORIGIN}/index.html`).catch((err: unknown) => logger.error({ err }, 'loading the window failed'));
  return window;
}

async function start(): Promise<void> {
  hardenSession();
  serveRenderer(join(here, '..', 'renderer'));
  const config: StationStartConfig = {
    dataDir,
    ...(text(args['api-url']) ? { apiUrl: text(args['api-url']) } : {}),
    ...(text(args['api-ca-file']) ? { apiCaFile: text(args['api-ca-file']) } : {}),
    ...(args.kiosk === true ? { kiosk: true } : {}),
  };
  const enrollmentKey = text(args['enrollment-key']) ?? process.env.BACKLOT_ENROLLMENT_KEY;
  if (enrollmentKey) config.enrollmentKey = enrollmentKey;

  const printing = new ElectronSystemPrinting(() => mainWindow?.webContents ?? null);
  station = new StationClient({
    modulePath: join(here, STATION_PROCESS_FILE),
    fork: utilityProcess.fork as unknown as ForkUtility,
    config,
    logger,
    shell: {
      listPrinters: () => printing.listPrinters(),
      printPage: (a: { printer: string; page: LabelPage; title: string }) => printing.printPage(a.printer, a.page, a.title),
    },
  });
  station.onFatal(failStartup);
  registerIpc(station.dispatch, (event) => mainWindow !== null && event.sender.id === mainWindow.webContents.id);

  // The window first: it shows "Starting…" and then the setup or sign-in screen, whatever the network is doing.
  mainWindow = createWindow();
  const { kiosk } = await station.ready;
  if (kiosk && mainWindow) {
    Menu.setApplicationMenu(null);
    mainWindow.setKiosk(true);
  }
  logger.info({ kiosk }, 'Backlot started');
}

function closeStationThenQuit(event: { preventDefault(): void }): void {
  if (closedStation) return;
  event.preventDefault();
  closingStation ??= (station?.close() ?? Promise.resolve())
    .catch((err: unknown) => logger.error({ err }, 'closing the station failed'))
    .finally(() => {
      closedStation = true;
      logger.info('Backlot closed');
      app.quit();
    });
}

if (!app.requestSingleInstanceLock()) {
  // Another Backlot already runs on this data dir: it comes to the front (its 'second-instance'), this one leaves untouched.
  logger.info('Backlot already runs on this data dir; handing over to it');
  app.quit();
} else {
  app.on('second-instance', () => {
    if (!mainWindow) return;
    if (mainWindow.isMinimized()) mainWindow.restore();
    mainWindow.show();
    mainWindow.focus();
  });
  app.enableSandbox();
  registerAppScheme();
  hardenApp((url) => url.startsWith(`${APP_ORIGIN}/`));
  // Every road out goes through here: the last window, Cmd+Q, app.quit(), a signal.
  app.on('before-quit', closeStationThenQuit);
  app.on('will-quit', closeStationThenQuit);
  app.on('window-all-closed', () => app.quit());
  for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => app.quit());
  app.whenReady().then(start).catch(failStartup);
}
