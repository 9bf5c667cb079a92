/**
 * Partner campaigns sent through a mailing vendor.
 *
 * policy: "We do not automatically include our users in any particular
 * marketing promotion; instead, we use a variety of factors, including user
 * activity at the Netflix site, to determine the appropriate users. You can
 * ... request that your name be excluded from these mailings with our
 * marketing partners. We may use a vendor to carry out these mailings.
 * However, the partner company never sees your email address or any other
 * information that could identify you or be used to contact you directly."
 *
 * Files (one set per campaign, tokens random per campaign):
 * - vendor mailing list: the vendor token and, for a postal mailing, the
 *   postal address; for an email mailing the token only;
 * - vendor key file (email mailings only): token -> email, handed to the
 *   vendor's address-resolution step separately and never part of what the
 *   partner receives;
 * - partner file: the campaign's counts and the vendor tokens, nothing else.
 * No file carries a phone number (policy: "We use your telephone number only
 * if there is an order-related issue, not for marketing purposes").
 */
import { z } from 'zod';
import { DataUseNameSchema, PARTNER_MAILINGS_USE } from './policy';
import { DownloadFileSchema } from './files';

export const CampaignChannelSchema = z.enum(['postal', 'email']);
export type CampaignChannel = z.infer<typeof CampaignChannelSchema>;

/** Exact CSV headers: tests assert them, vendors and partners load them. */
export const VENDOR_POSTAL_HEADER = ['vendor_token', 'line1', 'line2', 'city', 'state', 'zip5', 'zip4'] as const;
export const VENDOR_EMAIL_HEADER = ['vendor_token'] as const;
export const VENDOR_KEY_HEADER = ['vendor_token', 'email'] as const;
export const PARTNER_HEADER = ['campaign_ref', 'channel', 'recipient_count', 'vendor_token'] as const;

const StateCode = z.string().trim().toUpperCase().regex(/^[A-Z]{2}$/, 'Use two-letter state codes, e.g. CA.');

export const CampaignCriteriaSchema = z
  .object({
    /** Rented a title of one of these genres ... */
    genres: z.array(z.string().trim().min(1).max(40)).min(1, 'Pick at least one genre.').max(20),
    /** ... shipped within the last N days. */
    rentedWithinDays: z.number().int().min(1, 'At least 1 day.').max(730, 'At most 730 days.'),
    /** Current shipping address in one of these states; empty = every state. */
    states: z.array(StateCode).max(60),
    /** Plan (discs out at a time); empty = every plan. */
    plans: z.array(z.number().int().min(1).max(8)).max(8),
  })
  .strict();
export type CampaignCriteria = z.infer<typeof CampaignCriteriaSchema>;

export const CampaignDefinitionSchema = z
  .object({
    name: z.string().trim().min(3, 'Name the campaign (at least 3 characters).').max(80),
    partnerName: z.string().trim().min(2, 'Name the partner company.').max(80),
    vendorName: z.string().trim().min(2, 'Name the mailing vendor.').max(80),
    channel: CampaignChannelSchema,
    /** The declared use of data this campaign is (policy versions): customers who have not consented to it are left out. */
    dataUse: DataUseNameSchema.default(PARTNER_MAILINGS_USE),
    criteria: CampaignCriteriaSchema,
  })
  .strict();
export type CampaignDefinition = z.infer<typeof CampaignDefinitionSchema>;

/** How many customers match and why each left-out group is left out: counts only, for the supervisor. */
export const CampaignPreviewSchema = z.object({
  matched: z.number().int(),
  excluded: z.object({
    /** Closed accounts. */
    inactive: z.number().int(),
    /** partner_mailings_excluded: the customer asked to be left out of partner mailings. */
    optedOut: z.number().int(),
    /** postal_offers off (postal) or email_promotions off (email). */
    channelPreference: z.number().int(),
    /** Has not accepted the policy version the campaign's use requires. */
    consent: z.number().int(),
    /** Postal only: no current shipping address. */
    noAddress: z.number().int(),
  }),
  eligible: z.number().int(),
  requiresVersion: z.string(),
});
export type CampaignPreview = z.infer<typeof CampaignPreviewSchema>;

export const CampaignSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  partnerName: z.string(),
  vendorName: z.string(),
  channel: CampaignChannelSchema,
  dataUse: z.string(),
  criteria: CampaignCriteriaSchema,
  recipients: z.number().int(),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type CampaignSummary = z.infer<typeof CampaignSummarySchema>;

export const CampaignListSchema = z.object({ campaigns: z.array(CampaignSummarySchema) });

export const CampaignExportSchema = z.object({
  campaign: CampaignSummarySchema,
  preview: CampaignPreviewSchema,
  files: z.array(DownloadFileSchema),
});
export type CampaignExport = z.infer<typeof CampaignExportSchema>;

export const CampaignOptionsSchema = z.object({
  genres: z.array(z.string()),
  states: z.array(z.string()),
  plans: z.array(z.number().int()),
  dataUses: z.array(z.object({ name: z.string(), requiresVersion: z.string() })),
});
export type CampaignOptions = z.infer<typeof CampaignOptionsSchema>;
