/**
 * Where queued print jobs wait, so a station restart loses nothing: a job is
 * saved before `enqueue` returns and removed only after its printer took it.
 * (A crash between "printer took it" and "removed" prints it once more on
 * restart: printing is at-least-once across a crash, exactly-once otherwise.
 * The reprint carries the same IMb serial, which USPS-B-3200 allows for a
 * reprint of the same piece.)
 */
import type { Knex } from 'knex';
import { preparedRun } from '../db/prepared';
import type { PayloadKind } from './printers';

export interface StoredPrintJob {
  id: string;
  printer: string;
  kind: PayloadKind;
  /** ZPL text, the PDF as base64, or the page as JSON ({ html, widthMicrons, heightMicrons }). */
  payload: string;
  /** ISO-8601 UTC; the queue keeps these strictly increasing per printer so FIFO survives a reload. */
  createdAt: string;
  attempts: number;
  lastError: string | null;
}

export interface JobStore {
  /** Insert or replace (attempt counts and the last error are saved as they change). */
  save(job: StoredPrintJob): Promise<void>;
  remove(id: string): Promise<void>;
  /** Jobs not yet printed, oldest first; only `printer`'s when given. */
  loadPending(printer?: string): Promise<StoredPrintJob[]>;
}

function byAge(a: StoredPrintJob, b: StoredPrintJob): number {
  return a.createdAt < b.createdAt ? -1 : a.createdAt > b.createdAt ? 1 : a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** For tests and for a station without a database: survives a queue, not a process. */
export function memoryJobStore(): JobStore & { jobs: Map<string, StoredPrintJob> } {
  const jobs = new Map<string, StoredPrintJob>();
  return {
    jobs,
    async save(job) {
      jobs.set(job.id, { ...job });
    },
    async remove(id) {
      jobs.delete(id);
    },
    async loadPending(printer) {
      return [...jobs.values()].filter((j) => printer === undefined || j.printer === printer).map((j) => ({ ...j })).sort(byAge);
    },
  };
}

/** Built by the station migrations (004_packing). */
export const PRINT_JOBS_TABLE = 'print_jobs';

export interface PrintJobRow {
  id: string;
  printer: string;
  payload_kind: string;
  payload: string;
  created_at: string;
  attempts: number;
  last_error: string | null;
}

function fromRow(row: PrintJobRow): StoredPrintJob {
  return {
    id: row.id,
    printer: row.printer,
    kind: row.payload_kind === 'pdf' || row.payload_kind === 'page' ? row.payload_kind : 'zpl',
    payload: row.payload,
    createdAt: row.created_at,
    attempts: Number(row.attempts),
    lastError: row.last_error,
  };
}

/** A job as its `print_jobs` row. */
export function printJobRow(job: StoredPrintJob): PrintJobRow {
  return {
    id: job.id,
    printer: job.printer,
    payload_kind: job.kind,
    payload: job.payload,
    created_at: job.createdAt,
    attempts: job.attempts,
    last_error: job.lastError,
  };
}

/** Striking a printed job off happens once per label (a prepared constant statement); saving a failed try and loading at start are knex. */
const REMOVE_JOB_SQL = `DELETE FROM ${PRINT_JOBS_TABLE} WHERE id = ?`;

/** Jobs in the station database's `print_jobs` table. */
export function knexJobStore(knex: Knex): JobStore {
  return {
    async save(job) {
      const row = printJobRow(job);
      await knex<PrintJobRow>(PRINT_JOBS_TABLE).insert(row).onConflict('id').merge(['attempts', 'last_error']);
    },
    async remove(id) {
      await preparedRun(knex, REMOVE_JOB_SQL, [id]);
    },
    async loadPending(printer) {
      const query = knex<PrintJobRow>(PRINT_JOBS_TABLE).select('*').orderBy([{ column: 'created_at' }, { column: 'id' }]);
      if (printer !== undefined) query.where({ printer });
      const rows = (await query) as PrintJobRow[];
      return rows.map(fromRow);
    },
  };
}
