/**
 * policy: "Customers should check back for updates to this policy. Netflix
 * will obtain email consent from any user if the company is going to be
 * using the information collected in a manner different from that stated
 * when the user registered."
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CampaignPreview } from '../../core/privacy/campaigns';
import type { PolicyOverview } from '../../core/privacy/policy';
import { DEMO_POLICY_VERSION } from '../../core/demo/options';
import { BASELINE_POLICY_VERSION } from '../../core/privacy/policy';
import { databaseTargets } from '../api/harness';
import { addCustomer, addShipment, addTitle, apiWorld, type ApiWorld, type BuiltCustomer } from '../api/world';

describe('the baseline policy version', () => {
  it('is the version demo customers accepted at registration', () => {
    expect(BASELINE_POLICY_VERSION).toBe(DEMO_POLICY_VERSION);
  });
});

describe.each(databaseTargets)('policy versions and consent on $name', (target) => {
  let world: ApiWorld;
  const people: BuiltCustomer[] = [];
  const campaign = (dataUse?: string) => ({
    name: 'Email partners', partnerName: 'Criterion Club', vendorName: 'Acme Mailing House', channel: 'email',
    criteria: { genres: ['Noir'], rentedWithinDays: 30, states: [], plans: [] }, ...(dataUse ? { dataUse } : {}),
  });

  beforeAll(async () => {
    world = await apiWorld(target);
    const noir = await addTitle(world.knex, 'Noir');
    for (let i = 0; i < 3; i++) {
      const p = await addCustomer(world.knex, { state: 'CA' });
      await addShipment(world.knex, p, noir, new Date(Date.now() - 86_400_000).toISOString());
      people.push(p);
    }
    await addCustomer(world.knex, { status: 'closed' });
  });
  afterAll(async () => world?.close());

  it('starts with the 2003-06 policy and the uses it states, partner mailings among them', async () => {
    const overview = await world.ok<PolicyOverview>('GET', '/v1/privacy/policy');
    expect(overview.versions.map((v) => [v.version, v.customersAccepted])).toEqual([['2003-06', 3]]);
    expect(overview.uses.map((u) => u.name)).toEqual(expect.arrayContaining(['partner_mailings', 'aggregate_reports', 'anonymous_statements']));
    expect(overview.uses.every((u) => u.requiresVersion === '2003-06' && u.declaredBy === null)).toBe(true);
  });

  it('publishing a version queues one notice-and-consent email per active customer who has not accepted it', async () => {
    world.api.clock.advance(1000);
    const res = await world.ok<{ noticesQueued: number }>('POST', '/v1/privacy/policy/versions', { version: '2004-01', summary: 'Partner offers by email need your consent.' });
    expect(res.noticesQueued).toBe(3);
    const notices = await world.knex('consent_notices').where({ version: '2004-01' }).orderBy('customer_id');
    expect(notices.map((n: { customer_id: number }) => Number(n.customer_id))).toEqual(people.map((p) => p.id));
    expect(notices.every((n: { sent_at: string | null }) => n.sent_at === null)).toBe(true);
    const again = await world.call('supervisor', 'POST', '/v1/privacy/policy/versions', { version: '2004-01', summary: 'Partner offers by email need your consent.' });
    expect(again.statusCode).toBe(409);
  });

  it('a new use is declared with the version that permits it; customers who have not consented to it are left out', async () => {
    const use = await world.ok<{ name: string; customersConsented: number }>('POST', '/v1/privacy/policy/uses', {
      name: 'partner_mailings_email_v2', description: 'Partner offers by email, as the 2004-01 policy describes.', requiresVersion: '2004-01',
    });
    expect(use).toMatchObject({ name: 'partner_mailings_email_v2', customersConsented: 0 });
    const gated = await world.ok<CampaignPreview>('POST', '/v1/privacy/campaigns/preview', campaign('partner_mailings_email_v2'));
    expect(gated).toMatchObject({ matched: 3, eligible: 0, requiresVersion: '2004-01', excluded: { consent: 3 } });
    const baseline = await world.ok<CampaignPreview>('POST', '/v1/privacy/campaigns/preview', campaign());
    expect(baseline.eligible).toBe(3);
  });

  it('a customer’s consent to the new version is a consent event, and brings them into the new use', async () => {
    const res = await world.ok<{ changed: boolean; policyVersion: string }>('POST', '/v1/privacy/policy/consents', { customerId: people[0]!.id, version: '2004-01', channel: 'email' });
    expect(res).toEqual({ customerId: people[0]!.id, policyVersion: '2004-01', changed: true });
    const event = await world.knex('consent_events').where({ customer_id: people[0]!.id, field: 'policy_version' }).first();
    expect(event).toMatchObject({ old_value: '2003-06', new_value: '2004-01', policy_version: '2004-01', channel: 'email', staff_id: world.as.supervisor.staff.id });
    expect(await world.knex('customers').where({ id: people[0]!.id }).first()).toMatchObject({ policy_version: '2004-01' });
    const gated = await world.ok<CampaignPreview>('POST', '/v1/privacy/campaigns/preview', campaign('partner_mailings_email_v2'));
    expect(gated).toMatchObject({ eligible: 1, excluded: { consent: 2 } });
    // Accepting 2004-01 includes what 2003-06 permitted.
    expect((await world.ok<CampaignPreview>('POST', '/v1/privacy/campaigns/preview', campaign())).eligible).toBe(3);
    const older = await world.ok<{ changed: boolean }>('POST', '/v1/privacy/policy/consents', { customerId: people[0]!.id, version: '2003-06', channel: 'mail' });
    expect(older.changed).toBe(false);
  });

  it('a campaign naming a use nobody declared is refused', async () => {
    const res = await world.call('supervisor', 'POST', '/v1/privacy/campaigns/preview', campaign('sell_to_list_brokers'));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.message).toMatch(/No use of data called "sell_to_list_brokers"/);
  });

  it('a use cannot name a version that was never published', async () => {
    const res = await world.call('supervisor', 'POST', '/v1/privacy/policy/uses', { name: 'future_use', description: 'Something not yet in any policy.', requiresVersion: '2099-01' });
    expect(res.statusCode).toBe(400);
  });
});
