import type { Logger } from '../../platform/logger';
import type { Database } from '../../platform/database';
import { openStationDb } from '../db/station-db';
import { CentralClient } from '../central/central-client';
import { centralFetch } from '../central/secure-fetch';
import { AuthService } from '../services/auth/auth-service';
import { StaffStatusWatch } from '../services/auth/staff-status-watch';
import { Connectivity } from '../services/station/connectivity';
import { FloorService } from '../services/floor/floor-service';
import { StationService } from '../services/station/station-service';
import { LookupService } from '../services/lookup/lookup-service';
import { CustomersService } from '../services/customers/customers-service';
import { PackingService } from '../services/packing/packing-service';
import { ReturnsService } from '../services/returns/returns-service';
import { ManifestService } from '../services/packing/manifest-service';
import { PrintService } from '../print/print-service';
import { PostalSetupService } from '../services/station/postal-setup-service';
import { ReadConnection } from '../db/read-connection';
import { join } from 'node:path';
import { syncTransport } from '../sync/sync-client';
import { SyncEngine } from '../sync/sync-engine';
import { TableChanges } from '../sync/table-changes';
import { PrivacyService } from '../services/privacy/privacy-service';
import { LabelsService } from '../services/labels/labels-service';
import { StationEnrollment } from '../services/station/enrollment';
import type { SettingsStore } from '../settings/settings-store';
import type { SystemPrinting } from '../print/system-printer';
import type { StationClock } from './clock';
import { createDispatch, type Dispatch } from './dispatch';
import { createHandlers, type Services } from './handlers';

/**
 * Everything a station runs, without Electron: the Electron shell and the web
 * host both build one of these and only differ in how calls reach `dispatch`.
 * Services are constructed here and injected, so tests can hand in a temp
 * data dir, a fake clock or a fake central API.
 */
export interface StationHost {
  dispatch: Dispatch;
  services: Services;
  db: Database;
  settings: SettingsStore;
  clock: StationClock;
  /**
   * Settles once the first connectivity check (and, with an enrollment key,
   * the registration) is done. The host answers calls before that: a station
   * opens its window without waiting for the network.
   */
  started: Promise<void>;
  close(): Promise<void>;
}

export interface StationHostOptions {
  dataDir: string;
  settings: SettingsStore;
  clock: StationClock;
  logger: Logger;
  /** Registers the station with the central API on first start when given. */
  enrollmentKey?: string;
  fetch?: typeof fetch;
  /** The computer's printers: Electron's (through the shell), CUPS's (the web host on Linux and macOS), or none. */
  systemPrinting?: SystemPrinting;
  /** What the person at the station should read at start (a damaged settings file was set aside). */
  notice?: () => string | null;
  /**
   * Resolve only after the first connectivity check and the start-up
   * registration (tests that call at once rely on it). The desktop app and
   * the web host say false: they answer (and show the window) at once.
   */
  waitForNetwork?: boolean;
}

export async function createStationHost(opts: StationHostOptions): Promise<StationHost> {
  const { settings, clock, logger } = opts;
  const db = await openStationDb(opts.dataDir, { logger });
  const secureFetch = opts.fetch ?? centralFetch(() => settings.get().apiCa);
  const central = new CentralClient({
    baseUrl: () => settings.get().apiUrl,
    credential: () => settings.identity()?.credential ?? null,
    fetch: secureFetch,
  });
  // The staff status check rides on every connectivity check that reaches the central office (set below, once auth exists).
  let staffWatch: StaffStatusWatch | null = null;
  // The floor report (printer, unsent changes) rides on it too (set below, once the printer exists).
  let floor: FloorService | null = null;
  const connectivity = new Connectivity(central, 5000, async () => {
    await Promise.all([staffWatch?.check(), floor?.sendReport().catch(() => undefined)]);
  });
  const enrollment = new StationEnrollment({ knex: db.knex, settings, logger, ...(opts.fetch ? { fetch: opts.fetch } : {}) });

  const changes = new TableChanges();
  const onTablesChanged = (tables: readonly string[]) => changes.note(tables);
  // Sync goes through the same client, which tells connectivity how each exchange went (the live channel's waits too).
  const sync = new SyncEngine({
    knex: db.knex,
    transport: syncTransport(central),
    clock,
    logger,
    station: () => ({ stationId: settings.identity()?.stationId ?? null, stationDc: settings.get().distributionCenter }),
    onTablesChanged,
  });

  const reader = await ReadConnection.open(join(opts.dataDir, 'station.sqlite'));
  const lookup = new LookupService({ knex: db.knex, reader, central, connectivity, clock, logger, stationId: () => settings.identity()?.stationId ?? null, subscribe: (id, token, reason) => sync.subscribe(id, token, reason), onTablesChanged });
  const auth = new AuthService({
    knex: db.knex,
    central,
    clock,
    logger,
    idleLockMs: () => settings.get().idleLockSeconds * 1000,
    stationId: () => settings.identity()?.stationId ?? null,
  });
  // Every per-session cache in main forgets a session however it ends (the caller checks are keyed by the session object itself).
  auth.onSessionEnded((clientKey) => {
    sync.forgetSession(clientKey);
    changes.release(clientKey);
  });
  staffWatch = new StaffStatusWatch({ central, auth, logger, registered: () => settings.identity() !== null });
  const print = new PrintService({ knex: db.knex, settings, clock, logger, onTablesChanged, ...(opts.systemPrinting ? { systemPrinting: opts.systemPrinting } : {}) });
  const floorService = new FloorService({ knex: db.knex, central, print, registered: () => settings.identity() !== null });
  floor = floorService;
  const services: Services = {
    central,
    auth,
    staffWatch,
    station: new StationService({ knex: db.knex, settings, connectivity, sync, enrollment, auth, ...(opts.notice ? { notice: opts.notice } : {}), ...(opts.systemPrinting ? { systemPrinting: opts.systemPrinting } : {}) }),
    postal: new PostalSetupService({ knex: db.knex, settings, sync }),
    print,
    packing: new PackingService({ knex: db.knex, central, sync, settings, clock, print, onTablesChanged }),
    returns: new ReturnsService({ knex: db.knex, sync, settings, clock }),
    manifest: new ManifestService({ knex: db.knex, settings, clock }),
    labels: new LabelsService({ settings, clock, ...(opts.systemPrinting ? { systemPrinting: opts.systemPrinting } : {}) }),
    lookup,
    customers: new CustomersService({ knex: db.knex, central, connectivity, clock, logger, sync, lookup, onTablesChanged }),
    privacy: new PrivacyService({ central }),
    floor: floorService,
    sync,
    changes,
  };
  const dispatch = createDispatch({ handlers: createHandlers(services), auth: services.auth, logger });
  // The network is never waited on here: the first check and a registration with a start-up key run behind the window.
  const started = (async () => {
    // Registration first when there is a key: it asks the central office's /health itself, and says "registering" meanwhile.
    if (!settings.identity() && opts.enrollmentKey) await enrollment.registerAtStart(opts.enrollmentKey);
    await connectivity.check();
  })().catch((err: unknown) => logger.error({ err }, 'station start-up checks failed'));
  // Jobs a crash or a restart left pending print now, not when a screen first asks about the printer.
  void print.queue().catch((err: unknown) => logger.warn({ err }, 'the label printer could not be opened at start'));
  if (opts.waitForNetwork !== false) await started;
  connectivity.start();
  sync.start();
  return {
    dispatch,
    services,
    db,
    settings,
    clock,
    started,
    async close() {
      connectivity.stop();
      changes.release();
      // A running sync finishes before the cache closes under it.
      await sync.stop();
      await print.close();
      await reader.close();
      await db.close();
    },
  };
}
