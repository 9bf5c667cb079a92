/**
 * policy: "we subscribe you to various email publications" at registration;
 * "If you no longer want to receive the newsletters, other announcements or
 * postal mail, ... uncheck those items to unsubscribe"; "request that your
 * name be excluded from these mailings with our marketing partners".
 * A rep does it on the caller's behalf: each change is a consent event
 * (customer, field, old -> new, rep, channel phone, policy version, time),
 * written with the preference in one transaction and sent to the central
 * office exactly once.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registrationPreferences } from '../../core/demo/derive';
import { OPT_OUT_VALUE, PREFERENCE_FIELDS } from '../../core/sync/mutators/preferences-set';
import { PREFERENCE_COLUMN, PreferenceKeySchema } from '../../core/customers/schemas';
import { customersWithFacts, startCustomersWorld, type CustomersWorld, type Desk } from '../station/world';

let world: CustomersWorld;
let desk: Desk;
let ids: number[];

beforeAll(async () => {
  world = await startCustomersWorld();
  desk = await world.openDesk('desk', 'carl');
  // Customers who never changed a preference: still on their registration defaults.
  const changed = new Set((await world.central('consent_events').distinct('customer_id').pluck('customer_id')) as number[]);
  ids = (await customersWithFacts(world.central, 40)).filter((id) => !changed.has(id));
});
afterAll(async () => world?.close());

describe('registration defaults', () => {
  it('the demo registers every customer on every email publication and postal offers, partner mailings not excluded', async () => {
    const untouched = await world.central('preferences').whereIn('customer_id', ids);
    expect(untouched.length).toBeGreaterThan(5);
    for (const p of untouched) {
      expect({ ...p, email_newsletter: !!p.email_newsletter, email_offers: !!p.email_offers, email_promotions: !!p.email_promotions, email_surveys: !!p.email_surveys, postal_offers: !!p.postal_offers, partner_mailings_excluded: !!p.partner_mailings_excluded }).toMatchObject(registrationPreferences());
    }
  });

  it('the mutator’s opt-out value of every field is the opposite of its registration default, and the desk edits exactly those fields', () => {
    const defaults = registrationPreferences();
    for (const field of PREFERENCE_FIELDS) expect(OPT_OUT_VALUE[field], field).toBe(!defaults[field]);
    expect(Object.values(PREFERENCE_COLUMN).sort()).toEqual([...PREFERENCE_FIELDS].sort());
    expect(PreferenceKeySchema.options).toHaveLength(PREFERENCE_FIELDS.length);
  });
});

describe('a rep changes preferences for the caller', () => {
  it('unsubscribes from newsletters and excludes from partner mailings: preference and consent event together, channel phone', async () => {
    const id = ids[0]!;
    await desk.verify(id);
    const pendingBefore = (await desk.outbox('pending')).length;
    const atDesk = desk.host.clock.now().toISOString();

    const news = await desk.call('customers.setPreference', { customerId: id, field: 'emailNewsletter', value: false });
    expect(news.preferences).toMatchObject({ emailNewsletter: false, partnerMailingsExcluded: false });
    const partner = await desk.call('customers.setPreference', { customerId: id, field: 'partnerMailingsExcluded', value: true });
    expect(partner.preferences).toMatchObject({ emailNewsletter: false, partnerMailingsExcluded: true, emailOffers: true });

    // One outbox row per change: the preference and its consent event travel as one mutation.
    const queued = (await desk.outbox('pending')).slice(pendingBefore).filter((r) => r.name === 'preferences.set');
    expect(queued.map((r) => JSON.parse(r.args))).toEqual([
      { customerId: id, field: 'email_newsletter', value: false, channel: 'phone' },
      { customerId: id, field: 'partner_mailings_excluded', value: true, channel: 'phone' },
    ]);
    const policyVersion = (await world.central('customers').where({ id }).first('policy_version')).policy_version;
    const events = await desk.knex('consent_events').where({ customer_id: id }).orderBy('at');
    expect(events).toEqual([
      expect.objectContaining({ field: 'email_newsletter', old_value: 'true', new_value: 'false', staff_id: 'stf_carl', channel: 'phone', policy_version: policyVersion }),
      expect.objectContaining({ field: 'partner_mailings_excluded', old_value: 'false', new_value: 'true', staff_id: 'stf_carl', channel: 'phone', policy_version: policyVersion }),
    ]);
    expect(events[0].at >= atDesk).toBe(true);

    // The history the 360 view shows: the rep by name and the channel.
    const history = await desk.call('customers.consentHistory', { customerId: id });
    expect(history.events.slice(0, 2)).toEqual([
      expect.objectContaining({ field: 'partner_mailings_excluded', oldValue: 'false', newValue: 'true', rep: 'Carl Service', staffId: 'stf_carl', channel: 'phone', policyVersion }),
      expect.objectContaining({ field: 'email_newsletter', oldValue: 'true', newValue: 'false', rep: 'Carl Service', channel: 'phone' }),
    ]);

    await desk.syncUntilQuiet();
    await desk.call('sync.now', {});
    const central = await world.central('preferences').where({ customer_id: id }).first();
    expect(!!central.email_newsletter).toBe(false);
    expect(!!central.partner_mailings_excluded).toBe(true);
    const centralEvents = await world.central('consent_events').where({ customer_id: id }).orderBy('at');
    expect(centralEvents).toHaveLength(2);
    expect(centralEvents.map((e) => [e.field, e.staff_id, e.channel])).toEqual([
      ['email_newsletter', 'stf_carl', 'phone'],
      ['partner_mailings_excluded', 'stf_carl', 'phone'],
    ]);
    // The desk's copy is the central office's copy: the same event ids.
    expect((await desk.knex('consent_events').where({ customer_id: id }).orderBy('at').pluck('id'))).toEqual(centralEvents.map((e) => e.id));
  });

  it('setting a preference to the value it already has records no consent event', async () => {
    const id = ids[1]!;
    await desk.verify(id);
    await desk.call('customers.setPreference', { customerId: id, field: 'emailOffers', value: true });
    expect(await desk.knex('consent_events').where({ customer_id: id })).toEqual([]);
  });

  it('subscribing again is recorded too, so the history shows every change both ways', async () => {
    const id = ids[2]!;
    await desk.verify(id);
    await desk.call('customers.setPreference', { customerId: id, field: 'postalOffers', value: false });
    await desk.call('customers.setPreference', { customerId: id, field: 'postalOffers', value: true });
    const history = await desk.call('customers.consentHistory', { customerId: id });
    expect(history.events.map((e) => `${e.oldValue}->${e.newValue}`)).toEqual(['false->true', 'true->false']);
  });

  it('nothing is half-saved: when the consent event cannot be written, the preference stays as it was and nothing is queued', async () => {
    const id = ids[3]!;
    await desk.verify(id);
    const outboxBefore = (await desk.outbox()).length;
    await desk.knex.raw("CREATE TRIGGER consent_events_fail BEFORE INSERT ON consent_events BEGIN SELECT RAISE(ABORT, 'disk full (test)'); END");
    try {
      const error = await desk.fail('customers.setPreference', { customerId: id, field: 'emailPromotions', value: false });
      expect(error.code).toBe('INTERNAL');
    } finally {
      await desk.knex.raw('DROP TRIGGER consent_events_fail');
    }
    expect(!!(await desk.knex('preferences').where({ customer_id: id }).first()).email_promotions).toBe(true);
    expect(await desk.outbox()).toHaveLength(outboxBefore);
  });
});
