/**
 * policy: "We ask affiliates for their site name (URL), mailing address,
 * primary contact, pay-to address, technical contact ... to determine whether
 * a site will be included in our Affiliate Network." Decisions carry a reason,
 * are kept as history and audited.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Affiliate } from '../../core/privacy/affiliates';
import { affiliateStatusAfter } from '../../core/privacy/affiliates';
import { databaseTargets } from '../api/harness';
import { apiWorld, type ApiWorld } from '../api/world';

describe('the affiliate status machine', () => {
  it('approves applications and suspended sites, rejects applications, suspends approved sites, and nothing else', () => {
    expect(affiliateStatusAfter('applied', 'approve')).toBe('approved');
    expect(affiliateStatusAfter('applied', 'reject')).toBe('rejected');
    expect(affiliateStatusAfter('approved', 'suspend')).toBe('suspended');
    expect(affiliateStatusAfter('suspended', 'approve')).toBe('approved');
    expect(affiliateStatusAfter('rejected', 'approve')).toBeNull();
    expect(affiliateStatusAfter('approved', 'approve')).toBeNull();
    expect(affiliateStatusAfter('suspended', 'reject')).toBeNull();
  });
});

describe.each(databaseTargets)('the affiliate program on $name', (target) => {
  let world: ApiWorld;
  let applied: Affiliate;
  beforeAll(async () => {
    world = await apiWorld(target, { scenario: 'small' });
    const { affiliates } = await world.ok<{ affiliates: Affiliate[] }>('GET', '/v1/privacy/affiliates?status=applied');
    applied = affiliates[0]!;
  });
  afterAll(async () => world?.close());

  it('lists applications with site URL, mailing address, primary contact, pay-to address and technical contact, applications first', async () => {
    const { affiliates } = await world.ok<{ affiliates: Affiliate[] }>('GET', '/v1/privacy/affiliates');
    expect(affiliates).toHaveLength(20);
    expect(affiliates[0]!.status).toBe('applied');
    for (const a of affiliates) {
      expect(a.siteUrl).toMatch(/^https:\/\//);
      for (const field of [a.mailingAddress, a.primaryContact, a.payToAddress, a.technicalContact]) expect(field.length).toBeGreaterThan(3);
    }
  });

  it('approving needs a reason, moves the status, keeps the decision in the history and audits it', async () => {
    expect((await world.call('supervisor', 'POST', `/v1/privacy/affiliates/${applied.id}/decisions`, { decision: 'approve', reason: '' })).statusCode).toBe(400);
    const approved = await world.ok<Affiliate>('POST', `/v1/privacy/affiliates/${applied.id}/decisions`, { decision: 'approve', reason: 'Family-friendly review site, no spam.' });
    expect(approved.status).toBe('approved');
    expect(approved.decisions).toEqual([
      expect.objectContaining({ decision: 'approve', fromStatus: 'applied', toStatus: 'approved', reason: 'Family-friendly review site, no spam.', staff: expect.objectContaining({ username: world.as.supervisor.username }) }),
    ]);
    const audit = (await world.api.auditRows('affiliate.decided')).at(-1)!;
    expect(audit.staff_id).toBe(world.as.supervisor.staff.id);
    expect(JSON.parse(audit.detail!)).toMatchObject({ affiliateId: applied.id, decision: 'approve', from: 'applied', to: 'approved' });
  });

  it('a decision that does not apply to the current status is refused in words', async () => {
    const res = await world.call('admin', 'POST', `/v1/privacy/affiliates/${applied.id}/decisions`, { decision: 'reject', reason: 'Changed my mind.' });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.message).toMatch(/is approved: it can only be suspended, not rejected/);
    const suspended = await world.ok<Affiliate>('POST', `/v1/privacy/affiliates/${applied.id}/decisions`, { decision: 'suspend', reason: 'Links to pirated copies.' }, 'admin');
    expect(suspended.decisions.map((d) => d.toStatus)).toEqual(['approved', 'suspended']);
  });

  it('a rep and a packer can neither list nor decide', async () => {
    for (const role of ['cs_rep', 'warehouse'] as const) {
      expect((await world.call(role, 'GET', '/v1/privacy/affiliates')).statusCode).toBe(403);
      expect((await world.call(role, 'POST', `/v1/privacy/affiliates/${applied.id}/decisions`, { decision: 'approve', reason: 'Looks fine to me.' })).statusCode).toBe(403);
    }
  });
});
