/**
 * The Electron shell: a window, kiosk mode, IPC wiring. Everything else is the
 * same station host the web host runs, so this file stays thin and is the
 * only place (with preload and print) that imports `electron`.
 */
import { app, BrowserWindow, Menu } from 'electron';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { resolveDataDir } from '../../platform/data-dir';
import { createLogger } from '../../platform/logger';
import { systemClock } from '../host/clock';
import { createStationHost, type StationHost } from '../host/station-host';
import { SettingsStore } from '../settings/settings-store';
import { electronStoreBackend } from './electron-settings';
import { registerIpc } from './ipc';
import { APP_ORIGIN, registerAppScheme, serveRenderer } from './protocol';
import { hardenApp, hardenSession } from './security';
import { ElectronSystemPrinter } from './system-printer';

const here = dirname(fileURLToPath(import.meta.url));
const { values: args } = parseArgs({
  args: process.argv.slice(app.isPackaged ? 1 : 2),
  options: { 'data-dir': { type: 'string' }, 'api-url': { type: 'string' }, 'api-ca-file': { type: 'string' }, 'enrollment-key': { type: 'string' }, kiosk: { type: 'boolean' } },
  strict: false,
});

const logger = createLogger('station');
let host: StationHost | null = null;
let mainWindow: BrowserWindow | null = null;

app.enableSandbox();
registerAppScheme();
hardenApp((url) => url.startsWith(`${APP_ORIGIN}/`));

async function start(): Promise<void> {
  const dataDir = resolveDataDir(typeof args['data-dir'] === 'string' ? args['data-dir'] : undefined);
  const settings = new SettingsStore(electronStoreBackend(dataDir));
  if (typeof args['api-url'] === 'string') settings.update({ apiUrl: args['api-url'] });
  if (typeof args['api-ca-file'] === 'string') settings.update({ apiCa: readFileSync(args['api-ca-file'], 'utf8') });
  if (args.kiosk === true) settings.update({ kiosk: true });
  const enrollmentKey = typeof args['enrollment-key'] === 'string' ? args['enrollment-key'] : process.env.BACKLOT_ENROLLMENT_KEY;
  host = await createStationHost({ dataDir, settings, clock: systemClock(), logger, systemPrinter: (name) => new ElectronSystemPrinter(name), ...(enrollmentKey ? { enrollmentKey } : {}) });

  hardenSession();
  serveRenderer(join(here, '..', 'renderer'));
  registerIpc(host.dispatch, (event) => mainWindow !== null && event.sender.id === mainWindow.webContents.id);

  const kiosk = settings.get().kiosk;
  if (kiosk) Menu.setApplicationMenu(null);
  mainWindow = new BrowserWindow({
    width: 1280,
    height: 800,
    kiosk,
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
  mainWindow.once('ready-to-show', () => mainWindow?.show());
  await mainWindow.loadURL(`${APP_ORIGIN}/index.html`);
}

app.whenReady().then(start).catch((err: unknown) => {
  logger.fatal({ err }, 'Backlot could not start');
  app.exit(1);
});

app.on('window-all-closed', () => {
  void host?.close().finally(() => app.quit());
});
