/**
 * What Electron's main process and the station's utility process say to each
 * other over their channel (channel.ts). No `electron` import: both sides and
 * the tests' stand-in load it.
 */
import type { Call } from '../host/dispatch';
import type { LabelPage } from '../print/label-svg';

/** How the shell starts the station; sent as the first message, so the enrollment key is never in a process list. */
export interface StationStartConfig {
  dataDir: string;
  apiUrl?: string;
  /** A CA certificate file (PEM) to trust for the central API, as given on the command line. */
  apiCaFile?: string;
  enrollmentKey?: string;
  kiosk?: boolean;
}

export interface StationStarted {
  kiosk: boolean;
}

/** Requests the shell sends to the station. */
export interface StationOps {
  start(config: StationStartConfig): Promise<StationStarted>;
  dispatch(call: Call): Promise<unknown>;
  close(): Promise<true>;
}

/** Requests the station sends to the shell (what needs a window: the OS printer list and page printing). */
export interface ShellOps {
  listPrinters(): Promise<unknown>;
  printPage(args: { printer: string; page: LabelPage; title: string }): Promise<unknown>;
}

/** The station's bundle next to the shell's (scripts/build-electron.ts builds both). */
export const STATION_PROCESS_FILE = 'station-process.cjs';
