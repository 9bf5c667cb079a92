import type { Knex } from 'knex';
import type { StationSettings, StationStatus } from '../../../core/station/schemas';
import type { SettingsStore } from '../../settings/settings-store';
import type { SyncState } from '../../../core/sync/contract';
import { readSyncFigures } from '../../sync/sync-state';
import type { Connectivity } from './connectivity';

export class StationService {
  constructor(private readonly deps: { knex: Knex; settings: SettingsStore; connectivity: Connectivity; sync?: { currentState(): SyncState } }) {}

  async status(): Promise<StationStatus> {
    const s = this.deps.settings.get();
    const { knex } = this.deps;
    const figures = await readSyncFigures(knex);
    const online = this.deps.connectivity.isOnline();
    return {
      stationName: s.stationName,
      distributionCenter: s.distributionCenter,
      apiUrl: s.apiUrl,
      kiosk: s.kiosk,
      idleLockSeconds: s.idleLockSeconds,
      registered: this.deps.settings.identity() !== null,
      online,
      sync: {
        // The engine knows best (syncing, error); without one, connectivity is all there is.
        state: !online ? 'offline' : (this.deps.sync?.currentState() ?? 'idle'),
        ...figures,
      },
    };
  }

  settings(): StationSettings {
    return this.deps.settings.get();
  }

  updateSettings(patch: Partial<StationSettings>): StationSettings {
    return this.deps.settings.update(patch);
  }
}
