/**
 * policy: "We also provide analyses of our users in the aggregate to
 * prospective partners, advertisers and other third parties. ... At no time,
 * however, will we disclose personal information about specific users."
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AggregateReport, ReportTable } from '../../core/privacy/reports';
import { sha256Of } from '../../api/privacy/disclosures';
import { databaseTargets } from '../api/harness';
import { addCustomer, addShipment, addTitle, apiWorld, type ApiWorld } from '../api/world';
import { parseCsv } from './exported-files';

const MONTH = '2024-02';
const SHIPPED = '2024-02-10T12:00:00.000Z';
const LONG_AGO = '2020-01-01T00:00:00.000Z';

/** [genre, region state, customers, rentals each] */
const RENTALS: readonly [string, string, number, number][] = [
  ['Horror', 'CA', 3, 4], // 12 rentals by 3 households: a small group however many discs
  ['Comedy', 'CA', 15, 1],
  ['Horror', 'TX', 11, 1],
  ['Comedy', 'TX', 20, 1],
  ['Horror', 'OH', 3, 1], // 3 rentals by 3: small in every sense
];

function lines(report: AggregateReport, t: ReportTable) {
  const r = report.rows.length;
  const c = report.cols.length;
  const at = (i: number, j: number) => (i === r ? (j === c ? t.grandTotal : t.colTotals[j]) : j === c ? t.rowTotals[i] : t.cells[i]![j]);
  const out: (number | null)[][] = [];
  for (let i = 0; i <= r; i++) out.push(Array.from({ length: c + 1 }, (_, j) => at(i, j)!));
  for (let j = 0; j <= c; j++) out.push(Array.from({ length: r + 1 }, (_, i) => at(i, j)!));
  return out;
}

describe.each(databaseTargets)('aggregate reports on $name', (target) => {
  let world: ApiWorld;
  /** Ground truth: rentals and distinct customers per genre x census region. */
  const truth = new Map<string, { rentals: number; people: number }>();

  beforeAll(async () => {
    world = await apiWorld(target);
    const titles = { Horror: await addTitle(world.knex, 'Horror'), Comedy: await addTitle(world.knex, 'Comedy') };
    const region: Record<string, string> = { CA: 'West', TX: 'South', OH: 'Midwest' };
    for (const [genre, state, people, each] of RENTALS) {
      for (let p = 0; p < people; p++) {
        const who = await addCustomer(world.knex, { state, createdAt: LONG_AGO });
        for (let n = 0; n < each; n++) await addShipment(world.knex, who, titles[genre as 'Horror' | 'Comedy'], SHIPPED);
      }
      truth.set(`${genre}|${region[state]}`, { rentals: people * each, people });
    }
    // New customers that month: 12 on 2 discs in CA, 3 on 4 discs in TX.
    for (let p = 0; p < 12; p++) await addCustomer(world.knex, { state: 'CA', plan: 2, createdAt: '2024-02-03T10:00:00.000Z' });
    for (let p = 0; p < 3; p++) await addCustomer(world.knex, { state: 'TX', plan: 4, createdAt: '2024-02-04T10:00:00.000Z' });
  });
  afterAll(async () => world?.close());

  const rentals = (extra: Record<string, unknown> = {}) =>
    world.ok<AggregateReport>('POST', '/v1/privacy/reports/aggregate', { kind: 'rentals_by_genre_region', regionLevel: 'census_region', fromMonth: MONTH, toMonth: MONTH, ...extra });

  it('withholds a cell of 12 rentals by 3 customers: k counts customers, not discs', async () => {
    const report = await rentals();
    expect(report.k).toBe(10);
    expect(report.cols).toEqual(['Northeast', 'Midwest', 'South', 'West']);
    const [table] = report.months;
    const h = report.rows.indexOf('Horror');
    const w = report.cols.indexOf('West');
    expect(table!.cells[h]![w]).toBeNull();
    expect(table!.suppressed).toContainEqual({ row: h, col: w, reason: 'small_group' });
  });

  it('withholds every entry describing fewer than k customers, and publishes the rest exactly', async () => {
    const report = await rentals();
    const table = report.months[0]!;
    report.rows.forEach((genre, i) => {
      report.cols.forEach((region, j) => {
        const t = truth.get(`${genre}|${region}`) ?? { rentals: 0, people: 0 };
        const shown = table.cells[i]![j];
        if (t.people > 0 && t.people < 10) expect(shown, `${genre} x ${region}`).toBeNull();
        if (shown !== null) expect(shown, `${genre} x ${region}`).toBe(t.rentals);
      });
    });
    expect(table.grandTotal).toBe(12 + 15 + 11 + 20 + 3);
  });

  it('complementary suppression: no row or column has a single withheld entry that its total would give away', async () => {
    const report = await rentals();
    for (const line of lines(report, report.months[0]!)) expect(line.filter((v) => v === null).length).not.toBe(1);
    expect(report.months[0]!.suppressed.some((s) => s.reason === 'complementary')).toBe(true);
  });

  it('new customers by plan and region: 3 customers on one plan in one region are withheld', async () => {
    const report = await world.ok<AggregateReport>('POST', '/v1/privacy/reports/aggregate', {
      kind: 'new_customers_by_plan_region', regionLevel: 'state', fromMonth: MONTH, toMonth: MONTH,
    });
    const t = report.months[0]!;
    const plan4 = report.rows.indexOf('4 discs out');
    const tx = report.cols.indexOf('TX');
    expect(t.cells[plan4]![tx]).toBeNull();
    // Whatever is published is exact: 12 on two discs in CA, 15 in all (or withheld to protect the 3).
    expect([12, null]).toContain(t.cells[report.rows.indexOf('2 discs out')]![report.cols.indexOf('CA')]);
    expect([15, null]).toContain(t.grandTotal);
    expect(t.colTotals[tx]).toBeNull();
    for (const line of lines(report, t)) expect(line.filter((v) => v === null).length).not.toBe(1);
  });

  it('k is configurable, never below 5', async () => {
    const at5 = await rentals({ k: 5 });
    const h = at5.rows.indexOf('Horror');
    expect(at5.months[0]!.cells[h]![at5.cols.indexOf('West')]).toBeNull();
    const res = await world.call('supervisor', 'POST', '/v1/privacy/reports/aggregate', { kind: 'rentals_by_genre_region', regionLevel: 'state', fromMonth: MONTH, toMonth: MONTH, k: 2 });
    expect(res.statusCode).toBe(400);
    expect(res.json().error.fields[0]).toMatchObject({ field: 'k' });
  });

  it('one table per month, and no table across months (which could be subtracted from)', async () => {
    const report = await rentals({ fromMonth: '2024-01', toMonth: '2024-03' });
    expect(report.months.map((m) => m.month)).toEqual(['2024-01', '2024-02', '2024-03']);
    expect(report.months[0]!.grandTotal).toBe(0);
  });

  it('the CSV export has the withheld entries blank and is recorded in the disclosure register in the same transaction', async () => {
    const input = { kind: 'rentals_by_genre_region', regionLevel: 'census_region', fromMonth: MONTH, toMonth: MONTH };
    const { file, disclosureId } = await world.ok<{ file: { content: string; rows: number; filename: string }; disclosureId: string }>(
      'POST', '/v1/privacy/reports/exports', { report: input, recipient: 'Acme Advertising' },
    );
    const rows = parseCsv(file.content);
    expect(rows[0]).toEqual(['month', 'genre', 'region', 'rentals', 'status']);
    expect(rows).toContainEqual([MONTH, 'Horror', 'West', '', 'withheld']);
    expect(rows).toContainEqual([MONTH, 'All genres', 'All regions', '61', 'published']);
    expect(rows.slice(1).every((r) => (r[4] === 'withheld') === (r[3] === ''))).toBe(true);
    expect(file.rows).toBe(rows.length - 1);
    const row = await world.knex('disclosures').where({ id: disclosureId }).first();
    expect(row).toMatchObject({ kind: 'export', export_kind: 'aggregate_report', recipient: 'Acme Advertising', content_sha256: sha256Of(file.content), filename: file.filename });
    const audit = await world.api.auditRows('report.exported');
    expect(audit.at(-1)?.detail).toContain(disclosureId);
  });
});
