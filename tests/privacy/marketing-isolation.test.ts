/**
 * policy: "The information collected from our affiliates is used strictly for
 * that program; none of this information is used for general marketing
 * purposes." and "We use your telephone number only if there is an
 * order-related issue, not for marketing purposes."
 *
 * Proven two ways: by reading the code (marketing-data.ts and everything it
 * imports never name an affiliate table, and it gets no database handle), and
 * by calling the restricted reader it is handed (anything outside the lists
 * throws before SQL is built).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKETING_COLUMNS, MarketingScopeError, marketingReader, type MarketingReader } from '../../api/privacy/marketing-scope';
import { databaseTargets } from '../api/harness';
import { addCustomer, apiWorld, type ApiWorld } from '../api/world';

const ROOT = resolve(__dirname, '..', '..');
const MARKETING_DATA = 'api/privacy/marketing-data.ts';

/** Code without comments: the policy is quoted in comments, and quoting it is not using affiliate data. */
function codeOf(file: string): string {
  return readFileSync(join(ROOT, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function relativeImports(file: string): { spec: string; typeOnly: boolean }[] {
  const text = codeOf(file);
  return [...text.matchAll(/import\s+(type\s+)?[^'";]*?from\s+['"](\.[^'"]+)['"]/g)].map((m) => ({ spec: m[2]!, typeOnly: m[1] !== undefined }));
}

function resolveImport(from: string, spec: string): string {
  const base = relative(ROOT, resolve(ROOT, dirname(from), spec));
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      readFileSync(join(ROOT, candidate));
      return candidate;
    } catch {
      /* next */
    }
  }
  throw new Error(`cannot resolve ${spec} from ${from}`);
}

/** The module and everything it imports, transitively, within the repository. */
function importClosure(entry: string): string[] {
  const seen = new Set<string>([entry]);
  const queue = [entry];
  while (queue.length > 0) {
    const file = queue.pop()!;
    for (const { spec } of relativeImports(file)) {
      const target = resolveImport(file, spec);
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return [...seen].sort();
}

describe('marketing data has no path to the affiliate program', () => {
  it('marketing-data.ts and every module it imports never name an affiliate table or column', () => {
    const closure = importClosure(MARKETING_DATA);
    expect(closure).toContain('api/privacy/marketing-scope.ts');
    for (const file of closure) expect(codeOf(file), file).not.toMatch(/affiliat/i);
  });

  it('marketing-data.ts is handed a reader: it imports no database, no knex value and no other API module at run time', () => {
    for (const { spec, typeOnly } of relativeImports(MARKETING_DATA)) {
      if (!typeOnly) expect(spec, `${spec} is imported for its values`).toMatch(/^\.\.\/\.\.\/core\//);
    }
    expect(codeOf(MARKETING_DATA)).not.toMatch(/from ['"]knex['"]|\.raw\(|knex\(|trx\(/);
  });

  it('the reader opens no affiliate table and no name, email, phone, pseudonym or card column', () => {
    expect(Object.keys(MARKETING_COLUMNS).some((t) => /affiliat/i.test(t))).toBe(false);
    const columns = Object.values(MARKETING_COLUMNS).flat();
    for (const banned of ['email', 'phone', 'full_name', 'pseudonym', 'ship_name', 'processor_token', 'last4']) expect(columns).not.toContain(banned);
  });
});

describe.each(databaseTargets)('the restricted marketing reader on $name', (target) => {
  let world: ApiWorld;
  let read: MarketingReader;
  beforeAll(async () => {
    world = await apiWorld(target);
    await world.knex('affiliates').insert({
      site_name: 'Popcorn Picks', site_url: 'https://popcornpicks.example.net/', mailing_address: '640 Main Ave\nTallahassee, FL 32301',
      primary_contact: 'Angela Sullivan <angela.sullivan@popcornpicks.example.net>', pay_to_address: '640 Main Ave', technical_contact: 'Webmaster',
      status: 'approved', created_at: new Date().toISOString(),
    });
    await addCustomer(world.knex, { fullName: 'Ada Reader', state: 'OR' });
    read = marketingReader(world.knex);
  });
  afterAll(async () => world?.close());

  it('throws when asked for the affiliates table, before any SQL runs', () => {
    expect(() => read.select('affiliates' as never, ['id' as never])).toThrow(MarketingScopeError);
    expect(() => read.select('affiliate_decisions' as never, ['id' as never])).toThrow(/not open to marketing/);
  });

  it('throws for any other table outside the allow-list', () => {
    for (const table of ['payment_methods', 'customer_secrets', 'staff', 'audit_log', 'reviews', 'disclosures', 'campaign_recipients']) {
      expect(() => read.select(table as never, ['id' as never]), table).toThrow(MarketingScopeError);
    }
  });

  it('throws for a phone, email or name column, in the select list or in a filter', () => {
    expect(() => read.select('customers', ['id', 'phone' as never])).toThrow(/customers\.phone/);
    expect(() => read.select('customers', ['email' as never])).toThrow(/customers\.email/);
    expect(() => read.select('customers', ['id'], { equals: { full_name: 'Ada Reader' } as never })).toThrow(/customers\.full_name/);
    expect(() => read.select('shipments', ['customer_id'], { in: { column: 'ship_name' as never, values: ['x'] } })).toThrow(/ship_name/);
  });

  it('reads what it allows', async () => {
    const rows = await read.select('addresses', ['customer_id', 'state'], { equals: { is_current: true } });
    expect(rows.map((r) => r.state)).toContain('OR');
    expect(Object.keys(rows[0]!)).toEqual(['customer_id', 'state']);
  });
});
