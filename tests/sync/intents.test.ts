/**
 * The central API serves only the intents the product sends (issue 11,
 * point 8), and none of them, alone or in sequence, brings an order of a
 * customer who has not certified being 18 to `labeled` or `shipped`.
 *
 * A modified station can push any name with any arguments, so this tries
 * every registered intent (with every argument it could aim at the order),
 * the names that used to be registered for tests, and sequences of them,
 * through the server's push as a packer and as a supervisor. Each sequence
 * runs in a transaction that is rolled back, so every one starts from the
 * same order; the push path is the production one (`applyPush`), and a few
 * of them also go over HTTP.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { monotonicFactory } from 'ulidx';
import { MUTATOR_NAMES } from '../../core/sync/mutators/index';
import { PushRequestSchema, type MutationResult } from '../../core/sync/protocol';
import { applyPush } from '../../api/sync/push';
import { databaseTargets } from '../api/harness';
import { DC, demoUser, pushRaw, startSyncWorld, type DemoUser, type SyncWorld, type TestStation } from './world';

const ulid = monotonicFactory();

/** The names the central API registered for tests only, before this issue. */
const FORMER_TEST_ONLY = ['shipment.markPacked', 'shipment.markLabeled', 'shipment.markReturned', 'disc.setStatus', 'shipment.packDisc'];

interface Attempt {
  name: string;
  args: Record<string, unknown>;
}

describe.each(databaseTargets)('intents against an order of a customer without age certification on $name', (target) => {
  let world: SyncWorld;
  let packer: TestStation;
  let order: { id: number; customer_id: number; title_id: number; disc_id: number; order_number: string };
  let attempts: Attempt[];
  let advancing: Attempt[];
  const before = new Map<number, string>();

  beforeAll(async () => {
    world = await startSyncWorld(target);
    const [id] = await world.allocate(1);
    order = await world.central('shipments').where({ id }).first('id', 'customer_id', 'title_id', 'disc_id', 'order_number');
    order = { ...order, id: Number(order.id), customer_id: Number(order.customer_id), title_id: Number(order.title_id), disc_id: Number(order.disc_id) };
    // The customer never certified being 18 (or withdrew it): the central office's truth, which a packing station never holds.
    await world.central('customers').where({ id: order.customer_id }).update({ age_certified_at: null });
    for (const s of await world.central('shipments').where({ customer_id: order.customer_id }).select('id', 'status')) before.set(Number(s.id), s.status);

    packer = await world.openStation({ user: 'wanda', name: 'Pack intents' });
    // The supervisor signed in at the same packing station too (the server checks the staff member behind each change).
    await world.signIn(packer.credential, 'sue');
    await packer.syncUntilQuiet();

    const otherCopy = (await world.central('discs')
      .where({ title_id: order.title_id, home_dc: DC, status: 'in_stock' })
      .whereNot({ id: order.disc_id })
      .first('id')) as { id: number } | undefined;
    const outWithCustomer = (await world.central('shipments').where({ customer_id: order.customer_id }).whereIn('status', ['shipped', 'lost']).whereNotNull('disc_id').first('disc_id', 'id as shipment_id')) as
      | { disc_id: number; shipment_id: number }
      | undefined;
    const serial = '901234000000901';
    const shipmentId = order.id;
    const pack = (discId: number): Attempt => ({ name: 'shipment.packAndLabel', args: { shipmentId, discId, labelSerial: serial, printer: 'Zebra 1' } });
    advancing = [
      pack(order.disc_id),
      ...(otherCopy ? [pack(Number(otherCopy.id))] : []),
      { name: 'shipment.markShipped', args: { shipmentId } },
      { name: 'shipment.markPacked', args: { shipmentId } },
      { name: 'shipment.markLabeled', args: { shipmentId, labelSerial: serial } },
      { name: 'shipment.packDisc', args: { shipmentId, discId: order.disc_id } },
    ];
    attempts = [
      ...advancing,
      { name: 'shipment.void', args: { shipmentId, reason: 'trying a way round' } },
      { name: 'shipment.requeue', args: { shipmentId, reason: 'trying a way round' } },
      { name: 'shipment.checkIn', args: { discId: order.disc_id } },
      ...(outWithCustomer ? [{ name: 'shipment.checkIn', args: { discId: Number(outWithCustomer.disc_id) } }] : []),
      { name: 'shipment.markReturned', args: { shipmentId } },
      { name: 'disc.setStatus', args: { discId: order.disc_id, status: 'in_stock' } },
      { name: 'labelEvent.record', args: { shipmentId, kind: 'printed', serial, printer: 'Zebra 1' } },
      { name: 'labelEvent.record', args: { shipmentId, kind: 'voided', serial, reason: 'trying a way round' } },
      { name: 'audit.record', args: { action: 'customer.age_certified', customerId: order.customer_id, reason: 'trying a way round' } },
      { name: 'scanMismatch.record', args: { reason: 'DISC_WRONG_TITLE' } },
      { name: 'preferences.set', args: { customerId: order.customer_id, field: 'email_offers', value: false, channel: 'phone' } },
      { name: 'customer.updateContact', args: { customerId: order.customer_id, fullName: 'Someone Else' } },
      // A problem with a disc out with the customer: its replacement needs the age certification like any allocation.
      { name: 'shipment.reportProblem', args: { shipmentId: outWithCustomer ? Number(outWithCustomer.shipment_id) : shipmentId, kind: 'not_received', reason: 'trying a way round' } },
      { name: 'shipment.decideProblem', args: { problemId: shipmentId.toString(), decision: 'approve', reason: 'trying a way round' } },
      { name: 'customer.addNote', args: { customerId: order.customer_id, reason: 'phone_call', body: 'Says they are 18 now' } },
      // Extra fields are refused, not ignored: no intent writes the age certification.
      { name: 'customer.updateContact', args: { customerId: order.customer_id, ageCertifiedAt: '2000-01-01T00:00:00.000Z' } },
      { name: 'address.update', args: { customerId: order.customer_id, address: { line1: '1 Main St', city: 'Springfield', state: 'IL', zip: '62704' } } },
      {
        name: 'distributionCenter.setPostal',
        args: {
          distributionCenter: DC,
          setup: { serviceName: 'Backlot', permitNumber: '1', permitCity: 'San Jose', permitState: 'CA', brmPermitNumber: '2', brmZip: '95131-9901', serviceOption: 'basic', addressCorrection: 'none', imbTracing: false, brmTracing: false },
        },
      },
    ];
  }, 120_000);
  afterAll(async () => world?.close());

  /** Pushes one sequence as `user` inside a transaction that is rolled back; answers each mutation's result and the customer's shipments afterwards. */
  async function trySequence(user: DemoUser, sequence: Attempt[]): Promise<{ results: MutationResult[]; shipments: { id: number; status: string }[] }> {
    const trx = await world.central.transaction();
    try {
      const staffId = demoUser(user).id;
      const body = PushRequestSchema.parse({
        clientId: packer.clientId,
        mutations: sequence.map((a) => ({ id: ulid(), name: a.name, args: a.args, staffId, at: new Date().toISOString(), baseVersions: {} })),
      });
      const { results } = await applyPush({ knex: trx as unknown as Knex, clock: { now: () => new Date() } }, { id: packer.stationId, name: packer.name, distributionCenter: DC }, body);
      const shipments = ((await trx('shipments').where({ customer_id: order.customer_id }).select('id', 'status')) as { id: number; status: string }[]).map((s) => ({ id: Number(s.id), status: s.status }));
      return { results, shipments };
    } finally {
      await trx.rollback();
    }
  }

  const labeledOrShipped = (shipments: { id: number; status: string }[]) =>
    shipments.filter((s) => (s.status === 'labeled' || s.status === 'shipped') && before.get(s.id) !== s.status);

  function check(sequence: Attempt[], outcome: Awaited<ReturnType<typeof trySequence>>, who: string) {
    const label = `${who}: ${sequence.map((a) => a.name).join(' -> ')}`;
    expect(labeledOrShipped(outcome.shipments), label).toEqual([]);
    outcome.results.forEach((r, i) => {
      if (!advancing.includes(sequence[i]!)) return;
      expect(r.status, `${label} (#${i + 1})`).toBe('rejected');
      expect(r.status === 'rejected' && (r.reason ?? '').trim().length > 10, `${label} (#${i + 1}) says why`).toBe(true);
    });
  }

  it('the registry holds no test-only intent: every former one is unknown to the central office', async () => {
    for (const name of FORMER_TEST_ONLY) expect(MUTATOR_NAMES as readonly string[]).not.toContain(name);
    const { results } = await trySequence('wanda', FORMER_TEST_ONLY.map((name) => attempts.find((a) => a.name === name)!));
    expect(results.map((r) => r.status === 'rejected' && r.reason)).toEqual(FORMER_TEST_ONLY.map(() => 'MUTATOR_UNKNOWN'));
  });

  it('every registered intent is among those tried', () => {
    for (const name of MUTATOR_NAMES) expect(attempts.map((a) => a.name), name).toContain(name);
  });

  it('the scan-verified pack is refused with the reason: the customer has not certified being 18', async () => {
    for (const user of ['wanda', 'sue'] as const) {
      const { results } = await trySequence(user, [advancing[0]!]);
      expect(results[0]).toMatchObject({ status: 'rejected', reason: 'CUSTOMER_NOT_AGE_CERTIFIED', message: expect.stringMatching(/not certified they are 18/) });
    }
  });

  it('no single intent and no sequence of two brings the order to labeled or shipped, as a packer or a supervisor', async () => {
    let tried = 0;
    for (const user of ['wanda', 'sue'] as const) {
      for (const a of attempts) {
        check([a], await trySequence(user, [a]), user);
        tried++;
        for (const b of attempts) {
          check([a, b], await trySequence(user, [a, b]), user);
          tried++;
        }
      }
    }
    expect(tried).toBe(2 * (attempts.length + attempts.length ** 2));
  }, 600_000);

  it('no sequence of three status-changing intents does either', async () => {
    const moves = attempts.filter((a) => a.name.startsWith('shipment.') || a.name === 'disc.setStatus');
    for (const a of moves) for (const b of moves) for (const c of moves) check([a, b, c], await trySequence('wanda', [a, b, c]), 'wanda');
  }, 600_000);

  it('over HTTP too: the pack and the bare status changes are refused, and the order stays allocated', async () => {
    const staffId = demoUser('wanda').id;
    const res = await pushRaw(world, packer.credential, {
      clientId: packer.clientId,
      mutations: [advancing[0]!, ...attempts.filter((a) => FORMER_TEST_ONLY.includes(a.name))].map((a) => ({ id: ulid(), name: a.name, args: a.args, staffId, at: new Date().toISOString(), baseVersions: {} })),
    });
    expect(res.statusCode).toBe(200);
    for (const r of res.json().results as MutationResult[]) expect(r).toMatchObject({ status: 'rejected', reason: expect.any(String) });
    expect((await world.central('shipments').where({ id: order.id }).first('status')).status).toBe('allocated');
  });
});
