import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { renderZpl } from '../../core/labels';
import { imbBars } from '../../core/postal';
import { PdfFilePrinter, PrintError, ZplTcpPrinter, createLabelPrinter } from '../../main/print/printers';
import { renderLabelPdf } from '../../main/print/label-pdf';
import { celineLabel } from './fixtures';
import { freePort, startFakeZebra, type FakeZebra } from './fake-zebra';
import { readPdf } from './pdf-reader';
import { imbBarsFromBoxes, readZplFormats } from './zpl-reader';

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function zebra(opts: Parameters<typeof startFakeZebra>[0] = {}): Promise<FakeZebra> {
  const fake = await startFakeZebra(opts);
  cleanups.push(() => fake.close());
  return fake;
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'backlot-print-'));
  cleanups.push(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function printError(run: Promise<unknown>): Promise<PrintError> {
  try {
    await run;
  } catch (error) {
    if (error instanceof PrintError) return error;
    throw error;
  }
  throw new Error('expected a PrintError');
}

describe('ZplTcpPrinter', () => {
  it('sends the label to the printer port; what arrives reads back as the same label', async () => {
    const fake = await zebra();
    const label = celineLabel();
    const zpl = renderZpl(label);
    await new ZplTcpPrinter({ name: 'Zebra 1', host: '127.0.0.1', port: fake.port }).print({ id: 'job-1', zpl });
    const [received] = await fake.waitForJobs(1);
    expect(received).toBe(zpl);
    const [read] = readZplFormats(received!);
    expect(read!.printWidth).toBe(812);
    expect(imbBarsFromBoxes(read!.boxes).bars).toBe(imbBars(label.imb.tracking, label.imb.routing));
    expect(read!.texts.map((t) => t.text)).toContain('JACKSONVILLE FL  32202-0702');
  });

  it('opens one connection per job and closes it afterwards', async () => {
    const fake = await zebra();
    const printer = new ZplTcpPrinter({ name: 'Zebra 1', host: '127.0.0.1', port: fake.port });
    await printer.print({ id: 'a', zpl: '^XA^FDa^FS^XZ' });
    await printer.print({ id: 'b', zpl: '^XA^FDb^FS^XZ' });
    expect(await fake.waitForJobs(2)).toEqual(['^XA^FDa^FS^XZ', '^XA^FDb^FS^XZ']);
    expect(fake.connections).toBe(2);
  });

  it('reports a printer that refuses connections as offline, with what to check', async () => {
    const port = await freePort();
    const error = await printError(new ZplTcpPrinter({ name: 'Zebra 1', host: '127.0.0.1', port }).print({ id: 'j', zpl: '^XA^XZ' }));
    expect(error.code).toBe('PRINTER_OFFLINE');
    expect(error.message).toContain(`Printer "Zebra 1" at 127.0.0.1:${port} cannot be reached (ECONNREFUSED)`);
    expect(error.retryable).toBe(true);
  });

  it('is done once the job is handed over and our side is closed, even if the printer never reads or hangs up', async () => {
    const fake = await startFakeZebra({ behaviour: 'never-read' });
    cleanups.push(() => fake.close());
    const zpl = renderZpl(celineLabel());
    const started = Date.now();
    await new ZplTcpPrinter({ name: 'Zebra 1', host: '127.0.0.1', port: fake.port, closeGraceMs: 100 }).print({ id: 'j', zpl });
    expect(Date.now() - started).toBeLessThan(2000);
    // Everything was sent and followed by our FIN: the printer finds the whole job once it reads.
    const socket = fake.sockets[0]!;
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const ended = new Promise<void>((resolve) => socket.once('end', () => resolve()));
    socket.resume();
    await ended;
    expect(Buffer.concat(chunks).toString('latin1')).toBe(zpl);
  });

  it('times out a job the printer stops taking (a jam), instead of hanging', async () => {
    const fake = await startFakeZebra({ behaviour: 'never-read' });
    cleanups.push(() => fake.close());
    // Far more than the loopback socket buffers hold, so the write cannot finish while nobody reads.
    const huge = `^XA^FD${'A'.repeat(64 * 1024 * 1024)}^FS^XZ`;
    const error = await printError(new ZplTcpPrinter({ name: 'Zebra 1', host: '127.0.0.1', port: fake.port, writeTimeoutMs: 300 }).print({ id: 'j', zpl: huge }));
    expect(error.code).toBe('PRINTER_TIMEOUT');
    expect(error.message).toContain('paper jam');
  });

  it('refuses a job without ZPL, or with an id that is not a plain name, as BAD_JOB', async () => {
    const printer = new ZplTcpPrinter({ name: 'Zebra 1', host: '127.0.0.1', port: 9 });
    expect((await printError(printer.print({ id: 'j', pdf: Buffer.from('%PDF') }))).code).toBe('BAD_JOB');
    expect((await printError(printer.print({ id: '../j', zpl: '^XA^XZ' }))).code).toBe('BAD_JOB');
  });
});

describe('PdfFilePrinter', () => {
  it('writes <dir>/<jobId>.pdf and leaves no temp file behind', async () => {
    const dir = join(tempDir(), 'labels');
    const pdf = await renderLabelPdf(celineLabel());
    await new PdfFilePrinter({ name: 'Label folder', directory: dir }).print({ id: 'SH000000337-1', pdf });
    expect(readdirSync(dir)).toEqual(['SH000000337-1.pdf']);
    const written = readFileSync(join(dir, 'SH000000337-1.pdf'));
    expect(written.equals(pdf)).toBe(true);
    expect(readPdf(written).texts.map((t) => t.text)).toContain('12165 CLEVELAND PL APT 4B');
  });

  it('replaces a file of the same job whole (rename), never leaving it half written', async () => {
    const dir = tempDir();
    const printer = new PdfFilePrinter({ name: 'Label folder', directory: dir });
    await printer.print({ id: 'j', pdf: Buffer.from('%PDF-old') });
    await printer.print({ id: 'j', pdf: Buffer.from('%PDF-new, longer than the old one') });
    expect(readdirSync(dir)).toEqual(['j.pdf']);
    expect(readFileSync(join(dir, 'j.pdf'), 'latin1')).toBe('%PDF-new, longer than the old one');
  });

  it('never writes outside its folder', async () => {
    const dir = tempDir();
    const printer = new PdfFilePrinter({ name: 'Label folder', directory: dir });
    for (const id of ['../escape', '.hidden', 'a/b', '']) {
      expect((await printError(printer.print({ id, pdf: Buffer.from('%PDF') }))).code).toBe('BAD_JOB');
    }
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports a folder it cannot write to as PRINTER_IO, naming the file', async () => {
    const dir = tempDir();
    const blocker = join(dir, 'not-a-folder');
    await new PdfFilePrinter({ name: 'x', directory: dir }).print({ id: 'not-a-folder', pdf: Buffer.from('%PDF') });
    const error = await printError(new PdfFilePrinter({ name: 'Label folder', directory: `${blocker}.pdf` }).print({ id: 'j', pdf: Buffer.from('%PDF') }));
    expect(error.code).toBe('PRINTER_IO');
    expect(error.message).toContain('j.pdf');
  });
});

describe('createLabelPrinter', () => {
  it('builds the adapter from the station printer settings', () => {
    const zpl = createLabelPrinter({ kind: 'zpl-tcp', name: 'Zebra', host: '10.0.0.5', port: 9100 });
    expect(zpl).toBeInstanceOf(ZplTcpPrinter);
    expect(zpl.accepts).toBe('zpl');
    const pdf = createLabelPrinter({ kind: 'pdf-file', name: 'Folder', directory: '/tmp/labels' });
    expect(pdf).toBeInstanceOf(PdfFilePrinter);
    expect(pdf.accepts).toBe('pdf');
    expect(() => createLabelPrinter({ kind: 'system', name: 'Office' })).toThrow(PrintError);
  });
});
