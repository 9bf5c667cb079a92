/**
 * From a station's printer settings to the printer that prints them, and from
 * a label to the job that printer takes (ZPL, PDF or a page), so the packing
 * line and the test print never disagree about either.
 */
import { AppError } from '../../core/errors';
import { renderLayoutZpl, renderZpl, type LabelData, type LabelLayout, type SheetName } from '../../core/labels';
import type { PrinterSettings } from '../../core/station/schemas';
import type { LabelPage } from './label-svg';
import { createLabelPrinter, type LabelPrinter, type PayloadKind, type PrintJob, type ZplTcpPrinterOptions } from './printers';
import { SystemLabelPrinter, type SystemPrinting } from './system-printer';

export function printerFor(
  settings: PrinterSettings,
  system: SystemPrinting | undefined,
  tcp: Pick<ZplTcpPrinterOptions, 'connectTimeoutMs' | 'writeTimeoutMs' | 'closeGraceMs'> = {},
): LabelPrinter {
  if (settings.kind !== 'system') return createLabelPrinter(settings, tcp);
  if (!system) {
    throw new AppError(
      'INVALID_INPUT',
      `“${settings.name}” is a printer of this computer, and the station cannot reach the computer’s print system here. In Station settings, choose a ZPL printer on the network, or PDF files.`,
    );
  }
  return new SystemLabelPrinter(settings.name, settings.language, system);
}

/** The sheet of the labels a printer has loaded: 4x6, or the letter mailer's 4x4 panels (the test label prints on it). */
export function sheetFor(layout: PrinterSettings['layout']): SheetName {
  return layout === '4x6' ? 'label-4x6' : 'label-4x4';
}

// The PDF and page renderers (pdfkit, its fonts, bwip-js) load with the first label that needs them, not at every
// start: a ZPL station never does, and the sign-in screen does not wait for them (issue #14, start-up).
const pdf = () => import('./label-pdf');
const svg = () => import('./label-svg');

/** What a job prints, without the job's id. */
export type PrintBody = Omit<PrintJob, 'id'>;

/** A mailing label as the job `accepts` takes, before it has an id. */
export async function labelBody(label: LabelData, accepts: PayloadKind): Promise<PrintBody> {
  switch (accepts) {
    case 'zpl':
      return { zpl: renderZpl(label) };
    case 'pdf':
      return { pdf: await (await pdf()).renderLabelPdf(label) };
    case 'page':
      return { page: (await svg()).renderLabelPage(label) satisfies LabelPage };
  }
}

/** Any laid-out sheet (the test label) as the job `accepts` takes. */
export async function layoutJob(id: string, layout: LabelLayout, accepts: PayloadKind, title: string): Promise<PrintJob> {
  switch (accepts) {
    case 'zpl':
      return { id, zpl: renderLayoutZpl(layout) };
    case 'pdf':
      return { id, pdf: await (await pdf()).renderLayoutPdf(layout) };
    case 'page':
      return { id, page: (await svg()).layoutPage(layout, title) satisfies LabelPage };
  }
}
