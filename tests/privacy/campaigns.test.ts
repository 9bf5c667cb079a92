/**
 * policy: "You can go to the Netflix Subscriptions Page and request that your
 * name be excluded from these mailings with our marketing partners. We may
 * use a vendor to carry out these mailings. However, the partner company
 * never sees your email address or any other information that could identify
 * you or be used to contact you directly." and "We use your telephone number
 * only if there is an order-related issue, not for marketing purposes."
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignExport, CampaignPreview } from '../../core/privacy/campaigns';
import { PARTNER_HEADER, VENDOR_EMAIL_HEADER, VENDOR_KEY_HEADER, VENDOR_POSTAL_HEADER } from '../../core/privacy/campaigns';
import { sha256Of } from '../../api/privacy/disclosures';
import { databaseTargets } from '../api/harness';
import { addCustomer, addShipment, addTitle, apiWorld, countRows, type ApiWorld, type BuiltCustomer } from '../api/world';
import { EMAIL_PATTERN, parseCsv, phoneForms } from './exported-files';

const DAY = 24 * 60 * 60 * 1000;
const daysAgo = (n: number) => new Date(Date.now() - n * DAY).toISOString();

describe.each(databaseTargets)('partner campaigns on $name', (target) => {
  let world: ApiWorld;
  let everyone: BuiltCustomer[];
  const c: Record<string, BuiltCustomer> = {};

  const definition = (channel: 'postal' | 'email', extra: Record<string, unknown> = {}) => ({
    name: `Noir nights ${channel}`, partnerName: 'Criterion Club', vendorName: 'Acme Mailing House', channel,
    criteria: { genres: ['Noir'], rentedWithinDays: 60, states: ['CA', 'OR'], plans: [] }, ...extra,
  });

  beforeAll(async () => {
    world = await apiWorld(target);
    const k = world.knex;
    const noir = await addTitle(k, 'Noir', 'The Long Goodbye');
    const comedy = await addTitle(k, 'Comedy', 'Airplane!');
    c.ann = await addCustomer(k, { fullName: 'Ann Noir', state: 'CA', phone: '+14155550111' });
    c.bob = await addCustomer(k, { fullName: 'Bob Noir', state: 'OR', phone: '+15035550122' });
    c.cid = await addCustomer(k, { fullName: 'Cid Noir', state: 'CA', phone: null });
    c.optedOut = await addCustomer(k, { fullName: 'Olga Optout', state: 'CA', partnerExcluded: true });
    c.noPostal = await addCustomer(k, { fullName: 'Pia Nopost', state: 'CA', postalOffers: false });
    c.noEmail = await addCustomer(k, { fullName: 'Emil Nomail', state: 'CA', emailPromotions: false });
    c.oldPolicy = await addCustomer(k, { fullName: 'Vera Unknownversion', state: 'CA', policyVersion: '2002-01' });
    c.closed = await addCustomer(k, { fullName: 'Clara Closed', state: 'CA', status: 'closed' });
    c.texan = await addCustomer(k, { fullName: 'Tex Outofregion', state: 'TX' });
    c.stale = await addCustomer(k, { fullName: 'Stan Longago', state: 'CA' });
    c.comedy = await addCustomer(k, { fullName: 'Carla Comedy', state: 'CA' });
    for (const who of ['ann', 'bob', 'cid', 'optedOut', 'noPostal', 'noEmail', 'oldPolicy', 'closed', 'texan']) await addShipment(k, c[who]!, noir, daysAgo(10));
    await addShipment(k, c.stale!, noir, daysAgo(200));
    await addShipment(k, c.comedy!, comedy, daysAgo(5));
    everyone = Object.values(c);
  });
  afterAll(async () => world?.close());

  function assertNoContactDetails(content: string, opts: { emails: boolean }) {
    const cells = parseCsv(content).flat();
    for (const person of everyone) {
      for (const form of phoneForms(person.phone)) expect(content, `phone of ${person.fullName}`).not.toContain(form);
      expect(content).not.toContain(person.fullName);
      expect(content.toUpperCase()).not.toContain(person.fullName.toUpperCase());
      expect(content).not.toContain(person.pseudonym);
      if (!opts.emails) expect(content).not.toContain(person.email);
    }
    if (!opts.emails) expect(cells.filter((cell) => EMAIL_PATTERN.test(cell))).toEqual([]);
    // No cell anywhere looks like a phone number, whoever's it is.
    expect(cells.filter((cell) => /^\+?1?[\s.-]?\(?\d{3}\)?[\s.-]?\d{3}[\s.-]?\d{4}$/.test(cell))).toEqual([]);
  }

  it('a preview counts who matches and why each left-out customer is left out', async () => {
    const preview = await world.ok<CampaignPreview>('POST', '/v1/privacy/campaigns/preview', definition('postal'));
    expect(preview).toEqual({
      matched: 8,
      excluded: { inactive: 1, optedOut: 1, channelPreference: 1, consent: 1, noAddress: 0 },
      eligible: 4,
      requiresVersion: '2003-06',
    });
    const email = await world.ok<CampaignPreview>('POST', '/v1/privacy/campaigns/preview', definition('email'));
    expect(email.excluded.channelPreference).toBe(1);
    expect(email.eligible).toBe(4);
  });

  it('a postal campaign gives the vendor token + postal address only, and the partner counts + tokens only', async () => {
    const result = await world.ok<CampaignExport>('POST', '/v1/privacy/campaigns', definition('postal'));
    expect(result.files.map((f) => f.audience)).toEqual(['vendor', 'partner']);
    const [vendor, partner] = result.files as [CampaignExport['files'][0], CampaignExport['files'][0]];

    const vendorRows = parseCsv(vendor.content);
    expect(vendor.content.split('\r\n')[0]).toBe('vendor_token,line1,line2,city,state,zip5,zip4');
    expect(vendorRows[0]).toEqual([...VENDOR_POSTAL_HEADER]);
    const recipients = (await world.knex('campaign_recipients').where({ campaign_id: result.campaign.id })) as { customer_id: number; vendor_token: string }[];
    const byToken = new Map(recipients.map((r) => [r.vendor_token, Number(r.customer_id)]));
    expect([...byToken.values()].sort((a, b) => a - b)).toEqual([c.ann!.id, c.bob!.id, c.cid!.id, c.noEmail!.id].sort((a, b) => a - b));
    for (const [token, line1, line2, city, state, zip5, zip4] of vendorRows.slice(1) as string[][]) {
      expect(token).toMatch(/^vt_[0-9a-f]{20}$/);
      const who = everyone.find((p) => p.id === byToken.get(token!))!;
      expect([line1, line2, city, state, zip5, zip4]).toEqual([who.line1, '', who.city, who.state, who.zip5, '1234']);
    }
    assertNoContactDetails(vendor.content, { emails: false });

    const partnerRows = parseCsv(partner.content);
    expect(partner.content.split('\r\n')[0]).toBe('campaign_ref,channel,recipient_count,vendor_token');
    expect(partnerRows[0]).toEqual([...PARTNER_HEADER]);
    expect(partnerRows.slice(1).map((r) => r.slice(0, 3))).toEqual(Array(4).fill([result.campaign.id, 'postal', '4']));
    expect(new Set(partnerRows.slice(1).map((r) => r[3]))).toEqual(new Set(byToken.keys()));
    assertNoContactDetails(partner.content, { emails: false });
    for (const person of everyone) for (const part of [person.line1, person.zip5]) expect(partner.content).not.toContain(part);
  });

  it('customers who asked to be left out, switched the channel off, or have not consented are never in any file', async () => {
    const result = await world.ok<CampaignExport>('POST', '/v1/privacy/campaigns', definition('postal', { name: 'Noir again' }));
    const ids = ((await world.knex('campaign_recipients').where({ campaign_id: result.campaign.id }).pluck('customer_id')) as number[]).map(Number);
    for (const left of [c.optedOut, c.noPostal, c.oldPolicy, c.closed, c.texan, c.stale, c.comedy]) expect(ids).not.toContain(left!.id);
    for (const file of result.files) for (const left of [c.optedOut, c.noPostal, c.oldPolicy]) expect(file.content).not.toContain(left!.line1);
  });

  it('an email campaign: the vendor list is tokens only, the key file maps them to emails for the vendor, the partner file has no email', async () => {
    const result = await world.ok<CampaignExport>('POST', '/v1/privacy/campaigns', definition('email'));
    expect(result.files.map((f) => [f.audience, f.filename.endsWith('-key-file.csv')])).toEqual([['vendor', false], ['vendor', true], ['partner', false]]);
    const [list, keys, partner] = result.files as [CampaignExport['files'][0], CampaignExport['files'][0], CampaignExport['files'][0]];
    expect(parseCsv(list.content)[0]).toEqual([...VENDOR_EMAIL_HEADER]);
    expect(parseCsv(list.content).slice(1).every((r) => r.length === 1 && /^vt_[0-9a-f]{20}$/.test(r[0]!))).toBe(true);
    assertNoContactDetails(list.content, { emails: false });

    expect(parseCsv(keys.content)[0]).toEqual([...VENDOR_KEY_HEADER]);
    const recipients = (await world.knex('campaign_recipients').where({ campaign_id: result.campaign.id })) as { customer_id: number; vendor_token: string }[];
    const expected = recipients.map((r) => [r.vendor_token, everyone.find((p) => p.id === Number(r.customer_id))!.email]).sort();
    expect(parseCsv(keys.content).slice(1).sort()).toEqual(expected);
    assertNoContactDetails(keys.content, { emails: true });
    expect(recipients.map((r) => Number(r.customer_id))).not.toContain(c.noEmail!.id);

    assertNoContactDetails(partner.content, { emails: false });
    expect(partner.content).not.toContain('@');
  });

  it('vendor tokens are random per campaign: the same customer has unrelated tokens in two campaigns', async () => {
    const rows = (await world.knex('campaign_recipients').where({ customer_id: c.ann!.id })) as { vendor_token: string }[];
    expect(rows.length).toBeGreaterThanOrEqual(3);
    expect(new Set(rows.map((r) => r.vendor_token)).size).toBe(rows.length);
  });

  it('every file of every campaign is in the disclosure register, with its recipient, row count and fingerprint', async () => {
    const result = await world.ok<CampaignExport>('POST', '/v1/privacy/campaigns', definition('email', { name: 'Register check' }));
    const rows = (await world.knex('disclosures').where({ reference: `campaign:${result.campaign.id}` }).orderBy('id')) as Record<string, unknown>[];
    expect(rows.map((r) => [r.export_kind, r.recipient, Number(r.row_count), r.filename, r.content_sha256])).toEqual(
      result.files.map((f) => [
        f.audience === 'partner' ? 'campaign_partner_file' : f.filename.endsWith('-key-file.csv') ? 'campaign_vendor_keys' : 'campaign_vendor_list',
        f.audience === 'partner' ? 'Criterion Club' : 'Acme Mailing House',
        f.rows,
        f.filename,
        sha256Of(f.content),
      ]),
    );
  });

  it('an export whose register row cannot be written leaves no campaign, no tokens and no file', async () => {
    const before = await Promise.all(['campaigns', 'campaign_recipients', 'disclosures'].map((t) => countRows(world.knex, t)));
    await world.knex.schema.renameTable('disclosures', 'disclosures_away');
    try {
      const res = await world.call('supervisor', 'POST', '/v1/privacy/campaigns', definition('postal', { name: 'Doomed' }));
      expect(res.statusCode).toBe(500);
    } finally {
      await world.knex.schema.renameTable('disclosures_away', 'disclosures');
    }
    expect(await Promise.all(['campaigns', 'campaign_recipients', 'disclosures'].map((t) => countRows(world.knex, t)))).toEqual(before);
  });

  it('a campaign nobody fits is refused in words and exports nothing', async () => {
    const before = await countRows(world.knex, 'disclosures');
    const res = await world.call('supervisor', 'POST', '/v1/privacy/campaigns', definition('postal', { criteria: { genres: ['Noir'], rentedWithinDays: 60, states: ['WY'], plans: [] } }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/No customer fits this campaign/);
    expect(await countRows(world.knex, 'disclosures')).toBe(before);
  });

  it('a rep cannot preview or export a campaign', async () => {
    for (const url of ['/v1/privacy/campaigns/preview', '/v1/privacy/campaigns']) {
      const res = await world.call('cs_rep', 'POST', url, definition('postal'));
      expect(res.statusCode).toBe(403);
    }
  });
});
