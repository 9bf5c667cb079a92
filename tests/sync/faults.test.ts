/**
 * Three stations, a flaky network and a station killed mid-push (DESIGN §6).
 * N random mutations (BACKLOT_FAULT_MUTATIONS, default 600) are made at a
 * packing station, a supervisor's station (packing and CS scope) and a CS
 * desk, while the network between them and the central API drops, repeats,
 * delays and reorders requests and answers, and central allocation keeps
 * adding work. Afterwards: nothing lost, nothing applied twice, and every
 * station holds exactly the server's rows for its scope.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { PREFERENCE_FIELDS } from '../../core/sync/mutators/preferences-set';
import { STATION_HELD_STATUSES } from '../../core/sync/shipment-status';
import { databaseTargets } from '../api/harness';
import { FaultProxy, NO_FAULTS, type FaultPlan, type FaultStats } from './fault-proxy';
import { seededRandom } from '../kit/seeded-random';
import { divergence } from './scope-oracle';
import { DC, startSyncWorld, type SyncWorld, type TestStation } from './world';

const MUTATIONS = Number(process.env.BACKLOT_FAULT_MUTATIONS ?? 600);
const SEED = Number(process.env.BACKLOT_FAULT_SEED ?? 20240501);

const FLAKY: FaultPlan = { dropRequest: 0.06, dropResponse: 0.06, duplicate: 0.08, delay: 0.3, maxDelayMs: 12, stall: 0.01, stallMs: 2500 };

const ADDRESSES = [
  { line1: '12 north main street', city: 'Springfield', state: 'IL', zip: '62704' },
  { line1: '400 Elm Avenue', line2: 'Apt 3', city: 'Austin', state: 'TX', zip: '78701-1234' },
  { line1: '77 Massachusetts Ave', city: 'Cambridge', state: 'MA', zip: '02139' },
  { line1: '1600 Pennsylvania Avenue NW', city: 'Washington', state: 'DC', zip: '20500' },
];

interface Made {
  id: string;
  name: string;
}

describe.each(databaseTargets)(`sync under faults on $name (${MUTATIONS} mutations)`, (target) => {
  let world: SyncWorld;
  const stats: FaultStats = { requests: 0, droppedRequests: 0, droppedResponses: 0, duplicates: 0, delayed: 0, stalled: 0, killed: 0 };
  const random = seededRandom(SEED);
  const proxies = new Map<string, FaultProxy>();
  let stations: TestStation[] = [];
  const made = new Map<string, Made[]>();

  beforeAll(async () => {
    world = await startSyncWorld(target);
    await world.allocate(40);
    const open = async (user: 'wanda' | 'sue' | 'carl', name: string) => {
      const proxy = new FaultProxy(world.fetch, seededRandom(SEED + proxies.size + 1), NO_FAULTS, stats);
      proxies.set(name, proxy);
      // Short client timeout so stalled answers really are given up on.
      const s = await world.openStation({ user, name, fetch: proxy.fetch, timeoutMs: 2000, engine: { pushBatch: 25, pullLimit: 300 } });
      made.set(name, []);
      return s;
    };
    stations = [await open('wanda', 'packer'), await open('sue', 'supervisor'), await open('carl', 'cs-desk')];
    // Both desks with a CS scope open the same customers, so their edits meet.
    const customers = (await world.central('shipments').where({ dc: DC }).distinct('customer_id').orderBy('customer_id').limit(8).pluck('customer_id')) as number[];
    for (const s of stations.slice(1)) for (const c of customers) await s.engine.subscribe(Number(c), s.token, 'phone_call');
    for (const s of stations) await s.syncUntilQuiet();
  }, 120_000);
  afterAll(async () => world?.close());

  const pick = <T>(items: readonly T[]): T | undefined => (items.length === 0 ? undefined : items[Math.floor(random() * items.length)]);

  async function packingMutation(s: TestStation, n: number) {
    const r = random();
    if (r < 0.06) return s.mutate('audit.record', { action: 'label.looked_up', reason: `check ${n}` });
    const shipment = pick(await s.knex('shipments').where({ dc: DC }).whereIn('status', STATION_HELD_STATUSES as string[]).select('id', 'status', 'disc_id'));
    if (!shipment) return null;
    // Out with the customer: the disc comes back (the only move left for this station), now and then damaged.
    if (shipment.status === 'shipped' || shipment.status === 'lost') {
      if (shipment.disc_id === null) return null;
      return s.mutate('shipment.checkIn', { discId: Number(shipment.disc_id), ...(random() < 0.3 ? { damageReason: 'cracked hub' } : {}) });
    }
    const serial = String(901234000000000 + n);
    const q = random();
    if (q < 0.04) return s.mutate('shipment.void', { shipmentId: shipment.id, reason: 'customer cancelled' });
    if (q < 0.08) return s.mutate('shipment.requeue', { shipmentId: shipment.id, reason: 'label smudged' });
    if (q < 0.2) return s.mutate('labelEvent.record', { shipmentId: shipment.id, kind: q < 0.12 ? 'printed' : 'reprinted', serial, reason: q < 0.12 ? null : 'smudged', printer: 'Zebra 2' });
    // Acting on what this station believes: another station may already have moved it (a rejection at the server).
    switch (shipment.status) {
      case 'allocated':
      case 'picked':
        if (shipment.disc_id === null) return null;
        return s.mutate('shipment.packAndLabel', { shipmentId: shipment.id, discId: Number(shipment.disc_id), labelSerial: serial, printer: 'Zebra 2' });
      default:
        return s.mutate('shipment.markShipped', { shipmentId: shipment.id });
    }
  }

  async function customerMutation(s: TestStation, n: number) {
    const customer = pick(await s.knex('customers').select('id'));
    if (!customer) return null;
    const r = random();
    if (r < 0.45) return s.mutate('preferences.set', { customerId: customer.id, field: pick(PREFERENCE_FIELDS)!, value: random() < 0.5, channel: 'phone' });
    if (r < 0.75) {
      const which = random();
      if (which < 0.33) return s.mutate('customer.updateContact', { customerId: customer.id, fullName: `Customer ${n}` });
      if (which < 0.66) return s.mutate('customer.updateContact', { customerId: customer.id, phone: `+1415555${String(n % 10000).padStart(4, '0')}` });
      return s.mutate('customer.updateContact', { customerId: customer.id, email: `c${customer.id}.${n}@example.com` });
    }
    if (r < 0.9) return s.mutate('address.update', { customerId: customer.id, address: pick(ADDRESSES)! });
    return s.mutate('audit.record', { action: 'customer.viewed', customerId: customer.id, fields: ['email', 'phone'], reason: 'caller asked' });
  }

  async function randomMutation(s: TestStation, n: number): Promise<void> {
    const kind = s.name === 'packer' ? 'pack' : s.name === 'cs-desk' ? 'cs' : random() < 0.5 ? 'pack' : 'cs';
    try {
      const result = kind === 'pack' ? await packingMutation(s, n) : await customerMutation(s, n);
      if (result) made.get(s.name)!.push({ id: result.mutationId, name: (await s.knex('outbox').where({ mutation_id: result.mutationId }).first('name')).name });
    } catch (err) {
      // Refused at the station itself (its own state machine, a missing row): nothing was queued.
      if (!(err instanceof AppError)) throw err;
    }
  }

  it('loses nothing, applies nothing twice, and every station converges on the server’s state for its scope', async () => {
    const started = Date.now();
    for (const p of proxies.values()) p.plan = FLAKY;
    const running = new Set<Promise<unknown>>();
    const track = (p: Promise<unknown>) => {
      running.add(p);
      void p.finally(() => running.delete(p));
    };
    const killAt = Math.floor(MUTATIONS / 2);

    for (let n = 0; n < MUTATIONS; n++) {
      const s = stations[Math.floor(random() * stations.length)]!;
      await randomMutation(s, n);
      if (random() < 0.2) track(pick(stations)!.engine.syncNow());
      // Central keeps allocating work and editing records outside any station.
      if (random() < 0.03) track(world.allocate(2));
      if (random() < 0.01) track(world.central('customers').where({ id: (await stations[2]!.knex('customers').first('id'))?.id ?? 1 }).update({ status: 'active' }));
      if (n % 40 === 39) await Promise.all([...running]);
      if (process.env.BACKLOT_FAULT_PROGRESS && n % 250 === 0) console.info(`[faults ${target.name}] ${n}/${MUTATIONS} after ${((Date.now() - started) / 1000).toFixed(1)}s`);

      if (n === killAt) {
        // The packing station dies after the server applied its push but before the answer arrived.
        await Promise.all([...running]);
        const packer = stations[0]!;
        for (let k = 0; k < 3; k++) await randomMutation(packer, MUTATIONS + k);
        // At least one change is in flight when it dies (an audit fact is always accepted locally).
        const audit = await packer.mutate('audit.record', { action: 'label.looked_up', reason: 'before the crash' });
        made.get('packer')!.push({ id: audit.mutationId, name: 'audit.record' });
        const pendingBefore = await packer.knex('outbox').where({ status: 'pending' }).pluck('mutation_id');
        const proxy = proxies.get('packer')!;
        proxy.plan = NO_FAULTS;
        const killed = proxy.killAfterApply();
        const outcome = await packer.sync();
        await killed;
        expect(outcome.ok).toBe(false);
        // Applied at the server, still pending at the station: the answer never came.
        const last = (await world.central('sync_clients').where({ client_id: packer.clientId }).first('last_mutation_id')).last_mutation_id;
        expect(last >= pendingBefore[0]).toBe(true);
        expect(await packer.knex('outbox').where({ status: 'pending' }).pluck('mutation_id')).toEqual(pendingBefore);
        await packer.restart();
        proxy.plan = FLAKY;
      }
    }

    // The network heals; everyone syncs until a whole round pushes nothing.
    await Promise.all([...running]);
    for (const p of proxies.values()) {
      p.plan = NO_FAULTS;
      await p.settle();
    }
    for (let round = 0; round < 20; round++) {
      let pushed = 0;
      for (const s of stations) {
        const outcome = await s.sync();
        expect(outcome.ok, JSON.stringify(outcome)).toBe(true);
        pushed += outcome.pushed;
      }
      if (pushed === 0) break;
    }

    const seconds = (Date.now() - started) / 1000;
    console.info(`[faults ${target.name}] ${MUTATIONS} mutations in ${seconds.toFixed(1)}s; network: ${JSON.stringify(stats)}`);
    expect(stats.droppedRequests + stats.droppedResponses + stats.duplicates + stats.stalled).toBeGreaterThan(0);
    expect(stats.killed).toBe(1);

    let totalApplied = 0;
    let totalRejected = 0;
    for (const s of stations) {
      const mine = made.get(s.name)!;
      const ids = mine.map((m) => m.id);
      // Zero lost: the server's ledger for this client accounts for every mutation made, once.
      const client = await world.central('sync_clients').where({ client_id: s.clientId }).first();
      const rejected = (await world.central('sync_rejections').where({ client_id: s.clientId }).pluck('mutation_id')) as string[];
      expect(Number(client.applied_count) + Number(client.rejected_count), s.name).toBe(ids.length);
      expect(Number(client.rejected_count)).toBe(rejected.length);
      expect(client.last_mutation_id).toBe([...ids].sort().at(-1));
      expect(rejected.every((id) => ids.includes(id))).toBe(true);
      totalApplied += Number(client.applied_count);
      totalRejected += rejected.length;

      // The station heard every verdict: nothing pending, refused ones shown with their reason.
      expect(await s.knex('outbox').whereIn('status', ['pending', 'applied']).count({ n: '*' }).first(), s.name).toMatchObject({ n: 0 });
      expect((await s.knex('outbox').where({ status: 'rejected' }).pluck('mutation_id')).sort()).toEqual([...rejected].sort());
      expect(await s.knex('sync_undo').count({ n: '*' }).first()).toMatchObject({ n: 0 });
      const conflicts = (await world.central('sync_conflicts').where({ client_id: s.clientId }).pluck('id')) as string[];
      expect((await s.knex('conflicts').pluck('id')).sort(), s.name).toEqual([...conflicts].sort());

      // Zero applied twice: each row a mutation creates exists exactly once, and only if it was applied.
      const refused = new Set(rejected);
      for (const m of mine) {
        const table = m.name === 'labelEvent.record' || m.name === 'shipment.packAndLabel' ? 'label_events' : m.name === 'audit.record' ? 'audit_log' : null;
        if (!table) continue;
        const n = Number((await world.central(table).where({ id: m.id }).count({ n: '*' }).first())?.n);
        expect(n, `${m.name} ${m.id}`).toBe(refused.has(m.id) ? 0 : 1);
      }

      // Converged: the cache equals the server's rows for this station's scope, server versions included.
      expect(await divergence(world.central, s.knex, { stationId: s.stationId, dc: DC, role: s.user.role }), s.name).toEqual({});
    }
    expect(totalApplied).toBeGreaterThan(MUTATIONS / 3);
    expect(totalRejected).toBeGreaterThan(0);
    console.info(`[faults ${target.name}] applied ${totalApplied}, rejected ${totalRejected}, conflicts ${await world.central('sync_conflicts').count({ n: '*' }).first().then((r) => r?.n)}`);
  }, 3_600_000);
});
