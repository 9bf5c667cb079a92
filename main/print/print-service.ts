/**
 * The station's label printer, for every service that prints: one queue for
 * the printer in the station settings (a settings change opens the new
 * printer's queue), its state for the screens, and labels whose print job is
 * written in the caller's transaction, so a label on record and its pending
 * job commit together or not at all (issue 12 item 4).
 *
 * Built once by the station host and injected: the packing line prints
 * through it, the pack screen and the printer settings read its state.
 */
import type { Knex } from 'knex';
import type { LabelData } from '../../core/labels';
import type { Clock } from '../../core/clock';
import type { PackQueue } from '../../core/packing/schemas';
import type { PrinterSettings } from '../../core/station/schemas';
import type { Logger } from '../../platform/logger';
import type { SettingsStore } from '../settings/settings-store';
import type { Db } from '../db/prepared';
import { insertRow } from '../db/row-statements';
import { knexJobStore, printJobRow, PRINT_JOBS_TABLE, type StoredPrintJob } from './job-store';
import { labelBody, printerFor, type PrintBody } from './printer-factory';
import { PrintQueue } from './print-queue';
import type { SystemPrinting } from './system-printer';

/** A label's job saved in a transaction that has not committed yet; `admit` it once it has. */
export interface StagedJob {
  queue: PrintQueue;
  stored: StoredPrintJob;
}

/** A label rendered for the printer of `queue`, not yet a job. */
export interface RenderedLabel {
  queue: PrintQueue;
  body: PrintBody;
}

export interface PrintServiceDeps {
  knex: Knex;
  settings: SettingsStore;
  clock: Clock;
  logger: Logger;
  /** The computer's print system, for `system` printers (Electron's through the shell, or CUPS). */
  systemPrinting?: SystemPrinting;
  /** The printer queue changed (a job queued or printed, the printer went offline): screens read again. */
  onTablesChanged?: (tables: readonly string[]) => void;
}

export class PrintService {
  private current: { key: string; printer: PrinterSettings; queue: Promise<PrintQueue> } | null = null;

  constructor(private readonly deps: PrintServiceDeps) {}

  /**
   * The configured printer's queue, opened on first use (which reloads and
   * prints what a crash or a restart left pending); null without a printer.
   * Throws, before anything changes, for a printer this host cannot drive.
   */
  async queue(): Promise<PrintQueue | null> {
    const printer = this.deps.settings.get().printer;
    if (!printer) return null;
    // The settings hand out the same frozen object until they change: the same object is the same printer.
    if (this.current?.printer === printer) return this.current.queue;
    const key = JSON.stringify(printer);
    if (this.current?.key === key) this.current.printer = printer;
    else {
      const old = this.current;
      this.current = null;
      void old?.queue.then((q) => q.close());
      const adapter = printerFor(printer, this.deps.systemPrinting);
      const queue = PrintQueue.open({
        printer: adapter,
        store: knexJobStore(this.deps.knex),
        logger: this.deps.logger,
        clock: this.deps.clock,
        onStatus: () => this.deps.onTablesChanged?.(['print_jobs']),
      });
      this.current = { key, printer, queue };
    }
    return this.current.queue;
  }

  /** The label printer's state as the queue last saw it (a probe notices an unplugged printer within a second). */
  async status(): Promise<PackQueue['printer']> {
    const q = await this.queue();
    if (!q) return null;
    const s = q.status();
    return { printer: s.printer, state: s.state, pending: s.pending, lastError: s.lastError };
  }

  /** Try the printer again now. */
  async retry(): Promise<void> {
    await (await this.queue())?.retryNow();
  }

  /**
   * A label as `queue`'s printer takes it (null without a printer). `queue`
   * is the one the caller resolved before its transaction began; rendering
   * apart from `stage` lets the caller render while its statements run.
   */
  async render(queue: PrintQueue | null, label: LabelData): Promise<RenderedLabel | null> {
    if (!queue) return null;
    return { queue, body: await labelBody(label, queue.printer.accepts) };
  }

  /**
   * Writes a rendered label's print job into `trx`: it commits with the label
   * event the caller records in the same transaction. Null without a printer.
   */
  async stage(trx: Db, rendered: RenderedLabel | null, id: string): Promise<StagedJob | null> {
    if (!rendered) return null;
    const stored = rendered.queue.prepare({ id, ...rendered.body });
    await insertRow(trx, PRINT_JOBS_TABLE, { ...printJobRow(stored) });
    return { queue: rendered.queue, stored };
  }

  /** After the commit: the staged job joins its printer's line. */
  admit(staged: StagedJob | null): void {
    if (staged) staged.queue.admit(staged.stored);
  }

  async close(): Promise<void> {
    await (await this.current?.queue)?.close();
  }
}
