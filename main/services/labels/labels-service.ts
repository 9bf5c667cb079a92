/**
 * The admin's test print from the printer settings: a test label (see
 * core/labels/test-label.ts) on the settings in the form, saved or not,
 * printed now, past the queue, with what the printer could tell about it.
 */
import { testLabelLayout } from '../../../core/labels';
import type { TestPrintOutcome } from '../../../core/labels/contract';
import type { PrinterSettings } from '../../../core/station/schemas';
import type { Clock } from '../../host/clock';
import { layoutJob, printerFor, sheetFor } from '../../print/printer-factory';
import { PrintError } from '../../print/printers';
import type { SystemPrinting } from '../../print/system-printer';
import type { SettingsStore } from '../../settings/settings-store';

export class LabelsService {
  constructor(private readonly deps: { settings: SettingsStore; clock: Clock; systemPrinting?: SystemPrinting }) {}

  async testPrint(settings: PrinterSettings): Promise<TestPrintOutcome> {
    // A test should answer while the admin waits: a printer that is off is known in 3 s, not the queue's 5.
    const printer = printerFor(settings, this.deps.systemPrinting, { connectTimeoutMs: 3000, writeTimeoutMs: 5000 });
    const now = this.deps.clock.now();
    const layout = testLabelLayout(sheetFor(settings.layout), {
      stationName: this.deps.settings.get().stationName,
      printerName: settings.name,
      printedAt: `${now.toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    });
    const id = `backlot-test-label-${now.toISOString().replace(/[:.]/g, '-')}`;
    const job = await layoutJob(id, layout, printer.accepts, 'Backlot test label');
    try {
      const receipt = await printer.print(job);
      return {
        arrived: true,
        printer: settings.name,
        message: receipt?.message ?? `The test label went to “${settings.name}”.`,
        bytes: receipt?.bytes ?? null,
        path: receipt?.path ?? null,
        jobId: receipt?.jobId ?? null,
      };
    } catch (err) {
      if (!(err instanceof PrintError)) throw err;
      return { arrived: false, printer: settings.name, message: err.message, bytes: null, path: null, jobId: null };
    }
  }
}
