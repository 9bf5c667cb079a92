/**
 * This distribution center's postal set-up, read from the station cache and
 * changed through the `distributionCenter.setPostal` intent (core/station/
 * postal-setup.ts says why it is DC data and not a station setting). Knex:
 * an admin screen, not a hot path.
 */
import type { Knex } from 'knex';
import { AppError } from '../../../core/errors';
import { postalSetupOf, type DcPostalSetup, type DcPostalSetupInput } from '../../../core/station/postal-setup';
import type { SettingsStore } from '../../settings/settings-store';
import type { SyncEngine } from '../../sync/sync-engine';
import type { StationSession } from '../auth/auth-service';

export class PostalSetupService {
  constructor(private readonly deps: { knex: Knex; settings: SettingsStore; sync: Pick<SyncEngine, 'mutate'> }) {}

  async get(): Promise<DcPostalSetup> {
    const code = this.deps.settings.get().distributionCenter;
    const row = await this.deps.knex('distribution_centers').where({ code }).first();
    if (!row) throw new AppError('NOT_FOUND', `Distribution center ${code} is not in this station’s cache yet; sync first.`);
    return postalSetupOf(row);
  }

  async update(session: StationSession, setup: DcPostalSetupInput): Promise<DcPostalSetup> {
    const distributionCenter = this.deps.settings.get().distributionCenter;
    await this.deps.sync.mutate('distributionCenter.setPostal', { distributionCenter, setup }, { staffId: session.staff.id, role: session.staff.role });
    return this.get();
  }
}
