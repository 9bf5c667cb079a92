import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pruneTombstones } from '../../api/sync/tombstones';
import { databaseTargets } from '../api/harness';
import { count, pullRaw, startSyncWorld, type SyncWorld } from './world';

/** A fetch that tallies the rows each pull page carries and can be told to fail. */
function instrumentedFetch(inner: typeof fetch) {
  const tally = { pulls: 0, rows: 0, cursors: [] as (string | null)[] };
  let failPullNumber = -1;
  let pushBroken = false;
  const f = (async (input: string | URL | Request, init?: RequestInit) => {
    const path = new URL(String(input)).pathname;
    if (path.endsWith('/sync/push') && pushBroken) {
      return new Response(JSON.stringify({ error: { code: 'INTERNAL', message: 'push is broken on purpose' } }), { status: 500, headers: { 'content-type': 'application/json' } });
    }
    if (path.endsWith('/sync/pull')) {
      tally.pulls++;
      tally.cursors.push((JSON.parse(String(init?.body)) as { cursor: string | null }).cursor);
      if (tally.pulls === failPullNumber) throw new TypeError('fetch failed: connection reset');
      const res = await inner(input, init);
      const body = (await res.clone().json()) as { changes?: unknown[] };
      tally.rows += body.changes?.length ?? 0;
      return res;
    }
    return inner(input, init);
  }) as typeof fetch;
  return {
    fetch: f,
    tally,
    failPull(n: number) {
      failPullNumber = n;
    },
    breakPush(broken: boolean) {
      pushBroken = broken;
    },
  };
}

describe.each(databaseTargets)('pull on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
    await world.allocate(30);
  });
  afterAll(async () => world?.close());

  it('an interrupted initial sync resumes where it stopped, with progress shown meanwhile', async () => {
    const net = instrumentedFetch(world.fetch);
    const packer = await world.openStation({ user: 'wanda', name: 'Pack resume', fetch: net.fetch, engine: { pullLimit: 40 } });
    net.failPull(4);
    const first = await packer.sync();
    expect(first).toMatchObject({ ok: false, error: { code: 'OFFLINE' } });
    expect(net.tally.rows).toBe(120);
    const progress = (await packer.engine.status()).initialSync;
    expect(progress).toEqual({ pulled: 120, estimatedTotal: expect.any(Number) });
    expect(progress!.estimatedTotal!).toBeGreaterThan(120);

    // The station process dies here and starts again on the same cache.
    await packer.restart();
    await packer.syncUntilQuiet();
    expect(net.tally.cursors[4]).not.toBeNull();
    expect((await packer.engine.status()).initialSync).toBeNull();

    // Nothing was fetched twice: a station that pulls in one go receives as many rows.
    const fresh = await world.openStation({ user: 'wanda', name: 'Pack fresh' });
    let cursor: string | null = null;
    let rows = 0;
    for (;;) {
      const page: { changes: unknown[]; hasMore: boolean; cursor: string } = (await pullRaw(world, fresh.credential, fresh.token, { clientId: fresh.clientId, cursor, limit: 5000 })).json();
      rows += page.changes.length;
      if (!page.hasMore) break;
      cursor = page.cursor;
    }
    expect(net.tally.rows).toBe(rows);
    expect(progress!.estimatedTotal).toBe(rows);
    await fresh.syncUntilQuiet();
    for (const table of ['shipments', 'discs', 'disc_barcodes', 'titles', 'distribution_centers', 'label_events']) {
      expect(await packer.knex(table).orderBy(1).select(), table).toEqual(await fresh.knex(table).orderBy(1).select());
    }
  });

  it('a deleted row reaches the stations that hold it as a tombstone', async () => {
    const desk = await world.openStation({ user: 'carl', name: 'CS tombstones' });
    const packer = await world.openStation({ user: 'wanda', name: 'Pack tombstones' });
    const queued = await world.central('rental_queue').orderBy(['customer_id', 'position']).first();
    await desk.engine.subscribe(queued.customer_id, desk.token, 'phone_call');
    const [title] = (await world.central('titles').insert({ name: 'Short Run', year: 2003, genre: 'Drama', rating: 'PG', runtime_minutes: 90, popularity: 0 }).returning('id')) as ({ id: number } | number)[];
    const titleId = typeof title === 'object' ? title.id : title;
    for (const s of [desk, packer]) await s.syncUntilQuiet();
    expect(await count(desk.knex, 'rental_queue', { customer_id: queued.customer_id, title_id: queued.title_id })).toBe(1);
    expect(await count(packer.knex, 'titles', { id: titleId })).toBe(1);

    await world.central('rental_queue').where({ customer_id: queued.customer_id, title_id: queued.title_id }).del();
    await world.central('titles').where({ id: titleId }).del();
    for (const s of [desk, packer]) await s.syncUntilQuiet();
    expect(await count(desk.knex, 'rental_queue', { customer_id: queued.customer_id, title_id: queued.title_id })).toBe(0);
    expect(await count(desk.knex, 'titles', { id: titleId })).toBe(0);
    expect(await count(packer.knex, 'titles', { id: titleId })).toBe(0);
  });

  it('a station away longer than tombstones are kept re-pulls everything, and keeps its outbox', async () => {
    const net = instrumentedFetch(world.fetch);
    const desk = await world.openStation({ user: 'carl', name: 'CS away', fetch: net.fetch });
    const customerId = 4;
    await desk.engine.subscribe(customerId, desk.token, 'phone_call');
    await desk.syncUntilQuiet();
    const doomed = await world.central('rental_queue').where({ customer_id: customerId }).first();
    expect(doomed).toBeDefined();

    // An edit waits in the outbox (the push keeps failing) while central deletes a row and prunes the tombstone.
    net.breakPush(true);
    const { mutationId } = await desk.mutate('customer.updateContact', { customerId, fullName: 'Kept Through Resync' });
    await world.central('rental_queue').where({ customer_id: customerId, title_id: doomed.title_id }).del();
    expect(await pruneTombstones(world.central, new Date(Date.now() + 24 * 3600_000))).toBeGreaterThan(0);
    const pullsBefore = net.tally.pulls;

    const outcome = await desk.sync();
    expect(outcome).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    // The first pull was answered with resync; the station started again from nothing.
    expect(net.tally.cursors[pullsBefore]).not.toBeNull();
    expect(net.tally.cursors[pullsBefore + 1]).toBeNull();
    expect(await count(desk.knex, 'rental_queue', { customer_id: customerId, title_id: doomed.title_id })).toBe(0);
    expect(await desk.knex('outbox').where({ mutation_id: mutationId }).first()).toMatchObject({ status: 'pending' });
    expect((await desk.knex('customers').where({ id: customerId }).first()).full_name).toBe('Kept Through Resync');

    net.breakPush(false);
    await desk.syncUntilQuiet();
    expect((await world.central('customers').where({ id: customerId }).first()).full_name).toBe('Kept Through Resync');
    expect(await count(desk.knex, 'outbox')).toBe(0);
  });

  it('an unreadable cursor, or one ahead of the server, answers resync', async () => {
    const desk = await world.openStation({ user: 'carl', name: 'CS cursor' });
    for (const cursor of ['not-a-cursor', Buffer.from(JSON.stringify({ v: 10 ** 12, s: 'dc=-;customers=1' })).toString('base64url')]) {
      const res = await pullRaw(world, desk.credential, desk.token, { clientId: desk.clientId, cursor });
      expect(res.json()).toEqual({ resync: true, reason: expect.any(String) });
    }
  });

  it('a row changed while a station pages through its initial sync arrives once, in its latest form', async () => {
    const packer = await world.openStation({ user: 'wanda', name: 'Pack moving' });
    const first = (await pullRaw(world, packer.credential, packer.token, { clientId: packer.clientId, cursor: null, limit: 25 })).json();
    expect(first.hasMore).toBe(true);
    const target = (await world.central('shipments').where({ dc: 'SJC', status: 'allocated' }).orderBy('id').first()).id;
    await world.central('shipments').where({ id: target }).update({ ship_name: 'CHANGED MIDWAY' });
    let cursor = first.cursor;
    const seen: string[] = [];
    for (;;) {
      const page = (await pullRaw(world, packer.credential, packer.token, { clientId: packer.clientId, cursor, limit: 25 })).json();
      for (const c of page.changes) if (c.table === 'shipments' && c.row?.id === target) seen.push(c.row.ship_name);
      if (!page.hasMore) break;
      cursor = page.cursor;
    }
    expect(seen).toEqual(['CHANGED MIDWAY']);
  });

  // Concurrent writers exist only on PostgreSQL: SQLite's one connection would make the pull wait for the open transaction.
  if (target.name === 'postgres') it('a pull never passes a write that has not committed yet', async () => {
    const packer = await world.openStation({ user: 'wanda', name: 'Pack in-flight' });
    await packer.syncUntilQuiet();
    const trx = await world.central.transaction();
    try {
      const [row] = (await trx('titles').insert({ name: 'Still Uncommitted', year: 2004, genre: 'Drama', rating: 'R', runtime_minutes: 101, popularity: 0 }).returning('id')) as { id: number }[];
      // A later write that commits first: the counter has moved past the open one.
      await world.allocate(1);
      await packer.syncUntilQuiet();
      expect(await count(packer.knex, 'titles', { id: row!.id })).toBe(0);
      await trx.commit();
      await packer.syncUntilQuiet();
      expect(await count(packer.knex, 'titles', { id: row!.id })).toBe(1);
    } finally {
      if (!trx.isCompleted()) await trx.rollback();
    }
  });
});
