/**
 * Policy versions and the uses of data each version permits.
 *
 * policy: "Netflix will obtain email consent from any user if the company is
 * going to be using the information collected in a manner different from that
 * stated when the user registered." A use of data names the policy version
 * that first permits it; a customer who has not accepted that version (or a
 * later one) is left out of the use, and a new version queues a
 * notice-and-consent email to every customer who has not accepted it.
 */
import { z } from 'zod';
import { StaffRefSchema } from './common';

/** The policy every customer accepted at registration (the 2003-06-22 text in ../shared/policy), published by the central migration 004. */
export const BASELINE_POLICY_VERSION = '2003-06';

/** The use partner campaigns declare unless they name another. */
export const PARTNER_MAILINGS_USE = 'partner_mailings';

export const PolicyVersionIdSchema = z
  .string()
  .trim()
  .min(1, 'Name the version, e.g. 2004-01.')
  .max(32, 'Keep the version name under 32 characters.')
  .regex(/^[A-Za-z0-9._-]+$/, 'A version may contain only letters, digits, dot, dash and underscore.');

export const DataUseNameSchema = z
  .string()
  .trim()
  .min(3, 'Name the use with at least 3 characters.')
  .max(60, 'Keep the name under 60 characters.')
  .regex(/^[a-z][a-z0-9_]*$/, 'Use lower-case letters, digits and underscores, e.g. partner_mailings_email.');

export const PolicyVersionSchema = z.object({
  version: z.string(),
  publishedAt: z.string(),
  summary: z.string(),
  /** Customers whose accepted version is this one or a later one. */
  customersAccepted: z.number().int(),
  noticesQueued: z.number().int(),
});
export type PolicyVersion = z.infer<typeof PolicyVersionSchema>;

export const DataUseSchema = z.object({
  name: z.string(),
  description: z.string(),
  requiresVersion: z.string(),
  declaredAt: z.string(),
  declaredBy: StaffRefSchema.nullable(),
  /** Active customers who accepted the version this use needs: the most it may reach. */
  customersConsented: z.number().int(),
});
export type DataUse = z.infer<typeof DataUseSchema>;

export const PolicyOverviewSchema = z.object({
  versions: z.array(PolicyVersionSchema),
  uses: z.array(DataUseSchema),
  activeCustomers: z.number().int(),
});
export type PolicyOverview = z.infer<typeof PolicyOverviewSchema>;

export const PublishVersionInputSchema = z
  .object({ version: PolicyVersionIdSchema, summary: z.string().trim().min(10, 'Summarize what changes, in at least 10 characters.').max(2000) })
  .strict();
export const PublishVersionResultSchema = z.object({ version: z.string(), publishedAt: z.string(), noticesQueued: z.number().int() });

export const DeclareUseInputSchema = z
  .object({
    name: DataUseNameSchema,
    description: z.string().trim().min(10, 'Describe the use in at least 10 characters.').max(500),
    requiresVersion: PolicyVersionIdSchema,
  })
  .strict();

export const ConsentChannelSchema = z.enum(['web', 'email', 'mail', 'phone']);

export const RecordConsentInputSchema = z
  .object({ customerId: z.number().int().positive(), version: PolicyVersionIdSchema, channel: ConsentChannelSchema })
  .strict();
export const RecordConsentResultSchema = z.object({ customerId: z.number().int(), policyVersion: z.string(), changed: z.boolean() });
