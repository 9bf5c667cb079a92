/**
 * Silent printing to a named OS printer (station setting `printer.kind =
 * 'system'`): the label PDF is opened in a hidden, sandboxed window and
 * printed with `webContents.print({ silent: true, deviceName })`. Only the
 * Electron shell can do this, so the station host receives it as a factory.
 */
import { BrowserWindow } from 'electron';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PrintError, type LabelPrinter, type PrintJob } from '../print/printers';

export class ElectronSystemPrinter implements LabelPrinter {
  readonly accepts = 'pdf' as const;

  constructor(readonly name: string) {}

  async print(job: PrintJob): Promise<void> {
    if (!job.pdf) throw new PrintError('BAD_JOB', `Job ${job.id} has no PDF for system printer "${this.name}".`);
    const dir = mkdtempSync(join(tmpdir(), 'backlot-print-'));
    const file = join(dir, 'label.pdf');
    writeFileSync(file, job.pdf);
    const win = new BrowserWindow({ show: false, webPreferences: { sandbox: true, contextIsolation: true, nodeIntegration: false, plugins: true, disableBlinkFeatures: 'Auxclick' } });
    try {
      await win.loadURL(pathToFileURL(file).toString());
      await new Promise<void>((resolve, reject) =>
        win.webContents.print({ silent: true, deviceName: this.name, printBackground: true }, (ok, reason) =>
          ok ? resolve() : reject(new PrintError('PRINTER_OFFLINE', `System printer "${this.name}" did not print: ${reason}`)),
        ),
      );
    } finally {
      win.destroy();
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
