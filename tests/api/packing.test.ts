import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { ROLES } from '../../core/roles';
import { databaseTargets } from './harness';
import { startTestApi, TEST_DC, type TestApi } from './world';

async function insertId(api: TestApi, table: string, row: Record<string, unknown>): Promise<number> {
  const [r] = await api.knex(table).insert(row).returning('id');
  return typeof r === 'object' ? (r as { id: number }).id : (r as number);
}

describe.each(databaseTargets)('packing coordination on $name', (target) => {
  let api: TestApi;
  let uncertifiedOrder: string;
  beforeAll(async () => {
    api = await startTestApi(target);
    const now = new Date().toISOString();
    const title = await insertId(api, 'titles', { name: 'Heat', year: 1995, genre: 'Crime', rating: 'R', runtime_minutes: 170, popularity: 10 });
    for (let i = 0; i < 12; i++) {
      const certified = i !== 5;
      const customer = await insertId(api, 'customers', {
        email: `c${i}@example.com`, full_name: `Customer ${i}`, pseudonym: `p${i}`, age_certified_at: certified ? now : null,
        home_dc: TEST_DC.code, policy_version: '2003-06', created_at: now, updated_at: now,
      });
      const disc = await insertId(api, 'discs', { title_id: title, barcode: `BLD${String(i).padStart(9, '0')}`, home_dc: TEST_DC.code, status: 'in_stock' });
      await api.knex('shipments').insert({
        order_number: `SH${String(i).padStart(9, '0')}`, customer_id: customer, title_id: title, disc_id: disc, dc: TEST_DC.code, status: 'allocated',
        ship_by: new Date(Date.now() + i * 3600_000).toISOString(), ship_name: `CUSTOMER ${i}`, ship_line1: '1 MAIN ST', ship_city: 'SAN JOSE',
        ship_state: 'CA', ship_zip5: '95113', created_at: now,
      });
      if (!certified) uncertifiedOrder = `SH${String(i).padStart(9, '0')}`;
    }
    // A piece printed before this counter existed (seeded history).
    await api.knex('shipments').insert({
      order_number: 'SH900000001', customer_id: 1, title_id: title, dc: TEST_DC.code, status: 'shipped', label_serial: '000000777',
      ship_by: now, ship_name: 'OLD', ship_line1: '1 MAIN ST', ship_city: 'SAN JOSE', ship_state: 'CA', ship_zip5: '95113', created_at: now,
    });
  });
  afterAll(async () => api?.close());

  const claim = (headers: Record<string, string>, count: number) => api.app.inject({ method: 'POST', url: '/v1/packing/claim', headers, payload: { count } });

  it('two stations claiming at once never get the same shipment', async () => {
    const other = await api.registerStation('Pack 2');
    const a = await api.signInAs('warehouse');
    const b = await api.signInAs('warehouse', other);
    const [ra, rb] = await Promise.all([claim(a.headers, 5), claim(b.headers, 5)]);
    const ia = ra.json().claimed.map((c: { shipmentId: number }) => c.shipmentId);
    const ib = rb.json().claimed.map((c: { shipmentId: number }) => c.shipmentId);
    expect(ia).toHaveLength(5);
    expect(ib).toHaveLength(5);
    expect(ia.filter((id: number) => ib.includes(id))).toEqual([]);
  });

  it('claims come in ship-by order and say which customers are not age-certified', async () => {
    const station = await api.registerStation('Pack 3');
    const packer = await api.signInAs('warehouse', station);
    const claimed = (await claim(packer.headers, 10)).json().claimed as Array<{ orderNumber: string; ageCertified: boolean }>;
    const all = [...claimed];
    expect(all.find((c) => c.orderNumber === uncertifiedOrder)?.ageCertified ?? false).toBe(false);
    expect(all.filter((c) => c.orderNumber !== uncertifiedOrder).every((c) => c.ageCertified)).toBe(true);
  });

  for (const role of ROLES) {
    it(`${role === 'cs_rep' ? 'refuses' : 'lets'} a ${role} ${role === 'cs_rep' ? 'to claim' : 'claim'} shipments`, async () => {
      const member = await api.signInAs(role);
      expect((await claim(member.headers, 1)).statusCode).toBe(role === 'cs_rep' ? 403 : 200);
    });
  }

  it('hands out disjoint IMb serial ranges for the distribution center’s mailer ID', async () => {
    const packer = await api.signInAs('warehouse');
    const ranges = await Promise.all(
      Array.from({ length: 6 }, () => api.app.inject({ method: 'POST', url: '/v1/packing/serials', headers: packer.headers, payload: { count: 100 } })),
    );
    const got = ranges.map((r) => r.json() as { mailerId: string; first: number; last: number }).sort((x, y) => x.first - y.first);
    expect(got.every((r) => r.mailerId === TEST_DC.mailer_id && r.last - r.first === 99)).toBe(true);
    expect(got[0]!.first).toBe(778);
    for (let i = 1; i < got.length; i++) expect(got[i]!.first).toBeGreaterThan(got[i - 1]!.last);
  });

  it('refuses a serial request of a bad size with a field message', async () => {
    const packer = await api.signInAs('warehouse');
    const res = await api.app.inject({ method: 'POST', url: '/v1/packing/serials', headers: packer.headers, payload: { count: 1_000_000 } });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0].field).toBe('count');
  });
});
