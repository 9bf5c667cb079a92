/**
 * The affiliate program: applications and the decisions on them.
 *
 * policy: "We ask affiliates for their site name (URL), mailing address,
 * primary contact, pay-to address, technical contact, and other site-related
 * information to determine whether a site will be included in our Affiliate
 * Network. ... The information collected from our affiliates is used strictly
 * for that program; none of this information is used for general marketing
 * purposes." Nothing in the marketing side (campaigns, reports) imports this file.
 */
import { z } from 'zod';
import { ReasonSchema, StaffRefSchema } from './common';

export const AffiliateStatusSchema = z.enum(['applied', 'approved', 'rejected', 'suspended']);
export type AffiliateStatus = z.infer<typeof AffiliateStatusSchema>;

export const AffiliateDecisionKindSchema = z.enum(['approve', 'reject', 'suspend']);
export type AffiliateDecisionKind = z.infer<typeof AffiliateDecisionKindSchema>;

/** The one status machine of the program: which decision may follow which status, and where it leads. */
const TRANSITIONS: Readonly<Record<AffiliateDecisionKind, { from: readonly AffiliateStatus[]; to: AffiliateStatus }>> = {
  approve: { from: ['applied', 'suspended'], to: 'approved' },
  reject: { from: ['applied'], to: 'rejected' },
  suspend: { from: ['approved'], to: 'suspended' },
};

/** The status a decision leads to, or null when the decision does not apply to the current status. */
export function affiliateStatusAfter(current: AffiliateStatus, decision: AffiliateDecisionKind): AffiliateStatus | null {
  const rule = TRANSITIONS[decision];
  return rule.from.includes(current) ? rule.to : null;
}

export function decisionsAllowed(current: AffiliateStatus): AffiliateDecisionKind[] {
  return AffiliateDecisionKindSchema.options.filter((d) => affiliateStatusAfter(current, d) !== null);
}

export const AffiliateDecisionSchema = z.object({
  id: z.string(),
  decision: AffiliateDecisionKindSchema,
  fromStatus: AffiliateStatusSchema,
  toStatus: AffiliateStatusSchema,
  reason: z.string(),
  staff: StaffRefSchema,
  at: z.string(),
});
export type AffiliateDecision = z.infer<typeof AffiliateDecisionSchema>;

export const AffiliateSchema = z.object({
  id: z.number().int(),
  siteName: z.string(),
  siteUrl: z.string(),
  mailingAddress: z.string(),
  primaryContact: z.string(),
  payToAddress: z.string(),
  technicalContact: z.string(),
  status: AffiliateStatusSchema,
  createdAt: z.string(),
  decisions: z.array(AffiliateDecisionSchema),
});
export type Affiliate = z.infer<typeof AffiliateSchema>;

export const AffiliateListInputSchema = z.object({ status: AffiliateStatusSchema.optional() }).strict();
export const AffiliateListSchema = z.object({ affiliates: z.array(AffiliateSchema) });

export const AffiliateDecideInputSchema = z
  .object({ affiliateId: z.number().int().positive(), decision: AffiliateDecisionKindSchema, reason: ReasonSchema })
  .strict();
export type AffiliateDecideInput = z.infer<typeof AffiliateDecideInputSchema>;
