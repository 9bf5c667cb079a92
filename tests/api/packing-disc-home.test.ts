/** Issue 16 item 4: the central office names the building a stray disc belongs to, by barcode or old alias. SQLite and PostgreSQL. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from './harness';
import { startTestApi, TEST_DC, type TestApi } from './world';

describe.each(databaseTargets)('packing.discHome on $name', (target) => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi(target);
    await api.knex('distribution_centers').insert({ ...TEST_DC, code: 'EWR', name: 'Newark', mailer_id: '223606', timezone: 'America/New_York' });
    const [t] = await api.knex('titles').insert({ name: 'Heat', year: 1995, genre: 'Crime', rating: 'R', runtime_minutes: 170, popularity: 10 }).returning('id');
    const title = typeof t === 'object' ? (t as { id: number }).id : (t as number);
    const [d] = await api.knex('discs').insert({ title_id: title, barcode: 'BLD000000042', home_dc: 'EWR', status: 'in_stock' }).returning('id');
    await api.knex('disc_barcodes').insert({ alias: 'OLD00042', disc_id: typeof d === 'object' ? (d as { id: number }).id : (d as number) });
  });
  afterAll(async () => api?.close());

  const ask = (headers: Record<string, string>, barcode: string) => api.app.inject({ method: 'POST', url: '/v1/packing/disc-home', headers, payload: { barcode } });

  it('names the building by barcode (any case) and by old alias, and nothing for a barcode no building has', async () => {
    const packer = await api.signInAs('warehouse');
    expect((await ask(packer.headers, 'bld000000042')).json()).toEqual({ home: { code: 'EWR', name: 'Newark' } });
    expect((await ask(packer.headers, 'OLD00042')).json()).toEqual({ home: { code: 'EWR', name: 'Newark' } });
    expect((await ask(packer.headers, 'BLD999999999')).json()).toEqual({ home: null });
  });

  it('is for the packing floor only', async () => {
    const rep = await api.signInAs('cs_rep');
    expect((await ask(rep.headers, 'BLD000000042')).statusCode).toBe(403);
  });
});
