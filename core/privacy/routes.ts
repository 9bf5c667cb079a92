/**
 * The central API's privacy back-office routes
 * (`core/routes.ts`). Every one is for supervisors and admins only: the
 * station's dispatch checks the same role group, and the API again, so a
 * station with a modified client still cannot reach them with a rep's token.
 * Exports of a large customer base take longer than a lookup, hence the
 * longer wait.
 */
import { z } from 'zod';
import { route } from '../route';
import { SUPERVISORS } from '../roles';
import { AffiliateDecideInputSchema, AffiliateListInputSchema, AffiliateListSchema, AffiliateSchema } from './affiliates';

import { CampaignDefinitionSchema, CampaignExportSchema, CampaignListSchema, CampaignOptionsSchema, CampaignPreviewSchema } from './campaigns';
import { DisclosureExportSchema, DisclosureFilterSchema, DisclosureListSchema, DisclosureSchema, LegalRequestInputSchema } from './disclosures';
import {
  DataUseSchema, DeclareUseInputSchema, PolicyOverviewSchema, PublishVersionInputSchema, PublishVersionResultSchema, RecordConsentInputSchema,
  RecordConsentResultSchema,
} from './policy';
import { AggregateReportSchema, ReportExportInputSchema, ReportExportSchema, ReportInputSchema } from './reports';
import { ModerateInputSchema, ModerateResultSchema, ModerationQueueInputSchema, ModerationQueueSchema } from './reviews';
import { StatementsExportInputSchema, StatementsExportSchema, StatementsInputSchema, StatementsPreviewSchema } from './statements';

const empty = z.object({}).strict();
const access = SUPERVISORS;
const timeoutMs = 60_000;

export const privacyRoutes = {
  'privacy.affiliates.list': route({
    summary: 'Affiliate applications with their contacts and decisions.',
    verb: 'GET', path: '/v1/privacy/affiliates', access, timeoutMs,
    input: AffiliateListInputSchema, output: AffiliateListSchema,
  }),
  'privacy.affiliates.decide': route({
    summary: 'Approve, reject or suspend an affiliate, with a reason; audited.',
    verb: 'POST', path: '/v1/privacy/affiliates/:affiliateId/decisions', access, timeoutMs,
    input: AffiliateDecideInputSchema, output: AffiliateSchema,
  }),
  'privacy.campaigns.options': route({
    summary: 'Genres, states, plans and declared uses a partner campaign can be built from.',
    verb: 'GET', path: '/v1/privacy/campaigns/options', access, timeoutMs,
    input: empty, output: CampaignOptionsSchema,
  }),
  'privacy.campaigns.preview': route({
    summary: 'How many customers a partner campaign would reach, and how many are left out and why.',
    verb: 'POST', path: '/v1/privacy/campaigns/preview', access, timeoutMs,
    input: CampaignDefinitionSchema, output: CampaignPreviewSchema,
  }),
  'privacy.campaigns.export': route({
    summary: 'Create a partner campaign and its files; recorded in the disclosure register.',
    verb: 'POST', path: '/v1/privacy/campaigns', access, timeoutMs,
    input: CampaignDefinitionSchema, output: CampaignExportSchema,
  }),
  'privacy.campaigns.list': route({
    summary: 'Partner campaigns already exported.',
    verb: 'GET', path: '/v1/privacy/campaigns', access, timeoutMs,
    input: empty, output: CampaignListSchema,
  }),
  'privacy.reports.aggregate': route({
    summary: 'An aggregate report with every group smaller than k withheld.',
    verb: 'POST', path: '/v1/privacy/reports/aggregate', access, timeoutMs,
    input: ReportInputSchema, output: AggregateReportSchema,
  }),
  'privacy.reports.export': route({
    summary: 'The same report as a CSV for a named recipient; recorded in the disclosure register.',
    verb: 'POST', path: '/v1/privacy/reports/exports', access, timeoutMs,
    input: ReportExportInputSchema, output: ReportExportSchema,
  }),
  'privacy.reviews.queue': route({
    summary: 'Pending reviews with the personal information flagged in them, by pseudonym only.',
    verb: 'GET', path: '/v1/privacy/reviews/queue', access, timeoutMs,
    input: ModerationQueueInputSchema, output: ModerationQueueSchema,
  }),
  'privacy.reviews.moderate': route({
    summary: 'Approve, redact or reject a review; audited.',
    verb: 'POST', path: '/v1/privacy/reviews/:reviewId/moderation', access, timeoutMs,
    input: ModerateInputSchema, output: ModerateResultSchema,
  }),
  'privacy.statements.preview': route({
    summary: 'Customer quotes from published reviews with every identifying detail removed.',
    verb: 'POST', path: '/v1/privacy/statements/preview', access, timeoutMs,
    input: StatementsInputSchema, output: StatementsPreviewSchema,
  }),
  'privacy.statements.export': route({
    summary: 'Anonymous customer quotes as a CSV for a named recipient; recorded in the disclosure register.',
    verb: 'POST', path: '/v1/privacy/statements/exports', access, timeoutMs,
    input: StatementsExportInputSchema, output: StatementsExportSchema,
  }),
  'privacy.disclosures.list': route({
    summary: 'The disclosure register.',
    verb: 'GET', path: '/v1/privacy/disclosures', access, timeoutMs,
    input: DisclosureFilterSchema, output: DisclosureListSchema,
  }),
  'privacy.disclosures.recordLegalRequest': route({
    summary: 'Record a disclosure required by law.',
    verb: 'POST', path: '/v1/privacy/disclosures/legal-requests', access, timeoutMs,
    input: LegalRequestInputSchema, output: DisclosureSchema,
  }),
  'privacy.disclosures.export': route({
    summary: 'The disclosure register as a CSV (the export itself is recorded in it).',
    verb: 'POST', path: '/v1/privacy/disclosures/exports', access, timeoutMs,
    input: DisclosureFilterSchema, output: DisclosureExportSchema,
  }),
  'privacy.policy.overview': route({
    summary: 'Policy versions, their acceptance, and the declared uses of data.',
    verb: 'GET', path: '/v1/privacy/policy', access, timeoutMs,
    input: empty, output: PolicyOverviewSchema,
  }),
  'privacy.policy.publishVersion': route({
    summary: 'Publish a policy version and queue a notice-and-consent email to every customer who has not accepted it.',
    verb: 'POST', path: '/v1/privacy/policy/versions', access, timeoutMs,
    input: PublishVersionInputSchema, output: PublishVersionResultSchema,
  }),
  'privacy.policy.declareUse': route({
    summary: 'Declare a new use of data with the policy version that permits it.',
    verb: 'POST', path: '/v1/privacy/policy/uses', access, timeoutMs,
    input: DeclareUseInputSchema, output: DataUseSchema,
  }),
  'privacy.policy.recordConsent': route({
    summary: 'Record a customer’s consent to a policy version.',
    verb: 'POST', path: '/v1/privacy/policy/consents', access, timeoutMs,
    input: RecordConsentInputSchema, output: RecordConsentResultSchema,
  }),
} as const;
