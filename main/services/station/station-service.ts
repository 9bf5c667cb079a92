import { listStuck } from '../../sync/stuck-changes';
import type { Knex } from 'knex';
import { AppError } from '../../../core/errors';
import type { CaCertificateInfo, StationEnrollment as Enrollment, StationSettings, StationSettingsPatch, StationStatus } from '../../../core/station/schemas';
import type { SettingsStore } from '../../settings/settings-store';
import type { SyncState } from '../../../core/sync/contract';
import type { SystemPrinting } from '../../print/system-printer';
import { readSyncFigures } from '../../sync/sync-state';
import type { Connectivity } from './connectivity';
import { inspectCa, type StationEnrollment } from './enrollment';

export class StationService {
  constructor(
    private readonly deps: {
      knex: Knex;
      settings: SettingsStore;
      connectivity: Connectivity;
      sync?: { currentState(): SyncState; syncNow(): Promise<unknown> };
      enrollment?: StationEnrollment;
      /** Ends every session at this station (a re-enrollment: the staff tokens were the old registration's). */
      auth?: { endAllSessions(): Promise<void> };
      notice?: () => string | null;
      systemPrinting?: SystemPrinting;
    },
  ) {}

  async status(): Promise<StationStatus> {
    const s = this.deps.settings.get();
    const { knex } = this.deps;
    const [figures, stuck] = await Promise.all([readSyncFigures(knex), listStuck(knex)]);
    const online = this.deps.connectivity.isOnline();
    return {
      stationName: s.stationName,
      distributionCenter: s.distributionCenter,
      apiUrl: s.apiUrl,
      kiosk: s.kiosk,
      idleLockSeconds: s.idleLockSeconds,
      registered: this.deps.settings.identity() !== null,
      registering: this.deps.enrollment?.isRegistering() ?? false,
      notice: this.deps.notice?.() ?? null,
      online,
      sync: {
        // The engine knows best (syncing, error); without one, connectivity is all there is.
        state: !online ? 'offline' : (this.deps.sync?.currentState() ?? 'idle'),
        ...figures,
        stuck,
      },
    };
  }

  settings(): StationSettings {
    return this.deps.settings.get();
  }

  updateSettings(patch: StationSettingsPatch): StationSettings {
    return this.deps.settings.update(patch);
  }

  inspectCa(pem: string): CaCertificateInfo {
    return inspectCa(pem);
  }

  async register(input: Enrollment): Promise<StationStatus> {
    await this.enrollment().register(input);
    await this.afterJoining();
    return this.status();
  }

  async reenroll(input: Enrollment): Promise<StationStatus> {
    await this.enrollment().reenroll(input);
    await this.deps.auth?.endAllSessions();
    await this.afterJoining();
    return this.status();
  }

  async systemPrinters() {
    const system = this.deps.systemPrinting;
    if (!system) {
      return { source: 'none' as const, printers: [], note: 'This station runs without the computer’s print system here. Use a ZPL printer on the network, or PDF files.' };
    }
    try {
      const printers = await system.listPrinters();
      return { source: system.source, printers, note: printers.length === 0 ? 'The computer lists no printers. Add the printer in the system’s printer settings, then look again.' : null };
    } catch (err) {
      return { source: system.source, printers: [], note: (err as Error).message };
    }
  }

  private enrollment(): StationEnrollment {
    if (!this.deps.enrollment) throw new AppError('INTERNAL', 'This station cannot register here.');
    return this.deps.enrollment;
  }

  /** Online at once, and the first sync under way, so the sign-in screen says "online" on the first look. */
  private async afterJoining(): Promise<void> {
    await this.deps.connectivity.check();
    void this.deps.sync?.syncNow().catch(() => undefined);
  }
}
