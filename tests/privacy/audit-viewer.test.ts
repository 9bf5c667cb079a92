/**
 * policy: "strict internal guidelines, to safeguard the privacy of your
 * personal information from unauthorized access or improper use". A
 * supervisor sees who viewed or changed which customer's data; a rep cannot.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AUDIT_HEADER, type AuditEntry } from '../../core/audit/schemas';
import { databaseTargets } from '../api/harness';
import { addCustomer, apiWorld, type ApiWorld, type BuiltCustomer } from '../api/world';
import { parseCsv } from './exported-files';

interface Page {
  entries: AuditEntry[];
  nextCursor: string | null;
}

describe.each(databaseTargets)('the audit viewer on $name', (target) => {
  let world: ApiWorld;
  let customer: BuiltCustomer;
  beforeAll(async () => {
    world = await apiWorld(target);
    customer = await addCustomer(world.knex, { fullName: 'Viewed Person' });
    // A rep opens the customer twice: the central office records each fetch.
    for (let i = 0; i < 2; i++) {
      const res = await world.call('cs_rep', 'GET', `/v1/customers/${customer.id}/bundle?reason=phone_call`);
      expect(res.statusCode).toBe(200);
    }
  });
  afterAll(async () => world?.close());

  it('shows who viewed which customer, filtered by staff and customer', async () => {
    const page = await world.ok<Page>('GET', `/v1/audit?customerId=${customer.id}`);
    expect(page.entries).toHaveLength(2);
    expect(page.entries[0]).toMatchObject({ action: 'customer.fetched', customerId: customer.id, staff: { username: world.as.cs_rep.username }, reason: 'phone_call' });
    const byStaff = await world.ok<Page>('GET', `/v1/audit?staffUsername=${world.as.cs_rep.username}`);
    expect(byStaff.entries.every((e) => e.staff?.username === world.as.cs_rep.username)).toBe(true);
    expect(byStaff.entries.map((e) => e.action)).toEqual(expect.arrayContaining(['customer.fetched', 'auth.sign_in']));
  });

  it('filters by date range and pages newest first', async () => {
    const today = new Date().toISOString().slice(0, 10);
    expect((await world.ok<Page>('GET', `/v1/audit?from=${today}&to=${today}`)).entries.length).toBeGreaterThan(2);
    expect((await world.ok<Page>('GET', '/v1/audit?to=2004-01-01')).entries).toEqual([]);
    const first = await world.ok<Page>('GET', '/v1/audit?limit=2');
    expect(first.entries).toHaveLength(2);
    expect(first.nextCursor).not.toBeNull();
    const second = await world.ok<Page>('GET', `/v1/audit?limit=2&before=${encodeURIComponent(first.nextCursor!)}`);
    expect(second.entries[0]!.at <= first.entries[1]!.at).toBe(true);
    expect(second.entries.map((e) => e.id)).not.toContain(first.entries[1]!.id);
  });

  it('exports the filtered rows as a CSV, recorded in the disclosure register', async () => {
    const { file, disclosureId } = await world.ok<{ file: { content: string; rows: number }; disclosureId: string }>('POST', '/v1/audit/exports', { customerId: customer.id });
    const rows = parseCsv(file.content);
    expect(rows[0]).toEqual([...AUDIT_HEADER]);
    expect(rows.slice(1).map((r) => [r[2], r[4], r[5]])).toEqual([
      [world.as.cs_rep.username, 'customer.fetched', String(customer.id)],
      [world.as.cs_rep.username, 'customer.fetched', String(customer.id)],
    ]);
    expect(await world.knex('disclosures').where({ id: disclosureId }).first()).toMatchObject({ export_kind: 'audit_log', row_count: 2 });
  });

  it('a rep and a packer cannot see or export it', async () => {
    for (const role of ['cs_rep', 'warehouse'] as const) {
      const res = await world.call(role, 'GET', '/v1/audit');
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('FORBIDDEN');
      expect((await world.call(role, 'POST', '/v1/audit/exports', {})).statusCode).toBe(403);
    }
  });
});
