import type { AuthService } from '../services/auth/auth-service';
import type { StaffStatusWatch } from '../services/auth/staff-status-watch';
import type { StationService } from '../services/station/station-service';
import type { PostalSetupService } from '../services/station/postal-setup-service';
import type { LookupService } from '../services/lookup/lookup-service';
import type { CustomersService } from '../services/customers/customers-service';
import type { PackingService } from '../services/packing/packing-service';
import type { ManifestService } from '../services/packing/manifest-service';
import type { ReturnsService } from '../services/returns/returns-service';
import type { PrintService } from '../print/print-service';
import type { CentralClient } from '../central/central-client';
import type { SyncEngine } from '../sync/sync-engine';
import type { PrivacyService } from '../services/privacy/privacy-service';
import type { LabelsService } from '../services/labels/labels-service';
import type { TableChanges } from '../sync/table-changes';
import type { FloorService } from '../services/floor/floor-service';

/** The station's services, built once by the station host and handed to each capability's handlers. */
export interface Services {
  auth: AuthService;
  staffWatch: StaffStatusWatch;
  station: StationService;
  postal: PostalSetupService;
  central: CentralClient;
  lookup: LookupService;
  customers: CustomersService;
  packing: PackingService;
  /** The end-of-day manifest (`packing.manifest`). */
  manifest: ManifestService;
  returns: ReturnsService;
  /** The label printer every capability prints through. */
  print: PrintService;
  sync: SyncEngine;
  privacy: PrivacyService;
  labels: LabelsService;
  /** The supervisor's floor view, and this station's report of itself to it. */
  floor: FloorService;
  /** The "tables changed" signal the screens wait on (`sync.changes`). */
  changes: TableChanges;
}
