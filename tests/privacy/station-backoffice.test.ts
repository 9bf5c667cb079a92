/**
 * The station methods of the privacy back office: supervisors and admins
 * only, checked by the station's dispatch (before any input is read or any
 * central call made), and again by the central API with the staff member's
 * own token. They need the central office and say so when it is away.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { privacyMethods } from '../../core/privacy/contract';
import type { MethodName } from '../../core/contract';
import { ROLES, SUPERVISORS } from '../../core/roles';
import { scenario } from '../../core/demo/scenarios';
import { createStationWorld, type OneStationWorld } from '../station/world';

const METHODS = Object.keys(privacyMethods) as (keyof typeof privacyMethods)[];
const month = new Date().toISOString().slice(0, 7);

describe('privacy back-office methods at the station', () => {
  let world: OneStationWorld;
  beforeAll(async () => {
    world = await createStationWorld({ demo: scenario('small') });
  });
  afterAll(async () => world?.close());

  it('every back-office method is for supervisors and admins only', () => {
    for (const m of METHODS) expect(privacyMethods[m].roles, m).toEqual(SUPERVISORS);
  });

  for (const role of ROLES.filter((r) => !SUPERVISORS.includes(r))) {
    it(`a ${role} gets FORBIDDEN from every back-office method, whatever the input`, async () => {
      const client = `client-${role}`;
      await world.signIn(role, client);
      for (const m of METHODS) {
        const error = await world.fail(m, {}, client);
        expect(error.code, m).toBe('FORBIDDEN');
      }
    });
  }

  for (const role of SUPERVISORS) {
    it(`a ${role} works the back office through the central office`, async () => {
      const client = `client-${role}`;
      await world.signIn(role, client);
      const { affiliates } = await world.call('privacy.affiliates.list', {}, client);
      expect(affiliates.length).toBe(20);
      const options = await world.call('privacy.campaigns.options', {}, client);
      expect(options.genres.length).toBeGreaterThan(5);
      const preview = await world.call('privacy.campaigns.preview', {
        name: 'Station preview', partnerName: 'Criterion Club', vendorName: 'Acme', channel: 'postal',
        criteria: { genres: options.genres, rentedWithinDays: 730, states: [], plans: [] },
      }, client);
      expect(preview.matched).toBeGreaterThan(0);
      const report = await world.call('privacy.reports.aggregate', { kind: 'rentals_by_genre_region', regionLevel: 'census_region', fromMonth: month, toMonth: month }, client);
      expect(report.k).toBe(10);
      const queue = await world.call('privacy.reviews.queue', {}, client);
      expect(queue.pendingFlagged + queue.pendingUnflagged).toBeGreaterThanOrEqual(0);
      const audit = await world.call('audit.search', { staffUsername: role === 'admin' ? 'adam' : 'sue' }, client);
      expect(audit.entries.some((e) => e.action === 'auth.sign_in')).toBe(true);
      const policy = await world.call('privacy.policy.overview', {}, client);
      expect(policy.versions[0]!.version).toBe('2003-06');
      const exported = await world.call('privacy.disclosures.export', {}, client);
      expect(exported.file.content.startsWith('id,at,kind,')).toBe(true);
      const { disclosures } = await world.call('privacy.disclosures.list', {}, client);
      expect(disclosures[0]!.id).toBe(exported.disclosureId);
    });
  }

  it('an input the contract does not know is refused before it reaches the central office', async () => {
    await world.signIn('supervisor', 'client-strict');
    const error = await world.fail('privacy.affiliates.decide', { affiliateId: 1, decision: 'approve', reason: 'ok, fine', extra: true }, 'client-strict');
    expect(error.code).toBe('INVALID_INPUT');
  });
});

describe('privacy back office without the central office', () => {
  let world: OneStationWorld;
  beforeAll(async () => {
    world = await createStationWorld({ demo: scenario('empty') });
  });
  afterAll(async () => world?.close());

  it('says in words that it needs the central office', async () => {
    await world.signIn('supervisor');
    await world.api.app.close();
    const probes: [MethodName, unknown][] = [['privacy.affiliates.list', {}], ['privacy.disclosures.list', {}], ['audit.search', {}]];
    for (const [m, input] of probes) {
      const error = await world.fail(m, input);
      expect(error.code, m).toBe('OFFLINE');
      expect(error.message).toMatch(/central office/);
    }
  });
});
