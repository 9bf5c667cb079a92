import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monotonicFactory } from 'ulidx';
import { databaseTargets } from '../api/harness';
import { applyPush, PUSH_COMMIT_RUN } from '../../api/sync/push';
import { PushRequestSchema } from '../../core/sync/protocol';
import { count, DC, demoUser, openShipmentsAt, packAndLabel, pendingPush, pushRaw, startSyncWorld, type SyncWorld, type TestStation } from './world';

const ulid = monotonicFactory();

describe.each(databaseTargets)('push on $name', (target) => {
  let world: SyncWorld;
  let packer: TestStation;
  beforeAll(async () => {
    world = await startSyncWorld(target);
    await world.allocate(12);
    packer = await world.openStation({ user: 'wanda', name: 'Pack 1' });
    await packer.syncUntilQuiet();
  });
  afterAll(async () => world?.close());

  const shipmentStatus = async (id: number) => (await world.central('shipments').where({ id }).first('status')).status as string;
  const nextOpen = async () => {
    const local = await packer.knex('shipments').where({ status: 'allocated' }).orderBy('id');
    const used = new Set<number>();
    return () => {
      const s = local.find((r) => !used.has(r.id));
      used.add(s.id);
      return s.id as number;
    };
  };

  it('a change made at the station is written locally and queued in one transaction', async () => {
    const pick = await nextOpen();
    const id = pick();
    const { mutationId } = await packAndLabel(packer, id);
    expect((await packer.knex('shipments').where({ id }).first()).status).toBe('labeled');
    const outbox = await packer.knex('outbox').where({ mutation_id: mutationId }).first();
    expect(outbox).toMatchObject({ name: 'shipment.packAndLabel', status: 'pending', staff_id: demoUser('wanda').id });
    expect(JSON.parse(outbox.base_versions)).toEqual(expect.objectContaining({ [`shipments:${id}`]: expect.any(Number) }));
    // Nothing reached the central office yet.
    expect(await shipmentStatus(id)).toBe('allocated');
    await packer.syncUntilQuiet();
    expect(await shipmentStatus(id)).toBe('labeled');
    expect(await count(packer.knex, 'outbox')).toBe(0);
  });

  it('a change the station itself refuses is neither applied nor queued', async () => {
    const pick = await nextOpen();
    const id = pick();
    const before = await count(packer.knex, 'outbox');
    await expect(packer.mutate('shipment.markShipped', { shipmentId: id })).rejects.toMatchObject({ code: 'CONFLICT', reason: 'SHIPMENT_ILLEGAL_TRANSITION', message: expect.stringMatching(/^Order \S+ is allocated; /) });
    expect((await packer.knex('shipments').where({ id }).first()).status).toBe('allocated');
    expect(await count(packer.knex, 'outbox')).toBe(before);
  });

  it('the same batch pushed again (a retry after a lost answer) is applied exactly once', async () => {
    const pick = await nextOpen();
    const shipmentId = pick();
    await packer.mutate('labelEvent.record', { shipmentId, kind: 'printed', serial: '901234000000123', printer: 'Zebra 1' });
    await packAndLabel(packer, shipmentId);
    const { rows, body } = await pendingPush(packer);
    const first = await pushRaw(world, packer.credential, body);
    const second = await pushRaw(world, packer.credential, body);
    expect(first.statusCode).toBe(200);
    expect(first.json().results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied']);
    expect(second.json().results.map((r: { status: string }) => r.status)).toEqual(['duplicate', 'duplicate']);
    expect(second.json().lastMutationId).toBe(rows[1]!.mutation_id);
    expect(await count(world.central, 'label_events', { id: rows[0]!.mutation_id })).toBe(1);
    const client = await world.central('sync_clients').where({ client_id: packer.clientId }).first();
    expect(Number(client.applied_count)).toBe(3);
    // The station's own push finds nothing new and its pull acknowledges both.
    await packer.syncUntilQuiet();
    expect(await count(packer.knex, 'outbox')).toBe(0);
    expect(await count(packer.knex, 'label_events', { id: rows[0]!.mutation_id })).toBe(1);
  });

  it('two concurrent pushes of the same mutations apply them once', async () => {
    const pick = await nextOpen();
    const shipmentId = pick();
    await packAndLabel(packer, shipmentId, { labelSerial: '901234000000124' });
    await packer.mutate('labelEvent.record', { shipmentId, kind: 'reprinted', serial: '901234000000124', reason: 'smudged' });
    await packer.mutate('shipment.markShipped', { shipmentId });
    const { rows, body } = await pendingPush(packer);
    const before = Number((await world.central('sync_clients').where({ client_id: packer.clientId }).first()).applied_count);
    const answers = await Promise.all([pushRaw(world, packer.credential, body), pushRaw(world, packer.credential, body), pushRaw(world, packer.credential, body)]);
    const statuses = answers.flatMap((a) => a.json().results.map((r: { status: string }) => r.status));
    expect(statuses.filter((s: string) => s === 'applied')).toHaveLength(3);
    expect(statuses.filter((s: string) => s === 'duplicate')).toHaveLength(6);
    expect(Number((await world.central('sync_clients').where({ client_id: packer.clientId }).first()).applied_count)).toBe(before + 3);
    expect(await shipmentStatus(shipmentId)).toBe('shipped');
    await packer.syncUntilQuiet();
  });

  // A message to PostgreSQL costs the API and the server more than a short statement (bench:central): a pack's
  // push is one for the staff check, one for BEGIN with the client row, one per read the mutator needs an answer
  // from (shipment, disc, title, customer, the update's new version), and one for its held writes with the ledger
  // update and COMMIT. Eleven before BEGIN and COMMIT rode with statements and writes with the next message.
  if (target.name === 'postgres') it('a pack reaches PostgreSQL in eight messages: BEGIN and COMMIT ride with statements, its writes with the ledger', async () => {
    const pick = await nextOpen();
    const station = { id: packer.stationId, name: 'Pack 1', distributionCenter: DC };
    const sent: string[] = [];
    const pgClient = (await import('pg')).default.Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
    const query = pgClient.query;
    const pushOne = async (count: boolean) => {
      await packAndLabel(packer, pick());
      const { body } = await pendingPush(packer);
      if (count) {
        pgClient.query = function (this: unknown, ...args: unknown[]) {
          const text = typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text;
          // A text new to this connection is PREPAREd once in a message of its own; it is not the push's cost.
          if (!text.startsWith('PREPARE ')) sent.push(text);
          return query.apply(this, args);
        };
      }
      try {
        return await applyPush({ knex: world.central, clock: { now: () => new Date() } }, station, PushRequestSchema.parse(body));
      } finally {
        pgClient.query = query;
        await packer.syncUntilQuiet();
      }
    };
    await pushOne(false);
    const answer = await pushOne(true);
    expect(answer.results.map((r) => r.status)).toEqual(['applied']);
    expect(sent).toHaveLength(8);
    expect(sent[1]).toMatch(/^BEGIN;\nEXECUTE /);
    // Field versions, the label event, the ledger update, COMMIT.
    expect(sent[sent.length - 1]!.split(';\n').map((statement) => statement.split(' ')[0])).toEqual(['EXECUTE', 'EXECUTE', 'EXECUTE', 'COMMIT']);
    expect(sent.filter((text) => /^(BEGIN|COMMIT);?$/.test(text))).toEqual([]);
  });

  it('a batch the server fails halfway through (the database went away) leaves none of it applied, and the retry applies each once', async () => {
    const pick = await nextOpen();
    const shipmentId = pick();
    await packer.mutate('labelEvent.record', { shipmentId, kind: 'printed', serial: '901234000000125' });
    await packAndLabel(packer, shipmentId, { labelSerial: '901234000000125' });
    await packer.mutate('shipment.markShipped', { shipmentId });
    const { rows, body } = await pendingPush(packer);
    const ledger = async () => (await world.central('sync_clients').where({ client_id: packer.clientId }).first()) as { last_mutation_id: string; applied_count: number | string };
    const before = await ledger();
    const station = { id: packer.stationId, name: 'Pack 1', distributionCenter: DC };
    // The clock is read once for the client row, then once per mutation: the third mutation's read fails.
    let reads = 0;
    const failingNow = () => {
      if (++reads === 4) throw new Error('connection to the database lost');
      return new Date();
    };
    await expect(applyPush({ knex: world.central, clock: { now: failingNow } }, station, PushRequestSchema.parse(body))).rejects.toThrow('connection to the database lost');
    // The first two ran (in their savepoints) before the failure; the batch's rollback took them back out.
    expect(await count(world.central, 'label_events', { id: rows[0]!.mutation_id })).toBe(0);
    expect(await shipmentStatus(shipmentId)).toBe('allocated');
    expect(await ledger()).toMatchObject({ last_mutation_id: before.last_mutation_id, applied_count: before.applied_count });

    const retry = await pushRaw(world, packer.credential, body);
    expect(retry.json().results.map((r: { status: string }) => r.status)).toEqual(['applied', 'applied', 'applied']);
    expect(await count(world.central, 'label_events', { id: rows[0]!.mutation_id })).toBe(1);
    expect(await shipmentStatus(shipmentId)).toBe('shipped');
    expect(Number((await ledger()).applied_count)).toBe(Number(before.applied_count) + 3);
    await packer.syncUntilQuiet();
    expect(await count(packer.knex, 'outbox')).toBe(0);
  });

  it('a long batch commits in runs: a failure in a later run keeps the earlier runs, and the retry applies the rest once', async () => {
    for (let i = 0; i < 60; i++) await packer.mutate('audit.record', { action: 'label.looked_up', reason: `run ${i}` });
    const { rows, body } = await pendingPush(packer);
    expect(rows).toHaveLength(60);
    const ledger = async () => (await world.central('sync_clients').where({ client_id: packer.clientId }).first()) as { last_mutation_id: string; applied_count: number | string };
    const before = await ledger();
    const station = { id: packer.stationId, name: 'Pack 1', distributionCenter: DC };
    // One clock read for the client row, one per mutation and one for the ledger: the third mutation of the second run fails.
    const RUN = PUSH_COMMIT_RUN;
    expect(RUN * 2, 'the batch spans more than one run').toBeLessThan(60);
    let reads = 0;
    const failingNow = () => {
      if (++reads === RUN + 6) throw new Error('connection to the database lost');
      return new Date();
    };
    await expect(applyPush({ knex: world.central, clock: { now: failingNow } }, station, PushRequestSchema.parse(body))).rejects.toThrow('connection to the database lost');
    // The first run committed with its ledger; the second run's mutations were rolled back with it.
    expect(await ledger()).toMatchObject({ last_mutation_id: rows[RUN - 1]!.mutation_id });
    expect(Number((await ledger()).applied_count)).toBe(Number(before.applied_count) + RUN);

    const retry = await pushRaw(world, packer.credential, body);
    const statuses = retry.json().results.map((r: { status: string }) => r.status);
    expect(statuses.filter((s: string) => s === 'duplicate')).toHaveLength(RUN);
    expect(statuses.filter((s: string) => s === 'applied')).toHaveLength(60 - RUN);
    expect(Number((await ledger()).applied_count)).toBe(Number(before.applied_count) + 60);
    // Each of the sixty activity records is in the central log exactly once.
    const logged = (await world.central('audit_log').where('reason', 'like', 'run %').pluck('reason')) as string[];
    expect([...logged].sort()).toEqual(Array.from({ length: 60 }, (_, i) => `run ${i}`).sort());
    await packer.syncUntilQuiet();
    expect(await count(packer.knex, 'outbox')).toBe(0);
  });

  it('two stations packing the same order at the same instant: one is applied, the other rejected', async () => {
    const pick = await nextOpen();
    const shipmentId = pick();
    const other = await world.openStation({ user: 'sue', name: 'Pack 2' });
    await other.syncUntilQuiet();
    await packAndLabel(packer, shipmentId);
    await packAndLabel(other, shipmentId);
    const bodyOf = async (s: TestStation) => (await pendingPush(s)).body;
    const [a, b] = await Promise.all([pushRaw(world, packer.credential, await bodyOf(packer)), pushRaw(world, other.credential, await bodyOf(other))]);
    const statuses = [a, b].map((r) => r.json().results.at(-1).status).sort();
    expect(statuses).toEqual(['applied', 'rejected']);
    expect(await shipmentStatus(shipmentId)).toBe('labeled');
    await packer.syncUntilQuiet();
    await other.syncUntilQuiet();
  });

  it('a mutation that can never succeed is rejected with its reason, advances the client, and the next one applies', async () => {
    const pick = await nextOpen();
    const shipmentId = pick();
    const other = pick();
    await packAndLabel(packer, shipmentId);
    await packer.syncUntilQuiet();
    // Another station voids it meanwhile; this station has not heard yet and ships it.
    const sue = await world.openStation({ user: 'sue', name: 'Floor supervisor' });
    await sue.syncUntilQuiet();
    await sue.mutate('shipment.void', { shipmentId, reason: 'customer cancelled' });
    await sue.syncUntilQuiet();
    // An earlier test's race may already have left this station one rejection: count from here.
    const rejectedBefore = (await packer.engine.status()).rejectedMutations;
    const labeled = await packer.mutate('shipment.markShipped', { shipmentId });
    const packed = await packAndLabel(packer, other);
    const outcome = await packer.sync();
    expect(outcome.ok).toBe(true);

    const rejection = await world.central('sync_rejections').where({ mutation_id: labeled.mutationId }).first();
    expect(rejection).toMatchObject({ code: 'SHIPMENT_ILLEGAL_TRANSITION', name: 'shipment.markShipped' });
    expect(rejection.reason).toMatch(/is void/);
    const client = await world.central('sync_clients').where({ client_id: packer.clientId }).first();
    expect(client.last_mutation_id).toBe(packed.mutationId);
    expect(await shipmentStatus(other)).toBe('labeled');
    expect(await shipmentStatus(shipmentId)).toBe('void');
    // Shown at the station: kept as rejected with the reason, its optimistic effect gone.
    const status = await packer.engine.status();
    expect(status.rejectedMutations).toBe(rejectedBefore + 1);
    expect(status.recentRejections.find((r) => r.mutationId === labeled.mutationId)).toMatchObject({ mutationId: labeled.mutationId, name: 'shipment.markShipped', reason: 'SHIPMENT_ILLEGAL_TRANSITION', message: expect.stringMatching(/is void/) });
    // A voided shipment is no longer open: it left the packing station altogether.
    expect(await packer.knex('shipments').where({ id: shipmentId }).first()).toBeUndefined();
    expect(status.pendingMutations).toBe(0);

    // Read and cleared at the station: gone from the list, and who cleared it is audited there and at the central office.
    const wanda = { staffId: demoUser('wanda').id, role: 'warehouse' as const };
    await packer.engine.dismissRejection(labeled.mutationId, wanda);
    expect((await packer.engine.status()).rejectedMutations).toBe(rejectedBefore);
    expect(await packer.knex('audit_log').where({ action: 'sync.rejection_dismissed' }).first()).toMatchObject({ staff_id: wanda.staffId, reason: expect.stringContaining(labeled.mutationId) });
    await expect(packer.engine.dismissRejection(labeled.mutationId, wanda)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await packer.syncUntilQuiet();
    expect(await world.central('audit_log').where({ action: 'sync.rejection_dismissed' }).first()).toMatchObject({ staff_id: wanda.staffId, station_id: packer.stationId });
  });

  it('an illegal status change is rejected by the state machine even when the station skipped its own check', async () => {
    const [open] = (await openShipmentsAt(world.central)).filter((s) => s.status === 'allocated');
    const res = await pushRaw(world, packer.credential, {
      clientId: packer.clientId,
      mutations: [{ id: ulid(), name: 'shipment.markShipped', args: { shipmentId: open!.id }, staffId: demoUser('wanda').id, at: new Date().toISOString(), baseVersions: {} }],
    });
    expect(res.json().results[0]).toMatchObject({ status: 'rejected', reason: 'SHIPMENT_ILLEGAL_TRANSITION', message: expect.stringMatching(/Order \S+ is \w+; .*not shipped/) });
  });

  it('the server checks the staff member behind each mutation: role, activity, and sign-in at this station', async () => {
    const [open] = await openShipmentsAt(world.central);
    const m = (name: string, args: unknown, staffId: string) => ({ id: ulid(), name, args, staffId, at: new Date().toISOString(), baseVersions: {} });
    // carl (cs_rep) never signed in at the packing station; adam (admin) did not either.
    const res = await pushRaw(world, packer.credential, {
      clientId: packer.clientId,
      mutations: [
        m('shipment.markShipped', { shipmentId: open!.id }, demoUser('carl').id),
        m('shipment.markShipped', { shipmentId: open!.id }, 'stf_nobody'),
        m('no.suchThing', {}, demoUser('wanda').id),
        m('preferences.set', { customerId: 1, field: 'email_offers', value: false }, demoUser('wanda').id),
        m('shipment.markShipped', { shipmentId: 'seven' }, demoUser('wanda').id),
      ],
    });
    const results = res.json().results as { reason: string }[];
    expect(results.map((r) => r.reason)).toEqual(['STAFF_NEVER_HERE', 'STAFF_UNKNOWN', 'MUTATOR_UNKNOWN', 'ROLE_NOT_ALLOWED', 'ARGS_INVALID']);
    expect(await shipmentStatus(open!.id as number)).toBe(open!.status);
  });

  it('a supervisor at another distribution center’s station cannot void or requeue this center’s order; at its own center they can', async () => {
    const pick = await nextOpen();
    const shipmentId = pick();
    const before = await world.central('shipments').where({ id: shipmentId }).first('status', 'disc_id', 'dc');
    expect(before.dc).toBe(DC);
    const sue = demoUser('sue');
    const m = (name: string, args: unknown) => ({ id: ulid(), name, args, staffId: sue.id, at: new Date().toISOString(), baseVersions: {} });
    const elsewhere = await world.openStation({ user: 'sue', name: 'Supervisor at EWR', dc: 'EWR' });
    const refused = await pushRaw(world, elsewhere.credential, {
      clientId: elsewhere.clientId,
      mutations: [m('shipment.void', { shipmentId, reason: 'customer cancelled' }), m('shipment.requeue', { shipmentId, reason: 'label smudged' })],
    });
    for (const r of refused.json().results) {
      expect(r).toMatchObject({ status: 'rejected', reason: 'OUT_OF_SCOPE', message: expect.stringMatching(new RegExp(`belongs to distribution center ${DC}; only a station there can void it`)) });
    }
    expect(await world.central('shipments').where({ id: shipmentId }).first('status', 'disc_id', 'dc')).toEqual(before);
    expect(await count(world.central, 'audit_log', { action: 'shipment.voided', staff_id: sue.id, station_id: elsewhere.stationId })).toBe(0);

    const here = await world.openStation({ user: 'sue', name: 'Supervisor at SJC' });
    const applied = await pushRaw(world, here.credential, { clientId: here.clientId, mutations: [m('shipment.void', { shipmentId, reason: 'customer cancelled' })] });
    expect(applied.json().results[0]).toMatchObject({ status: 'applied' });
    expect(await shipmentStatus(shipmentId)).toBe('void');
  });

  it('a client id belongs to the station that used it first', async () => {
    const other = await world.api.registerStation('Intruder');
    const res = await pushRaw(world, other, { clientId: packer.clientId, mutations: [] });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.code).toBe('FORBIDDEN');
  });
});
