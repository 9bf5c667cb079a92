import type { AuthService } from '../services/auth/auth-service';
import type { StaffStatusWatch } from '../services/auth/staff-status-watch';
import type { StationService } from '../services/station/station-service';
import type { PostalSetupService } from '../services/station/postal-setup-service';
import type { LookupService } from '../services/lookup/lookup-service';
import type { CustomersService } from '../services/customers/customers-service';
import type { PackService } from '../services/packing/pack-service';
import type { CentralClient } from '../central/central-client';
import type { SyncEngine } from '../sync/sync-engine';
import type { PrivacyService } from '../services/privacy/privacy-service';
import type { LabelsService } from '../services/labels/labels-service';
import type { TableChanges } from '../sync/table-changes';

/** The station's services, built once by the station host and handed to each capability's handlers. */
export interface Services {
  auth: AuthService;
  staffWatch: StaffStatusWatch;
  station: StationService;
  postal: PostalSetupService;
  central: CentralClient;
  lookup: LookupService;
  customers: CustomersService;
  pack: PackService;
  sync: SyncEngine;
  privacy: PrivacyService;
  labels: LabelsService;
  /** The "tables changed" signal the screens wait on (`sync.changes`). */
  changes: TableChanges;
}
