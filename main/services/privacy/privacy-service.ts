/**
 * The station's side of the privacy back office: each method forwards to the
 * central API with the signed-in staff member's token. Nothing here touches
 * the station cache: affiliate applications, campaigns, the disclosure
 * register and the central audit log live centrally, and a register row must
 * be written in the same central transaction as the export it records.
 * So these methods need the central office, and say so in words when it
 * cannot be reached.
 */
import type { Contract, MethodName, MethodOutput } from '../../../core/contract';
import type { z } from 'zod';
import type { RouteCallInput, RouteName, RouteOutput } from '../../../core/routes';
import type { CentralClient } from '../../central/central-client';
import { callAsStaff, type OfflineWords } from '../../central/call-as-staff';
import type { StationSession } from '../auth/auth-service';

const OFFLINE_WORDS: OfflineWords = {
  unreachable: 'The privacy back office works on the central office’s records, which cannot be reached right now. Try again when the status bar shows Online.',
  signedInOffline: 'You signed in while the central office was unreachable, so this station cannot act for you there. Sign out and in again once online.',
};

/** What dispatch hands a handler: the input after the contract's schema (defaults filled in). */
type In<M extends MethodName> = z.output<Contract[M]['input']>;

export class PrivacyService {
  constructor(private readonly deps: { central: CentralClient }) {}

  /** One call to the central API with the staff member's own token; offline said in words. */
  private central<R extends RouteName>(session: StationSession, route: R, input: RouteCallInput<R>): Promise<RouteOutput<R>> {
    return callAsStaff(this.deps.central, session, route, input, OFFLINE_WORDS);
  }

  listAffiliates(s: StationSession, input: In<'privacy.affiliates.list'>): Promise<MethodOutput<'privacy.affiliates.list'>> {
    return this.central(s, 'privacy.affiliates.list', input);
  }

  decideAffiliate(s: StationSession, input: In<'privacy.affiliates.decide'>): Promise<MethodOutput<'privacy.affiliates.decide'>> {
    return this.central(s, 'privacy.affiliates.decide', input);
  }

  campaignOptions(s: StationSession): Promise<MethodOutput<'privacy.campaigns.options'>> {
    return this.central(s, 'privacy.campaigns.options', {});
  }

  previewCampaign(s: StationSession, input: In<'privacy.campaigns.preview'>): Promise<MethodOutput<'privacy.campaigns.preview'>> {
    return this.central(s, 'privacy.campaigns.preview', input);
  }

  exportCampaign(s: StationSession, input: In<'privacy.campaigns.export'>): Promise<MethodOutput<'privacy.campaigns.export'>> {
    return this.central(s, 'privacy.campaigns.export', input);
  }

  listCampaigns(s: StationSession): Promise<MethodOutput<'privacy.campaigns.list'>> {
    return this.central(s, 'privacy.campaigns.list', {});
  }

  aggregateReport(s: StationSession, input: In<'privacy.reports.aggregate'>): Promise<MethodOutput<'privacy.reports.aggregate'>> {
    return this.central(s, 'privacy.reports.aggregate', input);
  }

  exportReport(s: StationSession, input: In<'privacy.reports.export'>): Promise<MethodOutput<'privacy.reports.export'>> {
    return this.central(s, 'privacy.reports.export', input);
  }

  moderationQueue(s: StationSession, input: In<'privacy.reviews.queue'>): Promise<MethodOutput<'privacy.reviews.queue'>> {
    return this.central(s, 'privacy.reviews.queue', input);
  }

  moderateReview(s: StationSession, input: In<'privacy.reviews.moderate'>): Promise<MethodOutput<'privacy.reviews.moderate'>> {
    return this.central(s, 'privacy.reviews.moderate', input);
  }

  previewStatements(s: StationSession, input: In<'privacy.statements.preview'>): Promise<MethodOutput<'privacy.statements.preview'>> {
    return this.central(s, 'privacy.statements.preview', input);
  }

  exportStatements(s: StationSession, input: In<'privacy.statements.export'>): Promise<MethodOutput<'privacy.statements.export'>> {
    return this.central(s, 'privacy.statements.export', input);
  }

  listDisclosures(s: StationSession, input: In<'privacy.disclosures.list'>): Promise<MethodOutput<'privacy.disclosures.list'>> {
    return this.central(s, 'privacy.disclosures.list', input);
  }

  recordLegalRequest(s: StationSession, input: In<'privacy.disclosures.recordLegalRequest'>): Promise<MethodOutput<'privacy.disclosures.recordLegalRequest'>> {
    return this.central(s, 'privacy.disclosures.recordLegalRequest', input);
  }

  exportDisclosures(s: StationSession, input: In<'privacy.disclosures.export'>): Promise<MethodOutput<'privacy.disclosures.export'>> {
    return this.central(s, 'privacy.disclosures.export', input);
  }

  policyVersions(s: StationSession): Promise<MethodOutput<'privacy.policy.overview'>> {
    return this.central(s, 'privacy.policy.overview', {});
  }

  publishPolicyVersion(s: StationSession, input: In<'privacy.policy.publishVersion'>): Promise<MethodOutput<'privacy.policy.publishVersion'>> {
    return this.central(s, 'privacy.policy.publishVersion', input);
  }

  declareUse(s: StationSession, input: In<'privacy.policy.declareUse'>): Promise<MethodOutput<'privacy.policy.declareUse'>> {
    return this.central(s, 'privacy.policy.declareUse', input);
  }

  recordConsent(s: StationSession, input: In<'privacy.policy.recordConsent'>): Promise<MethodOutput<'privacy.policy.recordConsent'>> {
    return this.central(s, 'privacy.policy.recordConsent', input);
  }

  searchAudit(s: StationSession, input: In<'audit.search'>): Promise<MethodOutput<'audit.search'>> {
    return this.central(s, 'audit.search', input);
  }

  exportAudit(s: StationSession, input: In<'audit.export'>): Promise<MethodOutput<'audit.export'>> {
    return this.central(s, 'audit.export', input);
  }
}
