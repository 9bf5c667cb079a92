/**
 * Printer adapters (DESIGN §5): raw ZPL over TCP (a Zebra's port 9100) and a
 * PDF file printer; printers of the operating system are in
 * system-printer.ts. All sit behind `LabelPrinter`, so the print queue and
 * the tests can hand in any printer, a fake one included.
 *
 * What "printed" means for the TCP printer: every byte of the job was handed
 * to the operating system and our side of the connection was closed
 * (`socket.end()` flushed, the 'finish' event). Port 9100 is a one-way raw
 * channel: a Zebra sends no acknowledgement, and many keep the connection open
 * until the sender closes it, so waiting for the printer to answer or hang up
 * would wait forever. After 'finish' the socket is given a short grace period
 * to close from the other side, then destroyed; the job is not held for it.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, open, rename, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { join } from 'node:path';
import type { PrinterSettingsInput } from '../../core/station/schemas';
import type { LabelPage } from './label-svg';

export interface PrintJob {
  /** Unique per job; also the PDF printer's file name, so letters, digits, ".", "_" and "-" only. */
  id: string;
  zpl?: string;
  pdf?: Buffer;
  /** The label as a web page (Electron prints pages, not PDFs). */
  page?: LabelPage;
}

export type PayloadKind = 'zpl' | 'pdf' | 'page';

/** What a printer could tell about a job it took, in words (a test print shows it). */
export interface PrintReceipt {
  message: string;
  bytes: number | null;
  path: string | null;
  jobId: string | null;
}

export interface LabelPrinter {
  readonly name: string;
  /** Which payload this printer prints; the queue refuses other jobs up front instead of retrying them forever. */
  readonly accepts: PayloadKind;
  print(job: PrintJob): Promise<PrintReceipt | void>;
  /**
   * Whether the printer answers right now, without printing: the queue asks
   * this every half second while idle, so the pack screen learns of a printer
   * that went away before the next label (only printers that can tell have it).
   */
  probe?(): Promise<boolean>;
}

export type PrintErrorCode =
  /** Nothing answered: connection refused, host unreachable, connect timed out. Worth retrying. */
  | 'PRINTER_OFFLINE'
  /** Connected, but the job could not be handed over in time. Worth retrying. */
  | 'PRINTER_TIMEOUT'
  /** Connected, then the connection broke. Worth retrying. */
  | 'PRINTER_CONNECTION_LOST'
  /** Writing the PDF file failed (disk full, no permission). Worth retrying once fixed. */
  | 'PRINTER_IO'
  /** The job itself is wrong for this printer: retrying cannot help. */
  | 'BAD_JOB';

export class PrintError extends Error {
  readonly code: PrintErrorCode;
  constructor(code: PrintErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PrintError';
    this.code = code;
  }
  get retryable(): boolean {
    return this.code !== 'BAD_JOB';
  }
}

const JOB_ID = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;

/** Throws BAD_JOB unless the id is safe as a file name (no path, no leading dot). */
export function assertJobId(id: string): void {
  if (typeof id !== 'string' || !JOB_ID.test(id)) {
    throw new PrintError('BAD_JOB', `Print job id "${String(id)}" must be 1-100 letters, digits, ".", "_" or "-", not starting with "."`);
  }
}

/** How long a probe waits for a printer to accept a connection (a printer on the local network answers in milliseconds). */
export const PROBE_TIMEOUT_MS = 500;

export interface ZplTcpPrinterOptions {
  name: string;
  host: string;
  port?: number;
  /** Give up connecting after this long (a printer that is off the network never answers). */
  connectTimeoutMs?: number;
  /** Give up if the job is not handed over this long after connecting (a jammed printer stops reading). */
  writeTimeoutMs?: number;
  /** After the job, how long to let the printer close its side before we drop the connection. */
  closeGraceMs?: number;
}

/** Raw ZPL over TCP, one connection per job (Zebra raw port 9100). */
export class ZplTcpPrinter implements LabelPrinter {
  readonly name: string;
  readonly accepts = 'zpl' as const;
  readonly host: string;
  readonly port: number;
  private readonly connectTimeoutMs: number;
  private readonly writeTimeoutMs: number;
  private readonly closeGraceMs: number;

  constructor(opts: ZplTcpPrinterOptions) {
    this.name = opts.name;
    this.host = opts.host;
    this.port = opts.port ?? 9100;
    this.connectTimeoutMs = opts.connectTimeoutMs ?? 5000;
    this.writeTimeoutMs = opts.writeTimeoutMs ?? 15000;
    this.closeGraceMs = opts.closeGraceMs ?? 2000;
  }

  private where(): string {
    return `Printer "${this.name}" at ${this.host}:${this.port}`;
  }

  /** Connects and closes without sending anything: a Zebra takes that as an empty job, i.e. prints nothing. */
  probe(timeoutMs = PROBE_TIMEOUT_MS): Promise<boolean> {
    return new Promise((resolve) => {
      const socket = connect({ host: this.host, port: this.port });
      socket.resume();
      const timer = setTimeout(() => {
        socket.destroy();
        resolve(false);
      }, timeoutMs);
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(true);
        // Our side closes first (FIN), so the printer sees a finished empty job, not a reset.
        socket.end();
        setTimeout(() => socket.destroy(), this.closeGraceMs).unref();
      });
      socket.once('error', () => {
        clearTimeout(timer);
        socket.destroy();
        resolve(false);
      });
    });
  }

  print(job: PrintJob): Promise<PrintReceipt> {
    try {
      assertJobId(job.id);
    } catch (error) {
      return Promise.reject(error);
    }
    if (typeof job.zpl !== 'string' || job.zpl === '') {
      return Promise.reject(new PrintError('BAD_JOB', `${this.where()} prints ZPL, but job ${job.id} has none`));
    }
    // ZPL is 8-bit text; our generator only emits ASCII, and latin1 keeps any byte a caller meant.
    const bytes = Buffer.from(job.zpl, 'latin1');

    return new Promise<PrintReceipt>((resolve, reject) => {
      let settled = false;
      let connected = false;
      const socket: Socket = connect({ host: this.host, port: this.port });
      // A printer may talk back (status replies); read and discard so our side never stalls or resets.
      socket.resume();

      const fail = (error: PrintError): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        socket.destroy();
        reject(error);
      };

      let timer = setTimeout(() => {
        fail(new PrintError('PRINTER_OFFLINE', `${this.where()} did not answer within ${this.connectTimeoutMs} ms: check that it is switched on and on the network`));
      }, this.connectTimeoutMs);

      socket.once('connect', () => {
        connected = true;
        clearTimeout(timer);
        timer = setTimeout(() => {
          fail(new PrintError('PRINTER_TIMEOUT', `${this.where()} accepted the connection but did not take job ${job.id} within ${this.writeTimeoutMs} ms: check for a paper jam, an open lid or an error light`));
        }, this.writeTimeoutMs);
        socket.end(bytes);
      });

      // 'finish': our end() was flushed to the OS. That is "printed" (see the header).
      socket.once('finish', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const grace = setTimeout(() => socket.destroy(), this.closeGraceMs);
        grace.unref();
        socket.once('close', () => clearTimeout(grace));
        resolve({ message: `Connected to ${this.host}:${this.port} and sent all ${bytes.length.toLocaleString('en-US')} bytes.`, bytes: bytes.length, path: null, jobId: null });
      });

      socket.on('error', (error: NodeJS.ErrnoException) => {
        if (connected) {
          fail(new PrintError('PRINTER_CONNECTION_LOST', `${this.where()} dropped the connection during job ${job.id}: check for a paper jam, an open lid or an error light`, { cause: error }));
        } else {
          fail(new PrintError('PRINTER_OFFLINE', `${this.where()} ${error.code === 'ECONNREFUSED' ? 'refused the connection' : error.code === 'ENOTFOUND' || error.code === 'EAI_AGAIN' ? 'is not a known network address' : 'cannot be reached'}: check that it is switched on and on the network, and its address and port`, { cause: error }));
        }
      });
    });
  }
}

export interface PdfFilePrinterOptions {
  name: string;
  directory: string;
}

/**
 * Writes each job to `<directory>/<jobId>.pdf`, atomically: a temp file in
 * the same directory, flushed to disk, then renamed over the final name, so
 * whoever watches the folder (a hot folder, a person) never opens half a PDF.
 */
export class PdfFilePrinter implements LabelPrinter {
  readonly name: string;
  readonly accepts = 'pdf' as const;
  readonly directory: string;

  constructor(opts: PdfFilePrinterOptions) {
    this.name = opts.name;
    this.directory = opts.directory;
  }

  /** Where job `id` ends up. */
  pathFor(id: string): string {
    assertJobId(id);
    return join(this.directory, `${id}.pdf`);
  }

  async print(job: PrintJob): Promise<PrintReceipt> {
    const target = this.pathFor(job.id);
    if (!Buffer.isBuffer(job.pdf) || job.pdf.length === 0) {
      throw new PrintError('BAD_JOB', `Printer "${this.name}" writes PDF files, but job ${job.id} has no PDF`);
    }
    // Leading dot: hidden from most folder watchers while it is being written.
    const temp = join(this.directory, `.${job.id}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
    try {
      await mkdir(this.directory, { recursive: true });
      const handle = await open(temp, 'wx');
      try {
        await handle.writeFile(job.pdf);
        await handle.sync();
      } finally {
        await handle.close();
      }
      await rename(temp, target);
      return { message: `Wrote ${target} (${job.pdf.length.toLocaleString('en-US')} bytes).`, bytes: job.pdf.length, path: target, jobId: null };
    } catch (error) {
      await rm(temp, { force: true }).catch(() => undefined);
      throw new PrintError('PRINTER_IO', `Printer "${this.name}" could not write ${target}: check the folder exists, is writable and the disk is not full`, { cause: error });
    }
  }
}

/** The adapter for a network or file printer of a station's settings (system printers: system-printer.ts). */
export function createLabelPrinter(
  settings: Exclude<PrinterSettingsInput, { kind: 'system' }>,
  opts: Pick<ZplTcpPrinterOptions, 'connectTimeoutMs' | 'writeTimeoutMs' | 'closeGraceMs'> = {},
): LabelPrinter {
  switch (settings.kind) {
    case 'zpl-tcp':
      return new ZplTcpPrinter({ name: settings.name, host: settings.host, port: settings.port, ...opts });
    case 'pdf-file':
      return new PdfFilePrinter({ name: settings.name, directory: settings.directory });
  }
}
