/**
 * The computer's printers as the desktop app reaches them (station setting
 * `printer.kind = 'system'`), run in Electron's main process, where windows
 * live; the station's utility process asks for it over its channel.
 *
 * - The list comes from the OS (`webContents.getPrintersAsync()`).
 * - A page (an ordinary printer) is an HTML page with the label as SVG
 *   (main/print/label-svg.ts), loaded into a hidden window that runs no
 *   script, reaches nothing and shares nothing with the app's session, then
 *   printed silently to the named printer at the label's paper size with no
 *   margins. The name is checked against the OS's list first: Electron
 *   would otherwise print to the default printer, or nowhere, without a word.
 *   "Arrived" is what Chromium can say: the OS accepted the job.
 * - Raw ZPL (a USB label printer) is not a page: it goes through CUPS
 *   (main/print/cups.ts) in the station's own process, so it is not here.
 */
import { BrowserWindow, type WebContents } from 'electron';
import type { SystemPrinter } from '../../core/station/schemas';
import type { LabelPage } from '../print/label-svg';
import { PrintError, type PrintReceipt } from '../print/printers';

/** The print window's session: in memory, apart from the app's (no cookies, no storage, no CSP header hook needed). */
export const PRINT_PARTITION = 'backlot-print';

export class ElectronSystemPrinting {
  constructor(private readonly contents: () => WebContents | null) {}

  async listPrinters(): Promise<SystemPrinter[]> {
    const own = this.contents();
    // Written out (not built by a function) so the security scan sees every preference of every window.
    const window = own
      ? null
      : new BrowserWindow({
          show: false,
          webPreferences: {
            sandbox: true,
            contextIsolation: true,
            nodeIntegration: false,
            javascript: false,
            webSecurity: true,
            spellcheck: false,
            partition: PRINT_PARTITION,
            disableBlinkFeatures: 'Auxclick',
          },
        });
    try {
      const printers = await (own ?? window!.webContents).getPrintersAsync();
      // Electron no longer says which printer is the default; the settings screen lists them all alike.
      return printers.map((p) => ({ name: p.name, displayName: p.displayName || p.name, isDefault: false }));
    } finally {
      window?.destroy();
    }
  }

  async printPage(printer: string, page: LabelPage, title: string): Promise<PrintReceipt> {
    const known = await this.listPrinters();
    if (!known.some((p) => p.name === printer)) {
      throw new PrintError('PRINTER_OFFLINE', `This computer has no printer named “${printer}” right now: check that it is plugged in and switched on, or choose another in Station settings.`);
    }
    const window = new BrowserWindow({
      show: false,
      title,
      // A window that prints one label: no script, no Node, sandboxed, its own in-memory session.
      webPreferences: {
        sandbox: true,
        contextIsolation: true,
        nodeIntegration: false,
        javascript: false,
        webSecurity: true,
        spellcheck: false,
        partition: PRINT_PARTITION,
        disableBlinkFeatures: 'Auxclick',
      },
    });
    try {
      await window.loadURL(`data:text/html;charset=utf-8;base64,${Buffer.from(page.html, 'utf8').toString('base64')}`);
      await new Promise<void>((resolve, reject) => {
        window.webContents.print(
          {
            silent: true,
            deviceName: printer,
            printBackground: true,
            margins: { marginType: 'none' },
            pageSize: { width: page.widthMicrons, height: page.heightMicrons },
          },
          (accepted, reason) =>
            accepted ? resolve() : reject(new PrintError('PRINTER_OFFLINE', `The printer “${printer}” did not take the label${reason ? `: ${reason}` : ''}. Check that it is switched on and has paper.`)),
        );
      });
      return { message: `The computer accepted the job for “${printer}”.`, bytes: null, path: null, jobId: null };
    } finally {
      window.destroy();
    }
  }
}
