/**
 * policy: "We use your telephone number only if there is an order-related
 * issue, not for marketing purposes", and partner mailings honour the
 * exclusion a customer asks for. Proven at the data layer with the export
 * code the privacy back office uses (api/privacy/): a phone number a rep has
 * just put on file, and every other phone on file, is in no file of a partner
 * campaign (vendor list, vendor key file, partner file), whichever channel; a
 * customer the rep excluded on the phone is in none of them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CampaignDefinitionSchema, type CampaignExport } from '../../core/privacy/campaigns';
import { campaignOptions, exportCampaign } from '../../api/privacy/campaigns';
import { MARKETING_COLUMNS, marketingReader } from '../../api/privacy/marketing-scope';
import { customersWithFacts, startCustomersWorld, type CustomersWorld, type Desk } from '../station/world';

let world: CustomersWorld;
let desk: Desk;
const ACTOR = { staffId: 'stf_sue', stationId: 'test-station' };
const NEW_PHONE = { typed: '(917) 555-0123', e164: '+19175550123' };

function phoneForms(phone: string): string[] {
  const national = phone.replace(/\D/g, '').replace(/^1(?=\d{10}$)/, '');
  return [phone, national, `${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`, `(${national.slice(0, 3)}) ${national.slice(3, 6)}-${national.slice(6)}`, `${national.slice(3, 6)}-${national.slice(6)}`];
}

async function campaign(channel: 'postal' | 'email', name: string): Promise<{ out: CampaignExport; recipients: number[] }> {
  const { genres } = await campaignOptions(world.central);
  const def = CampaignDefinitionSchema.parse({
    name, partnerName: 'Criterion Club', vendorName: 'Acme Mailing House', channel,
    criteria: { genres: genres.slice(0, 20), rentedWithinDays: 730, states: [], plans: [] },
  });
  const out = await exportCampaign(world.central, def, ACTOR, new Date());
  const recipients = (await world.central('campaign_recipients').where({ campaign_id: out.campaign.id }).pluck('customer_id')) as number[];
  return { out, recipients: recipients.map(Number) };
}

beforeAll(async () => {
  world = await startCustomersWorld();
  desk = await world.openDesk('desk', 'carl');
});
afterAll(async () => world?.close());

describe('a phone number a rep puts on file never reaches a marketing or partner export', () => {
  it('the marketing reader has no phone column to offer', () => {
    for (const [table, columns] of Object.entries(MARKETING_COLUMNS)) expect(columns as readonly string[], table).not.toContain('phone');
    expect(() => marketingReader(world.central).select('customers', ['id', 'phone' as never])).toThrow(/customers\.phone/);
  });

  it('after a rep sets a phone and an exclusion by phone, every campaign file leaves the phone out and the excluded customer out', async () => {
    const withFacts = new Set(await customersWithFacts(world.central, 30));
    const before = await campaign('postal', 'Before the call');
    const audience = before.recipients.filter((id) => withFacts.has(id));
    expect(audience.length).toBeGreaterThanOrEqual(2);
    const [caller, excluder] = audience as [number, number];

    await desk.verify(caller);
    await desk.call('customers.updateContact', { customerId: caller, phone: NEW_PHONE.typed });
    await desk.verify(excluder);
    await desk.call('customers.setPreference', { customerId: excluder, field: 'partnerMailingsExcluded', value: true });
    await desk.syncUntilQuiet();
    expect((await world.central('customers').where({ id: caller }).first('phone')).phone).toBe(NEW_PHONE.e164);

    const everyPhone = ((await world.central('customers').whereNotNull('phone').pluck('phone')) as string[]);
    expect(everyPhone).toContain(NEW_PHONE.e164);
    for (const channel of ['postal', 'email'] as const) {
      const { out, recipients } = await campaign(channel, `After the call ${channel}`);
      // The customer whose phone changed is still mailed (by token and address), so the files are about them...
      expect(recipients, channel).toContain(caller);
      // ...and the customer who asked to be left out is not.
      expect(recipients, channel).not.toContain(excluder);
      expect(out.files.length).toBeGreaterThanOrEqual(2);
      for (const file of out.files) {
        for (const form of phoneForms(NEW_PHONE.e164)) expect(file.content, `${channel} ${file.filename}`).not.toContain(form);
        for (const phone of everyPhone) expect(file.content, `${channel} ${file.filename}`).not.toContain(phone);
        expect(file.content).not.toMatch(/\+1\d{10}/);
      }
    }
  });
});
