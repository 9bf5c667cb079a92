/**
 * Partner campaigns through a mailing vendor: who is selected (marketing-data.ts,
 * through the restricted reader), the per-campaign vendor tokens, the files,
 * and their records in the disclosure register, in one transaction.
 *
 * policy: "In conjunction with these partners, we occasionally send
 * promotional announcements to particular customers. ... We may use a vendor
 * to carry out these mailings. However, the partner company never sees your
 * email address or any other information that could identify you or be used
 * to contact you directly."
 *
 * Vendor tokens: 80 random bits per recipient per campaign, stored only in
 * campaign_recipients. They are not derived from the customer (no hash of an
 * id or email), so a partner holding tokens of two campaigns cannot tell
 * whether they name the same person, and only the central office can map a
 * token back.
 */
import { randomBytes } from 'node:crypto';
import type { Knex } from 'knex';
import { ulid } from 'ulidx';
import { AppError } from '../../core/errors';
import {
  CampaignCriteriaSchema, PARTNER_HEADER, VENDOR_EMAIL_HEADER, VENDOR_KEY_HEADER, VENDOR_POSTAL_HEADER,
  type CampaignDefinition, type CampaignExport, type CampaignOptions, type CampaignPreview, type CampaignSummary,
} from '../../core/privacy/campaigns';
import { safeFilename, type DownloadFile } from '../../core/privacy/files';
import { toCsv } from '../../platform/csv';
import type { Actor } from '../staff/accounts';
import { writeAudit } from '../audit/write-audit';
import { recordFileExport } from './disclosures';
import { marketingReader } from './marketing-scope';
import { marketingDimensions, selectCampaignAudience, type AudienceMember } from './marketing-data';
import { acceptedVersionsFor } from './policy';
import { vendorKeyRows } from './vendor-keys';

export function newVendorToken(): string {
  return `vt_${randomBytes(10).toString('hex')}`;
}

async function audience(db: Knex | Knex.Transaction, def: CampaignDefinition, now: Date) {
  const { requiresVersion, versions } = await acceptedVersionsFor(db, def.dataUse);
  return selectCampaignAudience(marketingReader(db), { channel: def.channel, criteria: def.criteria, acceptedVersions: versions, requiresVersion, now });
}

export async function previewCampaign(knex: Knex, def: CampaignDefinition, now: Date): Promise<CampaignPreview> {
  return (await audience(knex, def, now)).preview;
}

export async function campaignOptions(knex: Knex): Promise<CampaignOptions> {
  const dims = await marketingDimensions(marketingReader(knex));
  const uses = (await knex('data_uses').select('name', 'requires_version').orderBy('name')) as { name: string; requires_version: string }[];
  return { ...dims, dataUses: uses.map((u) => ({ name: u.name, requiresVersion: u.requires_version })) };
}

interface Recipient extends AudienceMember {
  token: string;
}

function vendorListFile(def: CampaignDefinition, campaignId: string, recipients: Recipient[]): DownloadFile {
  const base = safeFilename('vendor', def.vendorName, def.name, campaignId.slice(-6));
  if (def.channel === 'postal') {
    // Presorted by ZIP, as a mailing house wants it; the order says nothing about who the customer is.
    const sorted = [...recipients].sort((a, b) => a.address!.zip5.localeCompare(b.address!.zip5) || a.token.localeCompare(b.token));
    return {
      filename: `${base}-mailing-list.csv`,
      mimeType: 'text/csv',
      content: toCsv(VENDOR_POSTAL_HEADER, sorted.map((r) => [r.token, r.address!.line1, r.address!.line2, r.address!.city, r.address!.state, r.address!.zip5, r.address!.zip4])),
      rows: sorted.length,
      audience: 'vendor',
      description: `For ${def.vendorName}: vendor token and postal address of ${sorted.length} recipients. No names, emails or phone numbers.`,
    };
  }
  const sorted = [...recipients].sort((a, b) => a.token.localeCompare(b.token));
  return {
    filename: `${base}-mailing-list.csv`,
    mimeType: 'text/csv',
    content: toCsv(VENDOR_EMAIL_HEADER, sorted.map((r) => [r.token])),
    rows: sorted.length,
    audience: 'vendor',
    description: `For ${def.vendorName}: the vendor tokens of ${sorted.length} email recipients; addresses come in the separate key file.`,
  };
}

function partnerFile(def: CampaignDefinition, campaignId: string, recipients: Recipient[]): DownloadFile {
  const tokens = recipients.map((r) => r.token).sort();
  return {
    filename: `${safeFilename('partner', def.partnerName, def.name, campaignId.slice(-6))}.csv`,
    mimeType: 'text/csv',
    content: toCsv(PARTNER_HEADER, tokens.map((t) => [campaignId, def.channel, tokens.length, t])),
    rows: tokens.length,
    audience: 'partner',
    description: `For ${def.partnerName}: the recipient count and vendor tokens only. Nothing that identifies or reaches a customer.`,
  };
}

const INSERT_CHUNK = 500;

/**
 * Selects the recipients, gives each a fresh vendor token, writes the files
 * and records every file in the disclosure register, all in one transaction:
 * a file exists only if its record does.
 */
export async function exportCampaign(knex: Knex, def: CampaignDefinition, actor: Actor, now: Date): Promise<CampaignExport> {
  return knex.transaction(async (trx) => {
    const { preview, members } = await audience(trx, def, now);
    if (members.length === 0) {
      throw new AppError('INVALID_INPUT', 'No customer fits this campaign once opt-outs, preferences and consent are applied; nothing was exported.');
    }
    const campaignId = ulid(now.getTime());
    const createdAt = now.toISOString();
    await trx('campaigns').insert({
      id: campaignId,
      name: def.name,
      partner_name: def.partnerName,
      vendor_name: def.vendorName,
      channel: def.channel,
      data_use: def.dataUse,
      criteria: JSON.stringify(def.criteria),
      recipient_count: members.length,
      created_by: actor.staffId,
      station_id: actor.stationId,
      created_at: createdAt,
    });
    const recipients: Recipient[] = members.map((m) => ({ ...m, token: newVendorToken() }));
    for (let i = 0; i < recipients.length; i += INSERT_CHUNK) {
      await trx('campaign_recipients').insert(
        recipients.slice(i, i + INSERT_CHUNK).map((r) => ({ campaign_id: campaignId, customer_id: r.customerId, vendor_token: r.token })),
      );
    }

    const files: DownloadFile[] = [vendorListFile(def, campaignId, recipients)];
    if (def.channel === 'email') {
      const keys = await vendorKeyRows(trx, campaignId);
      files.push({
        filename: `${safeFilename('vendor', def.vendorName, def.name, campaignId.slice(-6))}-key-file.csv`,
        mimeType: 'text/csv',
        content: toCsv(VENDOR_KEY_HEADER, keys),
        rows: keys.length,
        audience: 'vendor',
        description: `For ${def.vendorName} only, sent separately: vendor token to email address. Never to the partner.`,
      });
    }
    files.push(partnerFile(def, campaignId, recipients));

    const vendorBasis = 'Mailing vendor under contract, bound to treat the data per the privacy policy';
    for (const file of files) {
      const isPartner = file.audience === 'partner';
      const isKeys = file.filename.endsWith('-key-file.csv');
      await recordFileExport(
        trx,
        file,
        {
          exportKind: isPartner ? 'campaign_partner_file' : isKeys ? 'campaign_vendor_keys' : 'campaign_vendor_list',
          recipient: isPartner ? def.partnerName : def.vendorName,
          legalBasis: isPartner ? 'Partner mailing: counts and vendor tokens only (no personal information)' : vendorBasis,
          scope: isPartner
            ? `Recipient count and ${file.rows} vendor tokens of campaign "${def.name}"`
            : isKeys
              ? `Email addresses of ${file.rows} customers, keyed by vendor token, campaign "${def.name}"`
              : def.channel === 'postal'
                ? `Postal addresses of ${file.rows} customers, keyed by vendor token, campaign "${def.name}"`
                : `Vendor tokens of ${file.rows} customers, campaign "${def.name}"`,
          reference: `campaign:${campaignId}`,
        },
        actor,
        now,
      );
    }
    await writeAudit(trx, {
      at: now, action: 'campaign.exported', staffId: actor.staffId, stationId: actor.stationId,
      fields: def.channel === 'postal' ? ['address'] : ['email'],
      reason: `partner campaign for ${def.partnerName}`,
      detail: { campaignId, name: def.name, channel: def.channel, recipients: members.length, dataUse: def.dataUse },
    });
    const creator = (await trx('staff').where({ id: actor.staffId }).first('username')) as { username: string } | undefined;
    return {
      campaign: {
        id: campaignId, name: def.name, partnerName: def.partnerName, vendorName: def.vendorName, channel: def.channel, dataUse: def.dataUse,
        criteria: def.criteria, recipients: members.length, createdAt, createdBy: creator?.username ?? actor.staffId,
      },
      preview,
      files,
    };
  });
}

export async function listCampaigns(knex: Knex): Promise<CampaignSummary[]> {
  const rows = (await knex('campaigns as c')
    .join('staff as s', 's.id', 'c.created_by')
    .orderBy('c.id', 'desc')
    .limit(200)
    .select('c.*', 's.username')) as {
    id: string; name: string; partner_name: string; vendor_name: string; channel: 'postal' | 'email'; data_use: string; criteria: string;
    recipient_count: number; created_at: string; username: string;
  }[];
  return rows.map((r) => ({
    id: r.id, name: r.name, partnerName: r.partner_name, vendorName: r.vendor_name, channel: r.channel, dataUse: r.data_use,
    criteria: CampaignCriteriaSchema.parse(JSON.parse(r.criteria)), recipients: Number(r.recipient_count), createdAt: r.created_at, createdBy: r.username,
  }));
}
