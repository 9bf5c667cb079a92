/**
 * The computer's print system, stood in for: CUPS's `lp` and `lpstat`
 * (fake-cups/) first on PATH, a spool folder that keeps every job's arguments
 * and bytes, and the printers it knows. For the system-printer paths of the
 * station (raw ZPL to a USB label printer, a page to an office printer).
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const BIN = fileURLToPath(new URL('./fake-cups', import.meta.url));

export interface SpooledJob {
  args: string[];
  data: Buffer;
}

export class FakeCups {
  readonly spool = mkdtempSync(join(tmpdir(), 'backlot-cups-'));

  constructor(printers: readonly string[] = ['Zebra_USB', 'Office_Laser']) {
    this.setPrinters(printers);
  }

  setPrinters(printers: readonly string[]): void {
    writeFileSync(join(this.spool, 'printers'), printers.map((p) => `${p}\n`).join(''));
  }

  /** The environment a process needs to print through this print system. */
  env(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
    return { ...base, PATH: `${BIN}${delimiter}${base.PATH ?? ''}`, BACKLOT_TEST_SPOOL: this.spool };
  }

  jobs(): SpooledJob[] {
    const numbers = readdirSync(this.spool)
      .map((f) => /^job-(\d+)\.args$/.exec(f)?.[1])
      .filter((n): n is string => n !== undefined)
      .map(Number)
      .sort((a, b) => a - b);
    return numbers.map((n) => ({
      args: readFileSync(join(this.spool, `job-${n}.args`), 'utf8').split('\n').filter(Boolean),
      data: readFileSync(join(this.spool, `job-${n}.data`)),
    }));
  }

  close(): void {
    rmSync(this.spool, { recursive: true, force: true });
  }
}
