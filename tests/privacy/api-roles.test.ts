/**
 * policy: "strict internal guidelines, to safeguard the privacy of your
 * personal information from unauthorized access". Every privacy back-office
 * route of the central API answers supervisors and admins only: a warehouse
 * user or a rep gets 403 FORBIDDEN, learns nothing, and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, SUPERVISORS } from '../../core/roles';
import { databaseTargets } from '../api/harness';
import { apiWorld, countRows, type ApiWorld } from '../api/world';

const month = new Date().toISOString().slice(0, 7);
const report = { kind: 'rentals_by_genre_region', regionLevel: 'census_region', fromMonth: month, toMonth: month };
const campaign = {
  name: 'Spring noir', partnerName: 'Criterion Club', vendorName: 'MailHouse', channel: 'postal',
  criteria: { genres: ['Horror', 'Thriller', 'Drama', 'Comedy'], rentedWithinDays: 365, states: [], plans: [] },
};

/** Every route, with a body a supervisor could send. */
const ROUTES: readonly (readonly ['GET' | 'POST', string, unknown?])[] = [
  ['GET', '/v1/privacy/affiliates'],
  ['POST', '/v1/privacy/affiliates/1/decisions', { decision: 'approve', reason: 'Site reviewed, family friendly.' }],
  ['GET', '/v1/privacy/campaigns/options'],
  ['POST', '/v1/privacy/campaigns/preview', campaign],
  ['POST', '/v1/privacy/campaigns', campaign],
  ['GET', '/v1/privacy/campaigns'],
  ['POST', '/v1/privacy/reports/aggregate', report],
  ['POST', '/v1/privacy/reports/exports', { report, recipient: 'Acme Ads' }],
  ['GET', '/v1/privacy/reviews/queue'],
  ['POST', '/v1/privacy/reviews/1/moderation', { bodyDigest: '0123456789abcdef', action: 'reject', reason: 'Spam' }],
  ['POST', '/v1/privacy/statements/preview', {}],
  ['POST', '/v1/privacy/statements/exports', { selection: {}, recipient: 'Ad agency' }],
  ['GET', '/v1/privacy/disclosures'],
  ['POST', '/v1/privacy/disclosures/legal-requests', { requestingParty: 'County court', legalBasis: 'Subpoena 2004-117', scope: 'Rental history', approverUsername: 'sue', requestedOn: '2004-03-01' }],
  ['POST', '/v1/privacy/disclosures/exports', {}],
  ['GET', '/v1/privacy/policy'],
  ['POST', '/v1/privacy/policy/versions', { version: 'v-roles', summary: 'A version published by the role test.' }],
  ['POST', '/v1/privacy/policy/uses', { name: 'role_test_use', description: 'A use declared by the role test.', requiresVersion: '2003-06' }],
  ['POST', '/v1/privacy/policy/consents', { customerId: 1, version: '2003-06', channel: 'mail' }],
  ['GET', '/v1/audit'],
  ['POST', '/v1/audit/exports', {}],
];

const WRITTEN_TABLES = ['disclosures', 'affiliate_decisions', 'campaigns', 'campaign_recipients', 'review_redactions', 'policy_versions', 'data_uses', 'consent_notices'];

describe.each(databaseTargets)('privacy routes by role on $name', (target) => {
  let world: ApiWorld;
  beforeAll(async () => {
    world = await apiWorld(target, { scenario: 'small' });
  });
  afterAll(async () => world?.close());

  for (const role of ROLES) {
    const allowed = SUPERVISORS.includes(role);
    it(`${allowed ? 'answers' : 'refuses'} a ${role} on every route`, async () => {
      const before = await Promise.all(WRITTEN_TABLES.map((t) => countRows(world.knex, t)));
      for (const [method, url, payload] of ROUTES) {
        const res = await world.call(role, method, url, payload);
        if (allowed) {
          // A supervisor may still hit a conflict (the other supervisor role decided first) or a validation message, never a role refusal.
          expect([401, 403], `${method} ${url}: ${res.body}`).not.toContain(res.statusCode);
          expect(res.statusCode, `${method} ${url}: ${res.body}`).toBeLessThan(500);
        } else {
          expect(res.statusCode, `${method} ${url}`).toBe(403);
          expect(res.json()).toEqual({ ok: false, error: { code: 'FORBIDDEN', message: expect.any(String) } });
        }
      }
      if (!allowed) expect(await Promise.all(WRITTEN_TABLES.map((t) => countRows(world.knex, t)))).toEqual(before);
    });
  }

  it('refuses a request without a staff session', async () => {
    const res = await world.api.app.inject({ method: 'GET', url: '/v1/privacy/disclosures', headers: world.api.stationHeaders() });
    expect(res.statusCode).toBe(401);
  });
});
