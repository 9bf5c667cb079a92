/**
 * The vendor key file of an email campaign: vendor token -> email address.
 *
 * policy: "We may use a vendor to carry out these mailings. However, the
 * partner company never sees your email address" and "By contractual
 * agreement, these companies must treat your information in accordance with
 * this Policy." The mailing vendor needs the address to send the email; the
 * partner must never get it. So email addresses are read here and nowhere in
 * the marketing side (marketing-scope.ts has no email column), and only for
 * the recipients already chosen for one campaign. The file goes to the vendor
 * on its own, is recorded in the disclosure register, and is never part of
 * the partner's deliverable. No phone number is read.
 */
import type { Knex } from 'knex';

export async function vendorKeyRows(trx: Knex.Transaction, campaignId: string): Promise<[token: string, email: string][]> {
  const rows = (await trx('campaign_recipients as r')
    .join('customers as c', 'c.id', 'r.customer_id')
    .where('r.campaign_id', campaignId)
    .orderBy('r.vendor_token')
    .select('r.vendor_token', 'c.email')) as { vendor_token: string; email: string }[];
  return rows.map((r) => [r.vendor_token, r.email]);
}
