/**
 * policy: "Except as described in this section, we will not sell, rent or
 * disclose your personally identifying information to third parties ...
 * Netflix also reserves the right to disclose information when required by
 * law." Every disclosure is on record, and the record cannot be rewritten.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DISCLOSURES_HEADER, type Disclosure } from '../../core/privacy/disclosures';
import { databaseTargets } from '../api/harness';
import { addCustomer, apiWorld, type ApiWorld, type BuiltCustomer } from '../api/world';
import { parseCsv } from './exported-files';

const ROOT = resolve(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(ROOT, path)).isDirectory() ? sources(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

describe('the disclosure register has no update or delete path in code', () => {
  it('no module of the API, main or scripts updates or deletes a disclosures row', () => {
    const offenders: string[] = [];
    for (const file of [...sources('api'), ...sources('main'), ...sources('scripts')]) {
      const text = readFileSync(join(ROOT, file), 'utf8');
      for (const statement of text.split(/;\s*\n/)) {
        if (/disclosures/.test(statement) && /\.(update|del|delete|truncate)\(|\b(UPDATE|DELETE FROM)\s+disclosures/i.test(statement) && !/RAISE|TRIGGER|FUNCTION/.test(statement)) {
          offenders.push(`${file}: ${statement.trim().slice(0, 120)}`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});

describe.each(databaseTargets)('the disclosure register on $name', (target) => {
  let world: ApiWorld;
  let subject: BuiltCustomer;
  beforeAll(async () => {
    world = await apiWorld(target);
    subject = await addCustomer(world.knex, { fullName: 'Sam Subpoena' });
  });
  afterAll(async () => world?.close());

  const legalRequest = (extra: Record<string, unknown> = {}) => ({
    requestingParty: 'Santa Clara County Superior Court', legalBasis: 'Subpoena duces tecum no. 2004-117', scope: 'Rental history, Jan-Mar 2004',
    approverUsername: world.as.admin.username, requestedOn: '2004-03-01', customerIds: [subject.id], ...extra,
  });

  it('records a legal request with requesting party, legal basis, scope, approver and date, and audits it against the customer', async () => {
    const d = await world.ok<Disclosure>('POST', '/v1/privacy/disclosures/legal-requests', legalRequest());
    expect(d).toMatchObject({
      kind: 'legal_request', recipient: 'Santa Clara County Superior Court', legalBasis: 'Subpoena duces tecum no. 2004-117', scope: 'Rental history, Jan-Mar 2004',
      approver: { username: world.as.admin.username }, recordedBy: { username: world.as.supervisor.username }, requestedOn: '2004-03-01', customerIds: [subject.id],
    });
    const audit = await world.knex('audit_log').where({ action: 'disclosure.legal_request', customer_id: subject.id });
    expect(audit).toHaveLength(1);
    const list = await world.ok<{ disclosures: Disclosure[] }>('GET', '/v1/privacy/disclosures?kind=legal_request');
    expect(list.disclosures.map((x) => x.id)).toContain(d.id);
  });

  it('the approver must be an active supervisor or admin', async () => {
    const res = await world.call('supervisor', 'POST', '/v1/privacy/disclosures/legal-requests', legalRequest({ approverUsername: world.as.cs_rep.username }));
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields).toEqual([{ field: 'approverUsername', message: 'Name an active supervisor or admin.' }]);
  });

  it('the database refuses to change or remove a disclosure, whoever asks', async () => {
    const [row] = await world.knex('disclosures').select('id').limit(1);
    await expect(world.knex('disclosures').where({ id: row.id }).update({ recipient: 'nobody' })).rejects.toThrow(/append-only/);
    await expect(world.knex('disclosures').where({ id: row.id }).del()).rejects.toThrow(/append-only/);
    await expect(world.knex.raw('DELETE FROM disclosures')).rejects.toThrow(/append-only/);
    if (target.name === 'postgres') await expect(world.knex.raw('TRUNCATE disclosures')).rejects.toThrow(/append-only/);
    expect(await world.knex('disclosures').where({ id: row.id }).first()).toMatchObject({ recipient: 'Santa Clara County Superior Court' });
  });

  it('exports the register as a CSV and records that export in it too', async () => {
    const { file, disclosureId } = await world.ok<{ file: { content: string; rows: number }; disclosureId: string }>('POST', '/v1/privacy/disclosures/exports', {});
    const rows = parseCsv(file.content);
    expect(rows[0]).toEqual([...DISCLOSURES_HEADER]);
    expect(rows.some((r) => r[2] === 'legal_request' && r[4] === 'Santa Clara County Superior Court' && r[14] === String(subject.id))).toBe(true);
    expect(rows.map((r) => r[0])).not.toContain(disclosureId);
    const list = await world.ok<{ disclosures: Disclosure[] }>('GET', '/v1/privacy/disclosures');
    expect(list.disclosures[0]).toMatchObject({ id: disclosureId, exportKind: 'disclosure_register', rows: file.rows });
  });

  it('filters by date', async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect((await world.ok<{ disclosures: Disclosure[] }>('GET', `/v1/privacy/disclosures?from=${today}`)).disclosures.length).toBeGreaterThan(0);
    expect((await world.ok<{ disclosures: Disclosure[] }>('GET', '/v1/privacy/disclosures?to=2004-01-01')).disclosures).toEqual([]);
  });

  it('a rep and a packer cannot list, record or export', async () => {
    for (const role of ['cs_rep', 'warehouse'] as const) {
      expect((await world.call(role, 'GET', '/v1/privacy/disclosures')).statusCode).toBe(403);
      expect((await world.call(role, 'POST', '/v1/privacy/disclosures/legal-requests', legalRequest())).statusCode).toBe(403);
      expect((await world.call(role, 'POST', '/v1/privacy/disclosures/exports', {})).statusCode).toBe(403);
    }
  });
});
