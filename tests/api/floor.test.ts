import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FloorOverviewSchema } from '../../core/floor/schemas';
import { databaseTargets } from './harness';
import { startTestApi, TEST_DC, type SignedIn, type TestApi } from './world';

/** 11:30 in San Jose (UTC-7 in July): the shift began at 07:00 UTC, twelve hours have begun. */
const NOW = Date.parse('2026-07-15T18:30:00.000Z');
const EWR = { ...TEST_DC, code: 'EWR', name: 'Newark', city: 'NEWARK', state: 'NJ', zip5: '07102', zip4: null, mailer_id: '901235', timezone: 'America/New_York' };

async function insertId(api: TestApi, table: string, row: Record<string, unknown>): Promise<number> {
  const [r] = await api.knex(table).insert(row).returning('id');
  return typeof r === 'object' ? (r as { id: number }).id : (r as number);
}

const stationIdOf = (credential: string) => credential.split('.')[0]!;

describe.each(databaseTargets)('the floor view on $name', (target) => {
  let api: TestApi;
  let pack2: string;
  let sue: SignedIn;
  let w1: { id: string; username: string };
  let w2: { id: string; username: string };
  const report = (credential: string, body: Record<string, unknown>) =>
    api.app.inject({ method: 'POST', url: '/v1/floor/reports', headers: api.stationHeaders(credential), payload: body });
  const overview = async (who: SignedIn, query = '') => {
    const res = await api.app.inject({ method: 'GET', url: `/v1/floor${query}`, headers: who.headers });
    expect(res.statusCode, res.body).toBe(200);
    return FloorOverviewSchema.parse(res.json());
  };

  beforeAll(async () => {
    api = await startTestApi(target);
    await api.knex('distribution_centers').insert(EWR);
    api.clock.advance(NOW - api.clock.now().getTime());
    pack2 = await api.registerStation('Pack 2');
    const ewrStation = await api.registerStation('Newark 1', 'EWR');
    const m1 = await api.createStaffMember('warehouse');
    const m2 = await api.createStaffMember('warehouse');
    w1 = { id: m1.staff.id, username: m1.username };
    w2 = { id: m2.staff.id, username: m2.username };
    sue = await api.signInAs('supervisor');

    const created = new Date(NOW).toISOString();
    const title = await insertId(api, 'titles', { name: 'Heat', year: 1995, genre: 'Crime', rating: 'R', runtime_minutes: 170, popularity: 10 });
    const customer = await insertId(api, 'customers', {
      email: 'floor@example.com', full_name: 'Angela Wright', pseudonym: 'aw', age_certified_at: created, home_dc: TEST_DC.code, policy_version: '2003-06', created_at: created, updated_at: created,
    });
    const shipment = async (dc: string, n: number) =>
      insertId(api, 'shipments', {
        order_number: `SH00000${n}`, customer_id: customer, title_id: title, dc, status: 'labeled', ship_by: created, ship_name: 'ANGELA WRIGHT',
        ship_line1: '1 MAIN ST', ship_city: 'SAN JOSE', ship_state: 'CA', ship_zip5: '95113', created_at: created,
      });
    const sjc = await shipment('SJC', 1);
    const ewr = await shipment('EWR', 2);
    let n = 0;
    const label = (shipmentId: number, station: string | null, staff: string, at: string, kind = 'printed') =>
      api.knex('label_events').insert({ id: `L${String(++n).padStart(4, '0')}`, shipment_id: shipmentId, kind, serial: '000001', staff_id: staff, at, station_id: station, reason: kind === 'printed' ? null : 'jam' });
    const mismatch = (station: string, staff: string, dc: string, at: string, reason = 'DISC_WRONG_TITLE') =>
      api.knex('scan_mismatches').insert({ id: `M${String(++n).padStart(4, '0')}`, station_id: station, staff_id: staff, dc, reason, at });
    const pack1Id = stationIdOf(api.station);
    const pack2Id = stationIdOf(pack2);
    // w1 at Pack 1: three in the 09:00 hour, two in the 11:00 hour (local); one reprint, which packs nothing.
    for (const at of ['2026-07-15T16:10:00.000Z', '2026-07-15T16:20:00.000Z', '2026-07-15T16:40:00.000Z', '2026-07-15T18:05:00.000Z', '2026-07-15T18:25:00.000Z']) await label(sjc, pack1Id, w1.id, at);
    await label(sjc, pack1Id, w1.id, '2026-07-15T18:26:00.000Z', 'reprinted');
    // w2 at Pack 2: one at 10:20; and one yesterday evening, local time, which is another shift.
    await label(sjc, pack2Id, w2.id, '2026-07-15T17:20:00.000Z');
    await label(sjc, pack2Id, w2.id, '2026-07-15T06:50:00.000Z');
    // Newark's floor is another floor.
    await label(ewr, stationIdOf(ewrStation), w2.id, '2026-07-15T17:00:00.000Z');
    await mismatch(pack1Id, w1.id, 'SJC', '2026-07-15T18:00:00.000Z');
    await mismatch(pack2Id, w2.id, 'SJC', '2026-07-15T17:25:00.000Z', 'DISC_UNKNOWN');
    await mismatch(pack2Id, w2.id, 'SJC', '2026-07-15T17:26:00.000Z', 'DISC_DAMAGED');
    await mismatch(stationIdOf(ewrStation), w2.id, 'EWR', '2026-07-15T17:00:00.000Z');

    // Pack 2 last reported a minute ago; Pack 1 just now, with its printer switched off.
    api.clock.advance(-60_000);
    expect((await report(pack2, { printerState: 'online', printerName: 'Zebra 2', printerProblem: null, printerWaiting: 0, pendingChanges: 0 })).statusCode).toBe(200);
    api.clock.advance(58_000);
    expect((await report(api.station, { printerState: 'offline', printerName: 'Zebra 1', printerProblem: 'connect ECONNREFUSED 10.0.0.9:9100', printerWaiting: 2, pendingChanges: 4 })).statusCode).toBe(200);
    api.clock.advance(2_000);
  }, 60_000);
  afterAll(async () => api?.close());

  it('counts the shift per station and per packer, by the hour, with wrong discs and what each station reported', async () => {
    const o = await overview(sue);
    expect(o).toMatchObject({ dc: 'SJC', timeZone: 'America/Los_Angeles', shiftStart: '2026-07-15T07:00:00.000Z', asOf: '2026-07-15T18:30:00.000Z' });
    expect(o.hours).toHaveLength(12);
    expect([o.hours[0], o.hours[11]]).toEqual(['00:00', '11:00']);
    expect(o.floor).toMatchObject({ packed: 6, mismatches: 3, lastActivityAt: '2026-07-15T18:25:00.000Z' });
    expect(o.floor.mismatchRate).toBeCloseTo(3 / 9);

    const byName = Object.fromEntries(o.stations.map((s) => [s.name, s]));
    expect(Object.keys(byName).sort()).toEqual(['Pack 1', 'Pack 2']);
    expect(byName['Pack 1']).toMatchObject({ online: true, printerState: 'offline', printerName: 'Zebra 1', printerProblem: 'connect ECONNREFUSED 10.0.0.9:9100', printerWaiting: 2, pendingChanges: 4, packed: 5, mismatches: 1 });
    expect(byName['Pack 1']!.perHour).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 3, 0, 2]);
    expect(byName['Pack 1']!.mismatchRate).toBeCloseTo(1 / 6);
    expect(byName['Pack 2']).toMatchObject({ online: false, printerState: 'online', packed: 1, mismatches: 2, lastActivityAt: '2026-07-15T17:26:00.000Z', reportedAt: '2026-07-15T18:29:00.000Z' });
    expect(byName['Pack 2']!.perHour[10]).toBe(1);

    expect(o.packers.map((p) => [p.username, p.packed, p.mismatches, p.stationName])).toEqual([
      [w1.username, 5, 1, 'Pack 1'],
      [w2.username, 1, 2, 'Pack 2'],
    ]);
    expect(o.distributionCenters.map((c) => c.code)).toEqual(['EWR', 'SJC']);
  });

  it('shows another distribution center’s floor when asked for it', async () => {
    const o = await overview(sue, '?dc=EWR');
    expect(o.floor).toMatchObject({ packed: 1, mismatches: 1 });
    expect(o.stations.map((s) => s.name)).toEqual(['Newark 1']);
    // 14:30 in Newark: fifteen hours of its day have begun.
    expect(o.hours).toHaveLength(15);
  });

  it('is for supervisors and admins; the report is for stations', async () => {
    for (const role of ['warehouse', 'cs_rep'] as const) {
      const member = await api.signInAs(role);
      expect((await api.app.inject({ method: 'GET', url: '/v1/floor', headers: member.headers })).statusCode).toBe(403);
      expect((await api.app.inject({ method: 'POST', url: '/v1/floor/exports', headers: member.headers, payload: {} })).statusCode).toBe(403);
    }
    await overview(await api.signInAs('admin'));
    const anonymous = await api.app.inject({ method: 'POST', url: '/v1/floor/reports', payload: { printerState: 'online', printerName: null, printerProblem: null, printerWaiting: 0, pendingChanges: 0 } });
    expect(anonymous.statusCode).toBe(401);
    // A station says only what the schema lists.
    const extra = await report(pack2, { printerState: 'online', printerName: null, printerProblem: null, printerWaiting: 0, pendingChanges: 0, customer: 'Angela Wright' });
    expect(extra.statusCode).toBe(400);
  });

  it('exports the figures as a CSV with its audit row, and nothing about customers or orders', async () => {
    const res = await api.app.inject({ method: 'POST', url: '/v1/floor/exports', headers: sue.headers, payload: {} });
    expect(res.statusCode, res.body).toBe(200);
    const { file } = res.json() as { file: { filename: string; content: string; rows: number } };
    const lines = file.content.trim().split('\r\n');
    expect(lines[0]).toBe('kind,name,username,station,packed,mismatches,mismatch_rate,printer,pending_changes,last_activity_utc,reported_utc,per_hour');
    expect(file.rows).toBe(4);
    expect(lines.find((l) => l.startsWith('station,Pack 1,'))).toContain(',5,1,0.1667,offline,4,');
    expect(lines.find((l) => l.startsWith(`packer,`) && l.includes(w1.username))).toContain('09:00=3');
    expect(file.content).not.toMatch(/Angela|WRIGHT|SH00000|Heat/);
    const audit = await api.auditRows('floor.exported');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ staff_id: sue.staff.id, station_id: stationIdOf(api.station) });
  });

  it('keeps no customer, order, title or disc in a recorded mismatch', async () => {
    const columns = Object.keys(await api.knex('scan_mismatches').columnInfo()).sort();
    expect(columns).toEqual(['at', 'dc', 'id', 'reason', 'staff_id', 'station_id']);
  });
});
