/**
 * policy: "We may also disclose, on an anonymous basis, literal statements
 * made by our customers. At no time, however, will we disclose personal
 * information about specific users."
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { STATEMENTS_HEADER, type Statement } from '../../core/privacy/statements';
import { databaseTargets } from '../api/harness';
import { addCustomer, addReview, addTitle, apiWorld, type ApiWorld, type BuiltCustomer } from '../api/world';
import { parseCsv, phoneForms } from './exported-files';

describe.each(databaseTargets)('anonymous statements on $name', (target) => {
  let world: ApiWorld;
  let maria: BuiltCustomer;
  let title: number;

  beforeAll(async () => {
    world = await apiWorld(target);
    maria = await addCustomer(world.knex, {
      fullName: 'Maria Lopez', pseudonym: 'NoirFan42', email: 'maria.lopez@example.com', phone: '+12175550101', city: 'Springfield', state: 'IL', zip5: '62704',
    });
    title = await addTitle(world.knex, 'Noir', 'Out of the Past');
    await addReview(
      world.knex, maria, title,
      'Watched it on March 3rd 2004 with my husband here in Springfield, IL 62704. Maria says: best noir ever! NoirFan42 approves. Mail me at maria.lopez@example.com',
      { stars: 5, state: 'approved', createdAt: '2004-03-15T10:00:00.000Z' },
    );
    await addReview(world.knex, maria, title, 'Pending and never quoted: call 217-555-0101.', { stars: 5, state: 'pending' });
    await addReview(world.knex, maria, title, 'Rejected and never quoted.', { stars: 5, state: 'rejected' });
  });
  afterAll(async () => world?.close());

  function assertAnonymous(text: string) {
    for (const detail of ['Maria', 'Lopez', 'NoirFan42', maria.email, 'Springfield', '62704', 'March 3', '3rd', ...phoneForms(maria.phone)]) {
      expect(text, detail).not.toContain(detail);
    }
  }

  it('quotes only published reviews, with the name, pseudonym, email, city, ZIP and day taken out, attributed to a state and a month', async () => {
    const { statements } = await world.ok<{ statements: Statement[] }>('POST', '/v1/privacy/statements/preview', {});
    expect(statements).toHaveLength(1);
    const [s] = statements as [Statement];
    expect(s.attribution).toBe('A customer in IL, March 2004');
    expect(s.quote).toContain('best noir ever!');
    expect(s.quote).toContain('in March 2004');
    assertAnonymous(JSON.stringify(statements));
  });

  it('the CSV has exactly quote, attribution, title, stars; no review id; and is recorded in the disclosure register', async () => {
    const { file, disclosureId } = await world.ok<{ file: { content: string; rows: number }; disclosureId: string }>(
      'POST', '/v1/privacy/statements/exports', { selection: { minStars: 4 }, recipient: 'Ad agency' },
    );
    const rows = parseCsv(file.content);
    expect(rows[0]).toEqual([...STATEMENTS_HEADER]);
    expect(rows).toHaveLength(2);
    expect(rows[1]!.slice(1)).toEqual(['A customer in IL, March 2004', 'Out of the Past', '5']);
    assertAnonymous(file.content);
    const row = await world.knex('disclosures').where({ id: disclosureId }).first();
    expect(row).toMatchObject({ export_kind: 'anonymous_statements', recipient: 'Ad agency', row_count: 1 });
  });

  it('a rep cannot export statements', async () => {
    const res = await world.call('cs_rep', 'POST', '/v1/privacy/statements/exports', { selection: {}, recipient: 'Ad agency' });
    expect(res.statusCode).toBe(403);
  });
});
