/**
 * The Electron binary cannot run on this machine, so page printing is
 * exercised against a stand-in BrowserWindow that records what Electron would
 * be asked to do: check the printer is one the OS lists, load the label page
 * in a hidden window that runs no script, print it silently to that printer
 * at the label's size with no margins, and clean up; a refused print is a
 * retryable error, an unknown printer is refused before any window opens.
 */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { layoutPage } from '../../main/print/label-svg';
import { testLabelLayout } from '../../core/labels';

interface Recorded {
  url?: string;
  options?: Record<string, unknown>;
  destroyed?: boolean;
  webPreferences?: Record<string, unknown>;
}
const windows: Recorded[] = [];
let printOutcome: [boolean, string] = [true, ''];
const osPrinters = [
  { name: 'Office_LaserJet', displayName: 'Office LaserJet', description: '', options: {} },
  { name: 'Zebra_ZD421', displayName: 'Zebra ZD421', description: '', options: {} },
];

vi.mock('electron', () => ({
  BrowserWindow: class {
    private readonly record: Recorded;
    webContents: { print(options: Record<string, unknown>, cb: (ok: boolean, reason: string) => void): void; getPrintersAsync(): Promise<typeof osPrinters> };
    constructor(opts: { webPreferences: Record<string, unknown> }) {
      this.record = { webPreferences: opts.webPreferences };
      windows.push(this.record);
      this.webContents = {
        print: (options, cb) => {
          this.record.options = options;
          setTimeout(() => cb(...printOutcome), 1);
        },
        getPrintersAsync: async () => osPrinters,
      };
    }
    async loadURL(url: string) {
      this.record.url = url;
    }
    destroy() {
      this.record.destroyed = true;
    }
  },
}));

const { ElectronSystemPrinting } = await import('../../main/electron/system-printing');

const page = layoutPage(testLabelLayout('label-4x6', { stationName: 'Pack 3', printerName: 'Office LaserJet', printedAt: '2026-05-01 10:00 UTC' }));
const printing = new ElectronSystemPrinting(() => null);

describe('page printing to a printer of the computer (Electron shell)', () => {
  beforeEach(() => {
    windows.length = 0;
    printOutcome = [true, ''];
  });

  it('lists the printers the OS knows, by their OS name', async () => {
    expect(await printing.listPrinters()).toEqual([
      { name: 'Office_LaserJet', displayName: 'Office LaserJet', isDefault: false },
      { name: 'Zebra_ZD421', displayName: 'Zebra ZD421', isDefault: false },
    ]);
  });

  it('loads the label page in a hidden window without script and prints it silently to that printer at 4 x 6 in, no margins', async () => {
    const receipt = await printing.printPage('Office_LaserJet', page, 'Backlot test label');
    expect(receipt.message).toContain('accepted the job for “Office_LaserJet”');
    const printed = windows.find((w) => w.options)!;
    expect(printed.options).toMatchObject({ silent: true, deviceName: 'Office_LaserJet', margins: { marginType: 'none' }, pageSize: { width: 101_600, height: 152_400 } });
    expect(printed.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false, javascript: false, partition: 'backlot-print' });
    expect(Buffer.from(printed.url!.replace(/^data:text\/html;charset=utf-8;base64,/, ''), 'base64').toString('utf8')).toBe(page.html);
    expect(windows.every((w) => w.destroyed)).toBe(true);
  });

  it('refuses a printer the OS does not list, before opening any print window (Electron would print elsewhere or nowhere)', async () => {
    const err = await printing.printPage('Gone_Printer', page, 'x').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PRINTER_OFFLINE', retryable: true });
    expect((err as Error).message).toContain('no printer named “Gone_Printer”');
    expect(windows.filter((w) => w.url)).toEqual([]);
  });

  it('a print the OS refuses becomes a retryable printer-offline error, so the job stays queued; the window is destroyed anyway', async () => {
    printOutcome = [false, 'Printer is out of paper'];
    const err = await printing.printPage('Zebra_ZD421', page, 'x').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PRINTER_OFFLINE', retryable: true });
    expect((err as Error).message).toContain('Printer is out of paper');
    expect(windows.every((w) => w.destroyed)).toBe(true);
  });
});
