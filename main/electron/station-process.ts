/**
 * The station host in Electron's utility process (DESIGN §7; Electron's own
 * advice for a database service): SQLite, sync, printing queues, every
 * handler. Electron's main thread keeps only the window, the protocol, IPC
 * wiring and the lifecycle, so a 500-label batch or a big sync never stalls
 * the UI thread. The web host runs the same host in its own process.
 *
 * No `electron` import: this file only needs `process.parentPort`, which
 * Electron gives a utility process (the tests give it to a Node child).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveDataDir } from '../../platform/data-dir';
import { createLogger, type Logger } from '../../platform/logger';
import type { StationHost } from '../host/station-host';
import { describeStartupError } from '../host/startup-error';
import type { PrintReceipt } from '../print/printers';
import type { SystemPrinting } from '../print/system-printer';
import type { SystemPrinter } from '../../core/station/schemas';
import { Channel, ChannelRequestError, type MessagePortLike } from './channel';
import type { StationStartConfig, StationStarted } from './station-protocol';

interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
}

const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (!parentPort) throw new Error('station-process runs as an Electron utility process (process.parentPort is missing)');

const port: MessagePortLike = {
  postMessage: (m) => parentPort.postMessage(m),
  onMessage: (listener) => parentPort.on('message', (event) => listener(event.data)),
};

let host: StationHost | null = null;
let logger: Logger | null = null;
let closing: Promise<true> | null = null;

/** The shell's printing, with the shell's errors turned back into print errors (the queue retries on their codes). */
function shellPrinting({ CupsPrinting, PrintError }: typeof import('../print/cups') & typeof import('../print/printers')): SystemPrinting {
  type PrintErrorCode = InstanceType<typeof PrintError>['code'];
  const asPrintError = (err: unknown): never => {
    if (err instanceof ChannelRequestError && err.name === 'PrintError') throw new PrintError((err.code ?? 'PRINTER_IO') as PrintErrorCode, err.message);
    throw err;
  };
  const cups = process.platform === 'win32' ? null : new CupsPrinting();
  return {
    source: 'electron',
    pageFormat: 'page',
    listPrinters: () => channel.request<SystemPrinter[]>('listPrinters').catch(asPrintError),
    printRaw: cups ? cups.printRaw : null,
    printPage: (printer, page, title) => {
      if (!page.page) return Promise.reject(new PrintError('BAD_JOB', `The desktop app prints the label as a page; job ${title} has none`));
      return channel.request<PrintReceipt>('printPage', { printer, page: page.page, title }).catch(asPrintError);
    },
  };
}

async function start(config: StationStartConfig): Promise<StationStarted> {
  const dataDir = resolveDataDir(config.dataDir);
  logger = createLogger('station', { destination: join(dataDir, 'logs', 'station.log') });
  try {
    // Loaded here, not at the top: a part that cannot load (a native module missing from an install) is then an
    // answer to `start` the shell can show in words, not a process that dies before it can say why.
    const [{ createStationHost }, { systemClock }, { openStationSettings }, cups, printers] = await Promise.all([
      import('../host/station-host'),
      import('../host/clock'),
      import('../settings/open-settings'),
      import('../print/cups'),
      import('../print/printers'),
    ]);
    const opened = openStationSettings(dataDir, logger);
    const { settings } = opened;
    if (config.apiUrl) settings.update({ apiUrl: config.apiUrl });
    if (config.apiCaFile) settings.update({ apiCa: readFileSync(config.apiCaFile, 'utf8') });
    if (config.kiosk) settings.update({ kiosk: true });
    host = await createStationHost({
      dataDir,
      settings,
      clock: systemClock(),
      logger,
      systemPrinting: shellPrinting({ ...cups, ...printers }),
      notice: opened.notice,
      waitForNetwork: false,
      ...(config.enrollmentKey ? { enrollmentKey: config.enrollmentKey } : {}),
    });
    logger.info({ pid: process.pid }, 'station host started in its utility process');
    return { kiosk: settings.get().kiosk };
  } catch (err) {
    logger.fatal({ err }, 'station host could not start');
    // The shell shows this in its error box: words first, the log for the rest.
    throw new Error(describeStartupError(err, dataDir));
  }
}

function close(): Promise<true> {
  closing ??= (async () => {
    await host?.close();
    host = null;
    logger?.info('station host closed');
    await new Promise<void>((resolve) => (logger ? logger.flush(() => resolve()) : resolve()));
    return true as const;
  })();
  return closing;
}

const channel = new Channel(port, {
  start: (config: StationStartConfig) => start(config),
  dispatch: (call) => {
    if (!host) return Promise.resolve({ ok: false, error: { code: 'INTERNAL', message: 'The station is still starting; try again in a moment.' } });
    return host.dispatch(call);
  },
  close: async () => {
    const done = await close();
    // After the answer has gone out: the shell waits for it, then for this process to end.
    setTimeout(() => process.exit(0), 50);
    return done;
  },
});

for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => void close().finally(() => process.exit(0)));
}
