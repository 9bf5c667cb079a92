/**
 * The central office finds a customer however the caller says the name
 * (issue 15 item 1), the same on SQLite and PostgreSQL: any order, every word
 * a prefix, accents optional, one typo per word, exact handles first, and the
 * nearest names offered when nothing matches.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { databaseTargets } from './harness';
import { startTestApi, TEST_DC, type TestApi } from './world';

const PEOPLE = [
  ['Elizabeth Nichols', 'liz.n@example.com', '2021-03-01'],
  ['Nichola Elizabethson', 'nicky@example.com', '2022-03-01'],
  ['Héctor Jenkins', 'hj@example.com', '2023-03-01'],
  ['Angela Wright', 'angela.w@example.com', '2020-01-01'],
  ['Angela Wright', 'angie.wright@example.com', '2025-01-01'],
  ['Angelo Wrighton', 'aw2@example.com', '2024-01-01'],
  ['Bob Stone', 'bob@example.com', '2024-01-01'],
  ['Ægir Løvland', 'aegir@example.com', '2024-02-01'],
] as const;

describe.each(databaseTargets)('central name search on $name', (target) => {
  let api: TestApi;
  let headers: Record<string, string>;
  const ids = new Map<string, number>();
  const search = async (q: string) => {
    const res = await api.app.inject({ method: 'POST', url: '/v1/lookup/customers', headers, payload: { q, reason: 'phone_call' } });
    expect(res.statusCode, res.body).toBe(200);
    return res.json() as { customers: { id: number; fullName: string; matchedBy: string }[]; closest?: { id: number; fullName: string }[] };
  };

  beforeAll(async () => {
    api = await startTestApi(target);
    for (const [full_name, email, created_at] of PEOPLE) {
      const [row] = await api.knex('customers').insert({ email, full_name, pseudonym: email.split('@')[0], home_dc: TEST_DC.code, policy_version: '2003-06', created_at, updated_at: created_at }).returning('id');
      ids.set(email, typeof row === 'object' ? (row as { id: number }).id : (row as number));
    }
    headers = (await api.signInAs('cs_rep')).headers;
  });
  afterAll(async () => api?.close());

  it.each([
    ['Nichols', 'liz.n@example.com'],
    ['Nichols Elizabeth', 'liz.n@example.com'],
    ['nich eliz', 'liz.n@example.com'],
    ['hector jenkins', 'hj@example.com'],
    ['HÉCTOR', 'hj@example.com'],
    ['ange wri', 'angie.wright@example.com'],
    ['agela wrigth', 'angie.wright@example.com'],
    ['wright angela', 'angie.wright@example.com'],
    ['aegir lovland', 'aegir@example.com'],
    ['elizb nich', 'liz.n@example.com'],
    ['Ægir', 'aegir@example.com'],
  ])('"%s" finds %s first', async (q, email) => {
    const { customers } = await search(q);
    expect(customers[0]?.id).toBe(ids.get(email));
    expect(customers.every((c) => c.matchedBy === 'name')).toBe(true);
  });

  it('ranks exact words, the newer customer first, then typo readings; a name that does not match is not listed', async () => {
    const { customers } = await search('angela wrigh');
    expect(customers.map((c) => c.id)).toEqual([ids.get('angie.wright@example.com'), ids.get('angela.w@example.com'), ids.get('aw2@example.com')]);
    // The name said exactly: its typo readings ("angelo") are not added below it.
    expect((await search('angela wright')).customers.map((c) => c.id)).toEqual([ids.get('angie.wright@example.com'), ids.get('angela.w@example.com')]);
  });

  it('a customer number, an exact email or phone comes first', async () => {
    const id = ids.get('bob@example.com')!;
    expect((await search(`#${id}`)).customers[0]).toMatchObject({ id, matchedBy: 'customer_number' });
    expect((await search('BOB@example.com')).customers[0]).toMatchObject({ id, matchedBy: 'email' });
  });

  it('nothing matched: the nearest names are offered, and each is on record as listed', async () => {
    const before = (await api.auditRows('customer.listed')).length;
    const answer = await search('anjila wrgjht');
    expect(answer.customers).toEqual([]);
    expect(answer.closest?.map((c) => c.fullName)).toContain('Angela Wright');
    const listed = (await api.auditRows('customer.listed')).slice(before);
    expect(listed).toHaveLength(answer.closest!.length);
  });

  it('a renamed customer is found by the new name and no longer by the old one', async () => {
    const id = ids.get('bob@example.com')!;
    await api.knex('customers').where({ id }).update({ full_name: 'Roberta Stoneman' });
    expect((await search('roberta ston')).customers.map((c) => c.id)).toEqual([id]);
    expect((await search('bob stone')).customers).toEqual([]);
    if (target.name === 'postgres') {
      // The dictionary of name words forgets a word with the last name using it (nothing of an old name lingers).
      expect(await api.knex('customer_name_terms').whereIn('term', ['bob', 'stone']).pluck('term')).toEqual([]);
      expect(await api.knex('customer_name_term_deletes').whereIn('term', ['bob', 'stone']).pluck('term')).toEqual([]);
      expect(await api.knex('customer_name_terms').whereIn('term', ['roberta', 'stoneman']).pluck('term')).toHaveLength(2);
    }
  });

  // Registered on PostgreSQL only: SQLite has one writer at a time by design, so there the second rename always waits.
  if (target.name === 'postgres') it('two desks renaming different customers to names with a word in common do not wait for each other (PostgreSQL)', async () => {
    const [first, second] = [ids.get('liz.n@example.com')!, ids.get('hj@example.com')!];
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let renamed!: () => void;
    const firstRenamed = new Promise<void>((r) => (renamed = r));
    // The first rename stays uncommitted while the second runs; before migration 053 both locked the word "Quillfeather".
    const open = api.knex.transaction(async (trx) => {
      await trx('customers').where({ id: first }).update({ full_name: 'Elizabeth Quillfeather' });
      renamed();
      await held;
    });
    await firstRenamed;
    try {
      await api.knex.transaction(async (trx) => {
        await trx.raw(`SET LOCAL lock_timeout = '2s'`);
        await trx('customers').where({ id: second }).update({ full_name: 'Hector Quillfeather' });
      });
    } finally {
      release();
      await open;
    }
    expect((await search('quilfeather')).customers.map((c) => c.fullName).sort()).toEqual(['Elizabeth Quillfeather', 'Hector Quillfeather']);
    expect(await api.knex('customer_name_terms').where({ term: 'quillfeather' }).first('names')).toEqual({ names: 2 });
    await api.knex('customers').where({ id: first }).update({ full_name: 'Elizabeth Nichols' });
    await api.knex('customers').where({ id: second }).update({ full_name: 'Héctor Jenkins' });
  });
});
