/**
 * The Electron binary cannot run on this machine, so the silent-print adapter
 * is exercised against a stand-in BrowserWindow that records what Electron
 * would be asked to do: load the label PDF, print it silently to the named
 * printer, then clean up, and turn a failed print into a retryable error.
 */
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it, vi } from 'vitest';

const calls: Array<{ url?: string; options?: Record<string, unknown>; destroyed?: boolean; pdf?: Buffer; webPreferences?: Record<string, unknown> }> = [];
let printOutcome: [boolean, string] = [true, ''];

vi.mock('electron', () => ({
  BrowserWindow: class {
    private readonly record: (typeof calls)[number];
    webContents: { print(options: Record<string, unknown>, cb: (ok: boolean, reason: string) => void): void };
    constructor(opts: { webPreferences: Record<string, unknown> }) {
      this.record = { webPreferences: opts.webPreferences };
      calls.push(this.record);
      this.webContents = {
        print: (options, cb) => {
          this.record.options = options;
          cb(...printOutcome);
        },
      };
    }
    async loadURL(url: string) {
      this.record.url = url;
      this.record.pdf = readFileSync(fileURLToPath(url));
    }
    destroy() {
      this.record.destroyed = true;
    }
  },
}));

const { ElectronSystemPrinter } = await import('../../main/electron/system-printer');

describe('silent printing to a named OS printer (Electron shell)', () => {
  it('loads the label PDF in a hidden sandboxed window and prints it silently to that printer, then cleans up', async () => {
    const printer = new ElectronSystemPrinter('Office LaserJet');
    const pdf = Buffer.from('%PDF-1.4 label');
    await printer.print({ id: 'SH000000001-1-printed', pdf });
    const call = calls.at(-1)!;
    expect(call.pdf).toEqual(pdf);
    expect(call.options).toMatchObject({ silent: true, deviceName: 'Office LaserJet' });
    expect(call.webPreferences).toMatchObject({ sandbox: true, contextIsolation: true, nodeIntegration: false });
    expect(call.destroyed).toBe(true);
    expect(existsSync(fileURLToPath(call.url!))).toBe(false);
  });

  it('a print the OS refuses becomes a retryable printer-offline error, so the job stays queued', async () => {
    printOutcome = [false, 'Printer is offline'];
    const err = await new ElectronSystemPrinter('Office LaserJet').print({ id: 'job-2', pdf: Buffer.from('%PDF') }).catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'PRINTER_OFFLINE', retryable: true });
    expect(calls.at(-1)!.destroyed).toBe(true);
    printOutcome = [true, ''];
  });

  it('refuses a job without a PDF', async () => {
    await expect(new ElectronSystemPrinter('X').print({ id: 'job-3', zpl: '^XA^XZ' })).rejects.toMatchObject({ code: 'BAD_JOB' });
  });
});
