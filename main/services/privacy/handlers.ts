import type { Services } from '../../host/services';
import type { privacyMethods } from '../../../core/privacy/contract';
import { type HandlersFor, requireSession } from '../../host/handler-types';

export function privacyHandlers(s: Services): HandlersFor<typeof privacyMethods> {
  return {
    // Privacy back office (issue #7): central-only, with the staff member's own token.
    'privacy.affiliates.list': (input, ctx) => s.privacy.listAffiliates(requireSession(ctx), input),
    'privacy.affiliates.decide': (input, ctx) => s.privacy.decideAffiliate(requireSession(ctx), input),
    'privacy.campaigns.options': (_input, ctx) => s.privacy.campaignOptions(requireSession(ctx)),
    'privacy.campaigns.preview': (input, ctx) => s.privacy.previewCampaign(requireSession(ctx), input),
    'privacy.campaigns.export': (input, ctx) => s.privacy.exportCampaign(requireSession(ctx), input),
    'privacy.campaigns.list': (_input, ctx) => s.privacy.listCampaigns(requireSession(ctx)),
    'privacy.reports.aggregate': (input, ctx) => s.privacy.aggregateReport(requireSession(ctx), input),
    'privacy.reports.export': (input, ctx) => s.privacy.exportReport(requireSession(ctx), input),
    'privacy.reviews.queue': (input, ctx) => s.privacy.moderationQueue(requireSession(ctx), input),
    'privacy.reviews.moderate': (input, ctx) => s.privacy.moderateReview(requireSession(ctx), input),
    'privacy.statements.preview': (input, ctx) => s.privacy.previewStatements(requireSession(ctx), input),
    'privacy.statements.export': (input, ctx) => s.privacy.exportStatements(requireSession(ctx), input),
    'privacy.disclosures.list': (input, ctx) => s.privacy.listDisclosures(requireSession(ctx), input),
    'privacy.disclosures.recordLegalRequest': (input, ctx) => s.privacy.recordLegalRequest(requireSession(ctx), input),
    'privacy.disclosures.export': (input, ctx) => s.privacy.exportDisclosures(requireSession(ctx), input),
    'privacy.policy.overview': (_input, ctx) => s.privacy.policyVersions(requireSession(ctx)),
    'privacy.policy.publishVersion': (input, ctx) => s.privacy.publishPolicyVersion(requireSession(ctx), input),
    'privacy.policy.declareUse': (input, ctx) => s.privacy.declareUse(requireSession(ctx), input),
    'privacy.policy.recordConsent': (input, ctx) => s.privacy.recordConsent(requireSession(ctx), input),
  };
}
