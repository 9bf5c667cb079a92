/**
 * Printers of this computer's operating system (station setting
 * `printer.kind = 'system'`), in two ways:
 *
 * - `language: 'zpl'`: a label printer attached by USB that speaks ZPL. The
 *   job goes to the OS print system raw, past any driver (CUPS `lp -o raw`
 *   on Linux and macOS), so the printer gets exactly the ZPL a network Zebra
 *   would.
 * - `language: 'page'`: any other printer. The label is a page: in the
 *   desktop app an HTML page with the label as SVG, printed by Electron to
 *   the named printer (checked against the printers the OS lists first); in
 *   the web host the label PDF, printed by CUPS.
 *
 * Which of these a station can do depends on where it runs, so the host
 * hands in a `SystemPrinting`: Electron's (main/electron/system-printing.ts,
 * reached from the station's utility process over its channel), or CUPS
 * (cups.ts), or none.
 */
import type { SystemPrinter } from '../../core/station/schemas';
import type { LabelPage } from './label-svg';
import { PrintError, assertJobId, type LabelPrinter, type PayloadKind, type PrintJob, type PrintReceipt } from './printers';

export interface SystemPrinting {
  readonly source: 'electron' | 'cups';
  /** How this backend takes a page: Electron prints web pages, CUPS prints PDF. */
  readonly pageFormat: 'page' | 'pdf';
  listPrinters(): Promise<SystemPrinter[]>;
  /** Bytes to the named printer untouched (ZPL to a USB label printer); null when this computer has no raw path. */
  readonly printRaw: ((printer: string, bytes: Buffer, title: string) => Promise<PrintReceipt>) | null;
  printPage(printer: string, page: { page?: LabelPage; pdf?: Buffer }, title: string): Promise<PrintReceipt>;
}

export class SystemLabelPrinter implements LabelPrinter {
  readonly accepts: PayloadKind;

  constructor(
    readonly name: string,
    private readonly language: 'zpl' | 'page',
    private readonly system: SystemPrinting,
  ) {
    this.accepts = language === 'zpl' ? 'zpl' : system.pageFormat;
  }

  async print(job: PrintJob): Promise<PrintReceipt> {
    assertJobId(job.id);
    if (this.language === 'zpl') {
      if (typeof job.zpl !== 'string' || job.zpl === '') throw new PrintError('BAD_JOB', `Printer "${this.name}" prints ZPL, but job ${job.id} has none`);
      if (!this.system.printRaw) {
        throw new PrintError(
          'BAD_JOB',
          `This computer cannot send raw ZPL to "${this.name}" through its print system. Connect the label printer to the network and choose “ZPL over the network”, or set this printer to print pages.`,
        );
      }
      return this.system.printRaw(this.name, Buffer.from(job.zpl, 'latin1'), job.id);
    }
    if (this.accepts === 'page' && !job.page) throw new PrintError('BAD_JOB', `Printer "${this.name}" prints pages, but job ${job.id} has none`);
    if (this.accepts === 'pdf' && (!Buffer.isBuffer(job.pdf) || job.pdf.length === 0)) throw new PrintError('BAD_JOB', `Printer "${this.name}" prints PDF, but job ${job.id} has none`);
    return this.system.printPage(this.name, this.accepts === 'page' ? { page: job.page! } : { pdf: job.pdf! }, job.id);
  }
}
