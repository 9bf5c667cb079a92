/**
 * The privacy back office's station methods (issue #7). Every one is for
 * supervisors and admins only: the role is checked here (station dispatch)
 * and again by the central API's route (requireRole), and each handler works
 * on the central office's data with the signed-in staff member's token.
 */
import { z } from 'zod';
import { method } from '../method';
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

export const privacyMethods = {
  'privacy.affiliates.list': method({
    summary: 'Affiliate applications with their contacts and decision history (used strictly for the affiliate program).',
    input: AffiliateListInputSchema,
    output: AffiliateListSchema,
    roles: SUPERVISORS,
  }),
  'privacy.affiliates.decide': method({
    summary: 'Approve, reject or suspend an affiliate, with a reason; audited.',
    input: AffiliateDecideInputSchema,
    output: AffiliateSchema,
    roles: SUPERVISORS,
  }),
  'privacy.campaigns.options': method({
    summary: 'Genres, states, plans and declared uses a partner campaign can be built from.',
    input: empty,
    output: CampaignOptionsSchema,
    roles: SUPERVISORS,
  }),
  'privacy.campaigns.preview': method({
    summary: 'How many customers a partner campaign would reach, and how many are left out and why (counts only).',
    input: CampaignDefinitionSchema,
    output: CampaignPreviewSchema,
    roles: SUPERVISORS,
  }),
  'privacy.campaigns.export': method({
    summary: 'Create a partner campaign: vendor mailing list (and key file for email), partner file of counts and tokens; recorded in the disclosure register.',
    input: CampaignDefinitionSchema,
    output: CampaignExportSchema,
    roles: SUPERVISORS,
  }),
  'privacy.campaigns.list': method({
    summary: 'Partner campaigns already exported.',
    input: empty,
    output: CampaignListSchema,
    roles: SUPERVISORS,
  }),
  'privacy.reports.aggregate': method({
    summary: 'An aggregate report for partners with every group smaller than k withheld (and what would reveal it).',
    input: ReportInputSchema,
    output: AggregateReportSchema,
    roles: SUPERVISORS,
  }),
  'privacy.reports.export': method({
    summary: 'The same report as a CSV for a named recipient; recorded in the disclosure register.',
    input: ReportExportInputSchema,
    output: ReportExportSchema,
    roles: SUPERVISORS,
  }),
  'privacy.reviews.queue': method({
    summary: 'Pending reviews with the personal information flagged in them, by pseudonym only.',
    input: ModerationQueueInputSchema,
    output: ModerationQueueSchema,
    roles: SUPERVISORS,
  }),
  'privacy.reviews.moderate': method({
    summary: 'Approve, redact (flagged spans replaced, logged without the removed text) or reject a review; audited.',
    input: ModerateInputSchema,
    output: ModerateResultSchema,
    roles: SUPERVISORS,
  }),
  'privacy.statements.preview': method({
    summary: 'Customer quotes from published reviews with every identifying detail removed.',
    input: StatementsInputSchema,
    output: StatementsPreviewSchema,
    roles: SUPERVISORS,
  }),
  'privacy.statements.export': method({
    summary: 'Anonymous customer quotes as a CSV for a named recipient; recorded in the disclosure register.',
    input: StatementsExportInputSchema,
    output: StatementsExportSchema,
    roles: SUPERVISORS,
  }),
  'privacy.disclosures.list': method({
    summary: 'The disclosure register: legal requests and every export of customer data.',
    input: DisclosureFilterSchema,
    output: DisclosureListSchema,
    roles: SUPERVISORS,
  }),
  'privacy.disclosures.recordLegalRequest': method({
    summary: 'Record a disclosure required by law: requesting party, legal basis, scope, approver, date.',
    input: LegalRequestInputSchema,
    output: DisclosureSchema,
    roles: SUPERVISORS,
  }),
  'privacy.disclosures.export': method({
    summary: 'The disclosure register as a CSV (the export itself is recorded in it).',
    input: DisclosureFilterSchema,
    output: DisclosureExportSchema,
    roles: SUPERVISORS,
  }),
  'privacy.policy.overview': method({
    summary: 'Policy versions, how many customers accepted each, and the declared uses of data with the version each needs.',
    input: empty,
    output: PolicyOverviewSchema,
    roles: SUPERVISORS,
  }),
  'privacy.policy.publishVersion': method({
    summary: 'Publish a new policy version and queue a notice-and-consent email to every customer who has not accepted it.',
    input: PublishVersionInputSchema,
    output: PublishVersionResultSchema,
    roles: SUPERVISORS,
  }),
  'privacy.policy.declareUse': method({
    summary: 'Declare a new use of data with the policy version that permits it.',
    input: DeclareUseInputSchema,
    output: DataUseSchema,
    roles: SUPERVISORS,
  }),
  'privacy.policy.recordConsent': method({
    summary: "Record a customer's consent to a policy version (a reply received by mail, phone or email).",
    input: RecordConsentInputSchema,
    output: RecordConsentResultSchema,
    roles: SUPERVISORS,
  }),
} as const;
