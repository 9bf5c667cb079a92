/**
 * The OS print system on Linux and macOS: CUPS, through its command-line
 * client (`lp`, `lpstat`), which every CUPS install has and which needs no
 * native module in the app.
 *
 * - Raw ZPL: `lp -d <printer> -o raw`, the job on standard input. CUPS hands
 *   the bytes to the printer's backend (USB, usually) without a filter, so a
 *   Zebra on USB gets the same ZPL as one on the network.
 * - A page: the label PDF to `lp`, at the sheet's paper size with no scaling;
 *   CUPS's own filters turn it into what the printer speaks.
 * - "Arrived" means what CUPS can promise: it accepted the job and gave it a
 *   request id (`request id is Zebra-42 (0 file(s))`). Whether paper came
 *   out is the printer's business; CUPS tells the queue, not us.
 *
 * Windows has no `lp`; see the README ("Printers") for what Windows sites use.
 */
import { spawn } from 'node:child_process';
import type { SystemPrinter } from '../../core/station/schemas';
import { PrintError, type PrintReceipt } from './printers';
import type { SystemPrinting } from './system-printer';

export interface CupsOptions {
  /** Environment for `lp`/`lpstat` (tests put a stand-in `lp` first on PATH). */
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
}

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** The CUPS media name of each paper size a label is drawn on (PWG 5101.1 names CUPS knows). */
function mediaFor(widthMicrons: number, heightMicrons: number): string {
  if (widthMicrons === 215_900 && heightMicrons === 279_400) return 'na_letter_8.5x11in';
  if (widthMicrons === 101_600 && heightMicrons === 152_400) return 'na_index-4x6_4x6in';
  return `Custom.${(widthMicrons / 1000).toFixed(1)}x${(heightMicrons / 1000).toFixed(1)}mm`;
}

export class CupsPrinting implements SystemPrinting {
  readonly source = 'cups' as const;
  readonly pageFormat = 'pdf' as const;
  private readonly env: NodeJS.ProcessEnv;
  private readonly timeoutMs: number;

  constructor(opts: CupsOptions = {}) {
    this.env = opts.env ?? process.env;
    this.timeoutMs = opts.timeoutMs ?? 15_000;
  }

  private run(command: string, args: string[], input?: Buffer): Promise<Run> {
    return new Promise((resolve, reject) => {
      const child = spawn(command, args, { env: this.env, stdio: ['pipe', 'pipe', 'pipe'] });
      let stdout = '';
      let stderr = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new PrintError('PRINTER_TIMEOUT', `The print system did not answer within ${Math.round(this.timeoutMs / 1000)} s (${command}).`));
      }, this.timeoutMs);
      child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
      child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
      child.on('error', (err: NodeJS.ErrnoException) => {
        clearTimeout(timer);
        reject(
          err.code === 'ENOENT'
            ? new PrintError('PRINTER_IO', `This computer has no CUPS print client (“${command}” is missing): install CUPS (Debian and Ubuntu: the cups-client package).`, { cause: err })
            : new PrintError('PRINTER_IO', `The print system could not be started (${err.code ?? err.message}).`, { cause: err }),
        );
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
      // lp may exit before reading everything (an unknown printer): a broken pipe is its answer, not ours to throw.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input ?? Buffer.alloc(0));
    });
  }

  async listPrinters(): Promise<SystemPrinter[]> {
    const [all, def] = await Promise.all([this.run('lpstat', ['-e']), this.run('lpstat', ['-d']).catch(() => ({ code: 1, stdout: '', stderr: '' }))]);
    if (all.code !== 0) {
      // "No destinations added." is a CUPS with no printers, not a failure.
      if (/no destinations/i.test(all.stderr + all.stdout)) return [];
      throw new PrintError('PRINTER_IO', `The print system did not list its printers: ${firstLine(all.stderr) || `lpstat exited with ${all.code}`}.`);
    }
    const defaultName = /destination:\s*(\S+)/.exec(def.stdout)?.[1] ?? null;
    return all.stdout
      .split('\n')
      .map((l) => l.trim())
      .filter(Boolean)
      .map((name) => ({ name, displayName: name, isDefault: name === defaultName }));
  }

  readonly printRaw = async (printer: string, bytes: Buffer, title: string): Promise<PrintReceipt> => {
    const jobId = await this.submit(printer, ['-o', 'raw'], bytes, title);
    return { message: `The print system accepted the job for “${printer}” (${jobId}), ${bytes.length.toLocaleString('en-US')} bytes of ZPL, sent raw.`, bytes: bytes.length, path: null, jobId };
  };

  async printPage(printer: string, page: { pdf?: Buffer; page?: { widthMicrons: number; heightMicrons: number } }, title: string): Promise<PrintReceipt> {
    if (!page.pdf) throw new PrintError('BAD_JOB', `CUPS prints the label as PDF; job ${title} has none`);
    const size = pdfPageSize(page.pdf);
    const media = size ? ['-o', `media=${mediaFor(size.widthMicrons, size.heightMicrons)}`] : [];
    const jobId = await this.submit(printer, [...media, '-o', 'print-scaling=none'], page.pdf, title);
    return { message: `The print system accepted the job for “${printer}” (${jobId}).`, bytes: page.pdf.length, path: null, jobId };
  }

  private async submit(printer: string, options: string[], bytes: Buffer, title: string): Promise<string> {
    // The name and title ride as the values of -d and -t, never as options of their own; no file argument: lp reads the job from stdin.
    const result = await this.run('lp', ['-d', printer, '-t', title, ...options], bytes);
    const jobId = /request id is (\S+)/i.exec(result.stdout)?.[1];
    if (result.code === 0 && jobId) return jobId;
    const said = firstLine(result.stderr) || firstLine(result.stdout);
    if (/does not exist|not exist|unknown/i.test(said)) {
      throw new PrintError('PRINTER_OFFLINE', `This computer has no printer named “${printer}”: choose one the print system lists, or add it in the system's printer settings.`);
    }
    throw new PrintError('PRINTER_IO', `The print system did not accept the job for “${printer}”: ${said || `lp exited with ${result.code}`}.`);
  }
}

function firstLine(text: string): string {
  return text.split('\n').map((l) => l.trim()).find(Boolean)?.replace(/^lp(stat)?:\s*/, '') ?? '';
}

/** The first page's MediaBox of a PDF we made (pdfkit writes it plainly), as microns. */
function pdfPageSize(pdf: Buffer): { widthMicrons: number; heightMicrons: number } | null {
  const box = /\/MediaBox\s*\[\s*0\s+0\s+([\d.]+)\s+([\d.]+)\s*\]/.exec(pdf.toString('latin1', 0, Math.min(pdf.length, 64 * 1024)));
  if (!box) return null;
  const toMicrons = (pt: number) => Math.round((pt / 72) * 25_400);
  return { widthMicrons: toMicrons(Number(box[1])), heightMicrons: toMicrons(Number(box[2])) };
}
