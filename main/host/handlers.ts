import { AppError } from '../../core/errors';
import type { AuthService } from '../services/auth/auth-service';
import type { StaffStatusWatch } from '../services/auth/staff-status-watch';
import type { StationService } from '../services/station/station-service';
import type { PostalSetupService } from '../services/station/postal-setup-service';
import type { LookupService } from '../services/lookup/lookup-service';
import type { CustomersService } from '../services/customers/customers-service';
import type { PackService } from '../services/packing/pack-service';
import type { CentralClient } from '../central/central-client';
import type { SyncEngine } from '../sync/sync-engine';
import type { BackofficeService } from '../services/backoffice/backoffice-service';
import type { LabelsService } from '../services/labels/labels-service';
import type { TableChanges } from '../sync/table-changes';
import { requireSession, type CallContext, type HandlerMap } from './handler-types';

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
  backoffice: BackofficeService;
  labels: LabelsService;
  /** The "tables changed" signal the screens wait on (`sync.changes`). */
  changes: TableChanges;
}

/** Staff administration lives centrally: an offline sign-in has no central token to act with. */
function centralToken(ctx: CallContext): string {
  const token = requireSession(ctx).apiToken;
  if (!token) throw new AppError('OFFLINE', 'This needs the central office; you signed in while it was unreachable. Sign out and in again once online.');
  return token;
}

export function createHandlers(s: Services): HandlerMap {
  return {
    'auth.signIn': async (input, ctx) => {
      const info = await s.auth.signIn(ctx.clientKey, input);
      // Pulls need a signed-in staff member: the role decides what this station may hold.
      s.sync.useSession(ctx.clientKey, s.auth.current(ctx.clientKey));
      return info;
    },
    'auth.session': (_input, ctx) => s.auth.info(ctx.clientKey),
    'auth.unlock': (input, ctx) => s.auth.unlock(ctx.clientKey, input.secret),
    'auth.lock': (_input, ctx) => s.auth.lock(ctx.clientKey),
    // Dispatch refused a locked session. The keystroke was a moment before this report: dated then, so the lock keeps its time.
    'auth.keepAlive': (input, ctx) => {
      s.auth.touch(ctx.clientKey, input.sinceInputMs ?? 0);
      return { locked: false as const, idleLockInMs: s.auth.info(ctx.clientKey)?.idleLockInMs ?? 0 };
    },
    'auth.signOut': async (_input, ctx) => {
      await s.auth.signOut(ctx.clientKey);
      return { signedOut: true as const };
    },
    'staff.list': (_input, ctx) => s.central.call('staff.list', {}, { staffToken: centralToken(ctx) }),
    'staff.unlockAccount': async (input, ctx) => {
      const account = await s.central.call('staff.unlock', { username: input.username }, { staffToken: centralToken(ctx) });
      await s.auth.clearLocalLock(input.username);
      return account;
    },
    'staff.setActive': (input, ctx) => s.central.call('staff.setActive', { username: input.username, active: input.active }, { staffToken: centralToken(ctx) }),
    'station.status': () => s.station.status(),
    'station.settings.get': () => s.station.settings(),
    'station.settings.update': (input) => s.station.updateSettings(input),
    // First-run setup and re-enrollment (issue #14): public only until the station has an identity.
    'station.inspectCa': (input) => s.station.inspectCa(input.pem),
    'station.register': (input) => s.station.register(input),
    'station.reenroll': (input) => s.station.reenroll(input),
    'station.systemPrinters': () => s.station.systemPrinters(),
    'labels.testPrint': (input) => s.labels.testPrint(input.printer),
    'labels.printerStatus': () => s.pack.printerStatus(),
    'station.postal.get': () => s.postal.get(),
    'station.postal.update': (input, ctx) => s.postal.update(requireSession(ctx), input),
    'lookup.search': (input, ctx) => s.lookup.search(requireSession(ctx), input.query, input.reason),
    'customers.get360': (input, ctx) => s.lookup.customer360(requireSession(ctx), input.customerId, input.reason),
    'customers.refresh360': (input, ctx) => s.lookup.refresh360(requireSession(ctx), input.customerId),
    'shipments.get': (input) => s.lookup.shipment(input.shipmentId),
    // Account edits by phone (issue #5): each edit handler refuses unless this session verified the caller.
    'customers.verifyCaller': (input, ctx) => s.customers.verifyCaller(requireSession(ctx), input),
    'customers.callerStatus': (input, ctx) => s.customers.callerStatus(requireSession(ctx), input.customerId),
    'customers.setPreference': (input, ctx) => s.customers.setPreference(requireSession(ctx), input),
    'customers.updateContact': (input, ctx) => s.customers.updateContact(requireSession(ctx), input),
    'customers.previewAddress': (input) => s.customers.previewAddress(input.address),
    'customers.updateAddress': (input, ctx) => s.customers.updateAddress(requireSession(ctx), input),
    'customers.changeCard': (input, ctx) => s.customers.changeCard(requireSession(ctx), input),
    'customers.sendPasswordReset': (input, ctx) => s.customers.sendPasswordReset(requireSession(ctx), input.customerId),
    'customers.consentHistory': (input) => s.customers.consentHistory(input.customerId),
    'customers.conflicts': (input) => s.customers.conflicts(input.customerId),
    'customers.markConflictSeen': (input) => s.customers.markConflictSeen(input.customerId, input.conflictId),
    'pack.queue': () => s.pack.queue(),
    'pack.claim': (input, ctx) => s.pack.claim(requireSession(ctx), input.count),
    'pack.scan': (input, ctx) => s.pack.scan(requireSession(ctx), input.shipmentId, input.barcode),
    'pack.reprint': (input, ctx) => s.pack.reprint(requireSession(ctx), input.shipmentId, input.reason),
    'pack.voidLabel': (input, ctx) => s.pack.voidLabel(requireSession(ctx), input.shipmentId, input.reason, input.then),
    'pack.ship': (input, ctx) => s.pack.ship(requireSession(ctx), input.shipmentIds),
    'pack.manifest': (input) => s.pack.manifest(input.date),
    'pack.retryPrinter': () => s.pack.retryPrinter(),
    'pack.printBatch': (input, ctx) => s.pack.printBatch(requireSession(ctx), input.reason),
    'returns.checkIn': (input, ctx) => s.pack.checkIn(requireSession(ctx), input.barcode, input.damageReason),
    'returns.nextFor': (input) => s.pack.nextFor(input.customerId, input.since),
    'sync.status': () => s.sync.status(),
    'sync.changes': (input, ctx) => s.changes.wait(ctx.clientKey, input.since),
    'sync.now': async (_input, ctx) => {
      // An exchange with the central office: who it says is gone is signed out here first (possibly this caller).
      await s.staffWatch.check();
      const session = s.auth.current(ctx.clientKey);
      if (!session) throw new AppError('NOT_SIGNED_IN', 'Your session has ended. Please sign in again.');
      s.sync.useSession(ctx.clientKey, session);
      const outcome = await s.sync.syncNow();
      const [status, waiting] = await Promise.all([s.sync.status(), s.sync.waitingChanges()]);
      const offline = !outcome.ok && outcome.error?.code === 'OFFLINE';
      return {
        ...status,
        run: { outcome: outcome.ok ? ('done' as const) : offline ? ('offline' as const) : ('failed' as const), sent: outcome.pushed, received: outcome.pulled, problem: outcome.ok ? null : (outcome.error?.message ?? null) },
        waiting,
      };
    },
    'sync.dismissRejection': async (input, ctx) => {
      const { staff } = requireSession(ctx);
      await s.sync.dismissRejection(input.mutationId, { staffId: staff.id, role: staff.role });
      return s.sync.status();
    },
    // Privacy back office (issue #7): central-only, with the staff member's own token.
    'affiliates.list': (input, ctx) => s.backoffice.listAffiliates(requireSession(ctx), input),
    'affiliates.decide': (input, ctx) => s.backoffice.decideAffiliate(requireSession(ctx), input),
    'campaigns.options': (_input, ctx) => s.backoffice.campaignOptions(requireSession(ctx)),
    'campaigns.preview': (input, ctx) => s.backoffice.previewCampaign(requireSession(ctx), input),
    'campaigns.export': (input, ctx) => s.backoffice.exportCampaign(requireSession(ctx), input),
    'campaigns.list': (_input, ctx) => s.backoffice.listCampaigns(requireSession(ctx)),
    'reports.aggregate': (input, ctx) => s.backoffice.aggregateReport(requireSession(ctx), input),
    'reports.exportCsv': (input, ctx) => s.backoffice.exportReport(requireSession(ctx), input),
    'reviews.moderationQueue': (input, ctx) => s.backoffice.moderationQueue(requireSession(ctx), input),
    'reviews.moderate': (input, ctx) => s.backoffice.moderateReview(requireSession(ctx), input),
    'statements.preview': (input, ctx) => s.backoffice.previewStatements(requireSession(ctx), input),
    'statements.export': (input, ctx) => s.backoffice.exportStatements(requireSession(ctx), input),
    'disclosures.list': (input, ctx) => s.backoffice.listDisclosures(requireSession(ctx), input),
    'disclosures.recordLegalRequest': (input, ctx) => s.backoffice.recordLegalRequest(requireSession(ctx), input),
    'disclosures.exportCsv': (input, ctx) => s.backoffice.exportDisclosures(requireSession(ctx), input),
    'policy.versions': (_input, ctx) => s.backoffice.policyVersions(requireSession(ctx)),
    'policy.publishVersion': (input, ctx) => s.backoffice.publishPolicyVersion(requireSession(ctx), input),
    'policy.declareUse': (input, ctx) => s.backoffice.declareUse(requireSession(ctx), input),
    'policy.recordConsent': (input, ctx) => s.backoffice.recordConsent(requireSession(ctx), input),
    'audit.search': (input, ctx) => s.backoffice.searchAudit(requireSession(ctx), input),
    'audit.exportCsv': (input, ctx) => s.backoffice.exportAudit(requireSession(ctx), input),
  };
}
