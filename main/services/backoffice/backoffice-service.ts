/**
 * The station's side of the privacy back office: each method forwards to the
 * central API with the signed-in staff member's token. Nothing here touches
 * the station cache: affiliate applications, campaigns, the disclosure
 * register and the central audit log live centrally, and a register row must
 * be written in the same central transaction as the export it records.
 * So these methods need the central office, and say so in words when it
 * cannot be reached.
 */
import { z } from 'zod';
import { AppError } from '../../../core/errors';
import type { Contract, MethodName, MethodOutput } from '../../../core/contract';
import { contract } from '../../../core/contract';
import type { CentralClient } from '../../central/central-client';
import type { StationSession } from '../auth/auth-service';
import type { Connectivity } from '../station/connectivity';

const NEEDS_CENTRAL = 'The privacy back office works on the central office’s records, which cannot be reached right now. Try again when the status bar shows Online.';
const SIGNED_IN_OFFLINE = 'You signed in while the central office was unreachable, so this station cannot act for you there. Sign out and in again once online.';

type Out<M extends MethodName> = MethodOutput<M>;
/** What dispatch hands a handler: the input after the contract's schema (defaults filled in). */
type In<M extends MethodName> = z.output<Contract[M]['input']>;

/** Query string from the defined values only. */
function query(values: Record<string, string | number | boolean | undefined>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined) params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export class BackofficeService {
  constructor(private readonly deps: { central: CentralClient; connectivity: Connectivity }) {}

  private token(session: StationSession): string {
    if (!session.apiToken) throw new AppError('OFFLINE', SIGNED_IN_OFFLINE);
    return session.apiToken;
  }

  /** One call to the central API, its answer checked against the method's own output schema. */
  private async central<M extends MethodName>(session: StationSession, method: M, path: string, body?: unknown): Promise<Out<M>> {
    const token = this.token(session);
    const schema = contract[method].output as unknown as z.ZodType<Out<M>>;
    try {
      return await this.deps.central.backoffice(token, path, schema, body);
    } catch (err) {
      if (err instanceof AppError && err.code === 'OFFLINE') {
        this.deps.connectivity.markOffline();
        throw new AppError('OFFLINE', NEEDS_CENTRAL);
      }
      throw err;
    }
  }

  listAffiliates(s: StationSession, input: In<'affiliates.list'>) {
    return this.central(s, 'affiliates.list', `/v1/privacy/affiliates${query({ status: input.status })}`);
  }

  decideAffiliate(s: StationSession, input: In<'affiliates.decide'>) {
    const { affiliateId, ...body } = input;
    return this.central(s, 'affiliates.decide', `/v1/privacy/affiliates/${affiliateId}/decisions`, body);
  }

  campaignOptions(s: StationSession) {
    return this.central(s, 'campaigns.options', '/v1/privacy/campaigns/options');
  }

  previewCampaign(s: StationSession, input: In<'campaigns.preview'>) {
    return this.central(s, 'campaigns.preview', '/v1/privacy/campaigns/preview', input);
  }

  exportCampaign(s: StationSession, input: In<'campaigns.export'>) {
    return this.central(s, 'campaigns.export', '/v1/privacy/campaigns', input);
  }

  listCampaigns(s: StationSession) {
    return this.central(s, 'campaigns.list', '/v1/privacy/campaigns');
  }

  aggregateReport(s: StationSession, input: In<'reports.aggregate'>) {
    return this.central(s, 'reports.aggregate', '/v1/privacy/reports/aggregate', input);
  }

  exportReport(s: StationSession, input: In<'reports.exportCsv'>) {
    return this.central(s, 'reports.exportCsv', '/v1/privacy/reports/exports', input);
  }

  moderationQueue(s: StationSession, input: In<'reviews.moderationQueue'>) {
    return this.central(s, 'reviews.moderationQueue', `/v1/privacy/reviews/queue${query({ includeUnflagged: input.includeUnflagged, limit: input.limit })}`);
  }

  moderateReview(s: StationSession, input: In<'reviews.moderate'>) {
    const { reviewId, ...body } = input;
    return this.central(s, 'reviews.moderate', `/v1/privacy/reviews/${reviewId}/moderation`, body);
  }

  previewStatements(s: StationSession, input: In<'statements.preview'>) {
    return this.central(s, 'statements.preview', '/v1/privacy/statements/preview', input);
  }

  exportStatements(s: StationSession, input: In<'statements.export'>) {
    return this.central(s, 'statements.export', '/v1/privacy/statements/exports', input);
  }

  listDisclosures(s: StationSession, input: In<'disclosures.list'>) {
    return this.central(s, 'disclosures.list', `/v1/privacy/disclosures${query({ kind: input.kind, from: input.from, to: input.to, limit: input.limit })}`);
  }

  recordLegalRequest(s: StationSession, input: In<'disclosures.recordLegalRequest'>) {
    return this.central(s, 'disclosures.recordLegalRequest', '/v1/privacy/disclosures/legal-requests', input);
  }

  exportDisclosures(s: StationSession, input: In<'disclosures.exportCsv'>) {
    return this.central(s, 'disclosures.exportCsv', '/v1/privacy/disclosures/exports', input);
  }

  policyVersions(s: StationSession) {
    return this.central(s, 'policy.versions', '/v1/privacy/policy');
  }

  publishPolicyVersion(s: StationSession, input: In<'policy.publishVersion'>) {
    return this.central(s, 'policy.publishVersion', '/v1/privacy/policy/versions', input);
  }

  declareUse(s: StationSession, input: In<'policy.declareUse'>) {
    return this.central(s, 'policy.declareUse', '/v1/privacy/policy/uses', input);
  }

  recordConsent(s: StationSession, input: In<'policy.recordConsent'>) {
    return this.central(s, 'policy.recordConsent', '/v1/privacy/policy/consents', input);
  }

  searchAudit(s: StationSession, input: In<'audit.search'>) {
    const { staffUsername, customerId, from, to, limit, before } = input;
    return this.central(s, 'audit.search', `/v1/audit${query({ staffUsername, customerId, from, to, limit, before })}`);
  }

  exportAudit(s: StationSession, input: In<'audit.exportCsv'>) {
    return this.central(s, 'audit.exportCsv', '/v1/audit/exports', input);
  }
}
