import type { Knex } from 'knex';
import type { StationSettings, StationStatus } from '../../../core/station/schemas';
import type { SettingsStore } from '../../settings/settings-store';
import type { SyncState } from '../../../core/sync/contract';
import { readState, SYNC_KEYS } from '../../sync/sync-state';
import type { Connectivity } from './connectivity';

export class StationService {
  constructor(private readonly deps: { knex: Knex; settings: SettingsStore; connectivity: Connectivity; sync?: { currentState(): SyncState } }) {}

  async status(): Promise<StationStatus> {
    const s = this.deps.settings.get();
    const { knex } = this.deps;
    const [pending, rejected, conflicts, lastSync, pulled, total] = await Promise.all([
      knex('outbox').where({ status: 'pending' }).count({ n: '*' }).first(),
      knex('outbox').where({ status: 'rejected' }).count({ n: '*' }).first(),
      knex('conflicts').whereNull('seen_at').count({ n: '*' }).first(),
      readState(knex, SYNC_KEYS.lastSyncAt),
      readState(knex, SYNC_KEYS.initialPulled),
      readState(knex, SYNC_KEYS.initialTotal),
    ]);
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
        pendingMutations: Number(pending?.n ?? 0),
        rejectedMutations: Number(rejected?.n ?? 0),
        conflicts: Number(conflicts?.n ?? 0),
        lastSyncAt: lastSync,
        initialSync: pulled === null ? null : { pulled: Number(pulled), estimatedTotal: total === null ? null : Number(total) },
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
