import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { ROLES } from '../../core/roles';
import { databaseTargets } from './harness';
import { startTestApi, TEST_DC, type TestApi } from './world';

describe.each(databaseTargets)('customer lookup for CS desks on $name', (target) => {
  let api: TestApi;
  let customerId: number;
  beforeAll(async () => {
    api = await startTestApi(target);
    const now = new Date().toISOString();
    const [row] = await api.knex('customers')
      .insert({ email: 'jose.nunez@example.com', full_name: 'José Núñez', phone: '+14085550123', pseudonym: 'reel_jose', age_certified_at: now, home_dc: TEST_DC.code, policy_version: '2003-06', created_at: now, updated_at: now })
      .returning('id');
    customerId = typeof row === 'object' ? (row as { id: number }).id : (row as number);
    await api.knex('addresses').insert({ customer_id: customerId, line1: '12 MAIN ST', city: 'SAN JOSE', state: 'CA', zip5: '95113', created_at: now });
    await api.knex('payment_methods').insert({ customer_id: customerId, processor_token: 'tok_demo_secret', brand: 'visa', last4: '4242', exp_month: 12, exp_year: 2030, created_at: now });
  });
  afterAll(async () => api?.close());

  for (const role of ROLES) {
    const allowed = role !== 'warehouse';
    it(`${allowed ? 'lets' : 'refuses'} a ${role} ${allowed ? '' : 'to '}search customers centrally`, async () => {
      const member = await api.signInAs(role);
      const before = (await api.auditRows('customer.listed')).length;
      const res = await api.app.inject({ method: 'POST', url: '/v1/lookup/customers', headers: member.headers, payload: { q: '(408) 555-0123', reason: 'phone_call' } });
      expect(res.statusCode).toBe(allowed ? 200 : 403);
      if (allowed) expect(res.json().customers[0]).toMatchObject({ id: customerId, matchedBy: 'phone' });
      else expect(res.body).not.toContain('555');
      // Every customer the answer lists is on record: who asked, which customer, why (none for a refused role).
      const listed = (await api.auditRows('customer.listed')).slice(before);
      expect(listed.map((a) => [a.staff_id, (a as unknown as { customer_id: number }).customer_id, (a as unknown as { reason: string }).reason])).toEqual(allowed ? [[member.staff.id, customerId, 'phone_call']] : []);
    });
  }

  it('the search text never rides in the URL: the query-string route is gone, and a search without a reason is refused', async () => {
    const rep = await api.signInAs('cs_rep');
    expect((await api.app.inject({ method: 'GET', url: '/v1/lookup/customers?q=jose.nunez%40example.com', headers: rep.headers })).statusCode).toBe(404);
    const noReason = await api.app.inject({ method: 'POST', url: '/v1/lookup/customers', headers: rep.headers, payload: { q: 'jose.nunez@example.com' } });
    expect(noReason.statusCode).toBe(400);
  });

  it('a bundle fetch is audited with its reason and never carries the card token', async () => {
    const rep = await api.signInAs('cs_rep');
    const res = await api.app.inject({ method: 'GET', url: `/v1/customers/${customerId}/bundle?reason=phone_call`, headers: rep.headers });
    expect(res.statusCode).toBe(200);
    expect(res.body).not.toContain('tok_demo_secret');
    expect(res.json().rows.customers[0].email).toBe('jose.nunez@example.com');
    const audit = await api.auditRows('customer.fetched');
    expect(audit.at(-1)).toMatchObject({ staff_id: rep.staff.id });
  });

  it('a warehouse user cannot fetch a customer bundle, and nothing is audited as fetched', async () => {
    const before = (await api.auditRows('customer.fetched')).length;
    const packer = await api.signInAs('warehouse');
    const res = await api.app.inject({ method: 'GET', url: `/v1/customers/${customerId}/bundle?reason=phone_call`, headers: packer.headers });
    expect(res.statusCode).toBe(403);
    expect(await api.auditRows('customer.fetched')).toHaveLength(before);
  });

  it('a bundle without a reason is refused', async () => {
    const rep = await api.signInAs('cs_rep');
    const res = await api.app.inject({ method: 'GET', url: `/v1/customers/${customerId}/bundle`, headers: rep.headers });
    expect(res.statusCode).toBe(400);
  });
});
