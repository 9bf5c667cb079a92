/**
 * The station's side of the floor view (issue 16 item 7).
 *
 * - It reports itself: the label printer's state and the changes not yet
 *   sent are known only here, so each connectivity check that reaches the
 *   central office carries them (`floor.report`, every 5 s).
 * - A supervisor's screen reads the floor from the central office, with the
 *   staff member's own token; the figures live there, so offline is said in
 *   words and the screen keeps its last figures with their time.
 */
import type { Knex } from 'knex';
import type { MethodOutput } from '../../../core/contract';
import type { StationReport } from '../../../core/floor/schemas';
import type { CentralClient } from '../../central/central-client';
import { callAsStaff, type OfflineWords } from '../../central/call-as-staff';
import type { RouteName, RouteCallInput, RouteOutput } from '../../../core/routes';
import type { PrintService } from '../../print/print-service';
import { readSyncFigures } from '../../sync/sync-state';
import type { StationSession } from '../auth/auth-service';

const OFFLINE_WORDS: OfflineWords = {
  unreachable: 'The floor view shows the central office’s figures, which cannot be reached right now. It updates again as soon as the status bar shows Online.',
  signedInOffline: 'You signed in while the central office was unreachable, so this station cannot read the floor for you. Sign out and in again once online.',
};

export class FloorService {
  constructor(private readonly deps: { knex: Knex; central: CentralClient; print: Pick<PrintService, 'status'>; registered: () => boolean }) {}

  /** What this station tells the central office about itself. */
  async report(): Promise<StationReport> {
    const [printer, figures] = await Promise.all([this.deps.print.status().catch(() => null), readSyncFigures(this.deps.knex)]);
    return {
      printerState: printer ? printer.state : 'none',
      printerName: printer ? printer.printer.slice(0, 80) : null,
      printerProblem: printer?.lastError ? printer.lastError.slice(0, 200) : null,
      printerWaiting: printer?.pending ?? 0,
      pendingChanges: figures.pendingMutations,
    };
  }

  /** Sent after every connectivity check that reached the central office; a failure waits for the next one. */
  async sendReport(): Promise<void> {
    if (!this.deps.registered()) return;
    await this.deps.central.call('floor.report', await this.report());
  }

  overview(session: StationSession, input: { dc?: string | undefined }): Promise<MethodOutput<'floor.overview'>> {
    return this.central(session, 'floor.overview', input.dc ? { dc: input.dc } : {});
  }

  export(session: StationSession, input: { dc?: string | undefined }): Promise<MethodOutput<'floor.export'>> {
    return this.central(session, 'floor.export', input.dc ? { dc: input.dc } : {});
  }

  /** One call to the central API with the staff member's own token; offline said in words. */
  private central<R extends RouteName>(session: StationSession, route: R, input: RouteCallInput<R>): Promise<RouteOutput<R>> {
    return callAsStaff(this.deps.central, session, route, input, OFFLINE_WORDS);
  }
}
