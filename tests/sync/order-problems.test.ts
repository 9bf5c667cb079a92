/**
 * Order problems on the call (issue 15 item 5), on SQLite and PostgreSQL: a
 * CS desk records the problem in its cache and outbox (nothing reaches the
 * central office until it syncs), and the central office settles it in the
 * same mutation: a disc that never arrived is booked lost with its order and
 * a replacement of the same title is allocated (or the next queued title when
 * no copy is in stock), a damaged or wrong disc is flagged for Returns, the
 * email that tells the customer is queued, and past the limit of replacements
 * in 90 days a supervisor approves or refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPLACEMENTS_WITHOUT_APPROVAL, REPLACEMENT_WINDOW_DAYS, RETURN_FLAG_WORDS } from '../../core/customers/replacement-policy';
import { databaseTargets } from '../api/harness';
import { addCallerWithOrderOut, addTitleInStock, DC, demoUser, insertId, mailedOrderRow, startSyncWorld, type SyncWorld, type TestStation } from './world';

const DAY_MS = 86_400_000;
/** Numbers the customers' other orders (`newShipmentFor`), apart from the builder's barcodes. */
let otherOrders = 0;

describe.each(databaseTargets)('order problems on $name', (target) => {
  let world: SyncWorld;
  let desk: TestStation;
  let supervisor: TestStation;
  let packer: TestStation;
  let customers: number[];
  let nextCustomer = 0;

  beforeAll(async () => {
    world = await startSyncWorld(target);
    customers = ((await world.central('customers as c')
      .join('addresses as a', 'a.customer_id', 'c.id')
      .where('a.is_current', true)
      .orderBy('c.id')
      .limit(20)
      .pluck('c.id')) as (number | string)[]).map(Number);
    desk = await world.openStation({ user: 'carl', name: 'CS desk problems' });
    supervisor = await world.openStation({ user: 'sue', name: 'Supervisor desk problems' });
    packer = await world.openStation({ user: 'wanda', name: 'Returns problems' });
  }, 120_000);
  afterAll(async () => world?.close());

  /** A title of its own with `copies` discs in stock at the DC, so no other test takes them. */
  const newTitle = (name: string, copies: number) => addTitleInStock(world.central, { name, inStock: copies, barcodePrefix: 'PRB' });

  /** A customer who can receive discs, with an order of `titleId` mailed to them and still out; the desk has opened them. */
  const customerWithShippedOrder = (titleId: number) => addCallerWithOrderOut(world.central, { customerId: customers[nextCustomer++]!, barcodePrefix: 'PRB', title: titleId, openAt: desk });

  const problemAt = (station: TestStation, shipmentId: number) => station.knex('order_problems').where({ shipment_id: shipmentId }).first();
  const problemCentral = (shipmentId: number) => world.central('order_problems').where({ shipment_id: shipmentId }).first();

  it('never arrived, reported offline: recorded at the desk and in its outbox only; after sync the order and disc are lost, the same title is on its way, the customer is emailed, and the desk sees it', async () => {
    const titleId = await newTitle('Problem Title One', 1);
    const { customerId, shipmentId, discId, orderNumber } = await customerWithShippedOrder(titleId);

    await desk.mutate('shipment.reportProblem', { shipmentId, kind: 'not_received', reason: 'Says the mailbox was empty for two weeks' });
    expect(await problemAt(desk, shipmentId)).toMatchObject({ state: 'reported', kind: 'not_received', customer_id: customerId });
    expect(await desk.knex('audit_log').where({ customer_id: customerId, action: 'shipment.problem_reported' })).toHaveLength(1);
    expect(await desk.knex('outbox').where({ status: 'pending', name: 'shipment.reportProblem' })).toHaveLength(1);
    expect(await problemCentral(shipmentId)).toBeUndefined();

    await desk.syncUntilQuiet();
    const settled = await problemCentral(shipmentId);
    expect(settled).toMatchObject({ state: 'replacement_allocated', reason: 'Says the mailbox was empty for two weeks' });
    expect(await world.central('shipments').where({ id: shipmentId }).first('status')).toEqual({ status: 'lost' });
    expect(await world.central('discs').where({ id: discId }).first('status')).toEqual({ status: 'lost' });
    const replacement = await world.central('shipments').where({ id: settled.replacement_shipment_id }).first();
    expect(replacement).toMatchObject({ title_id: titleId, status: 'allocated', dc: DC });
    expect(replacement.order_number).toMatch(/^SH\d{9}$/);
    // The email speaks of the order only: no name, address, card, phone or offer.
    expect(settled.email_subject).toContain(orderNumber);
    expect(settled.email_body).toContain('Problem Title One');
    expect(settled.email_body).toContain('lost in the mail');
    expect(settled.email_queued_at).not.toBeNull();
    const customer = await world.central('customers').where({ id: customerId }).first('full_name', 'email', 'phone');
    for (const personal of [customer.full_name, customer.email, customer.phone].filter(Boolean)) expect(settled.email_body).not.toContain(personal);
    expect(settled.email_body).not.toMatch(/offer|promotion|newsletter|https?:/i);
    expect(await world.central('audit_log').where({ customer_id: customerId, action: 'shipment.problem_reported' })).toHaveLength(1);

    // The settlement comes back to the desk: the problem's state and the replacement order.
    await desk.syncUntilQuiet();
    expect(await problemAt(desk, shipmentId)).toMatchObject({ state: 'replacement_allocated', replacement_shipment_id: Number(settled.replacement_shipment_id) });
    expect(await desk.knex('shipments').where({ id: settled.replacement_shipment_id }).first('title_id')).toEqual({ title_id: titleId });
  });

  it('no copy of the title in stock: the next title in the queue is sent instead and leaves the queue', async () => {
    const gone = await newTitle('Problem Title Gone', 0);
    const queued = await newTitle('Problem Title Queued', 1);
    const { customerId, shipmentId } = await customerWithShippedOrder(gone);
    await world.central('rental_queue').insert({ customer_id: customerId, title_id: queued, position: -1, added_at: '2024-04-01T00:00:00.000Z' });

    await desk.mutate('shipment.reportProblem', { shipmentId, kind: 'not_received', reason: 'Never came' });
    await desk.syncUntilQuiet();
    const settled = await problemCentral(shipmentId);
    expect(settled.state).toBe('replacement_allocated');
    expect(await world.central('shipments').where({ id: settled.replacement_shipment_id }).first('title_id')).toEqual({ title_id: queued });
    expect(await world.central('rental_queue').where({ customer_id: customerId, title_id: queued })).toEqual([]);
    expect(settled.email_body).toContain('next title in your queue, Problem Title Queued');
  });

  it('a damaged disc: the replacement is sent, the disc stays out flagged, and at Returns it is booked damaged and the flag cleared', async () => {
    const titleId = await newTitle('Problem Title Cracked', 1);
    const { shipmentId, discId } = await customerWithShippedOrder(titleId);
    await desk.mutate('shipment.reportProblem', { shipmentId, kind: 'damaged', reason: 'Cracked through the hub' });
    await desk.syncUntilQuiet();
    expect(await problemCentral(shipmentId)).toMatchObject({ state: 'replacement_allocated', kind: 'damaged' });
    expect(await world.central('discs').where({ id: discId }).first('status', 'return_flag')).toEqual({ status: 'out', return_flag: 'damaged' });
    expect(await world.central('shipments').where({ id: shipmentId }).first('status')).toEqual({ status: 'shipped' });

    // The packing station holds the flag (no caller's words), and the check-in books it damaged without being told.
    await packer.syncUntilQuiet();
    expect(await packer.knex('discs').where({ id: discId }).first('return_flag')).toEqual({ return_flag: 'damaged' });
    expect(await packer.knex('order_problems')).toEqual([]);
    await packer.mutate('shipment.checkIn', { discId });
    await packer.syncUntilQuiet();
    expect(await world.central('discs').where({ id: discId }).first('status', 'damage_reason', 'return_flag')).toEqual({ status: 'damaged', damage_reason: RETURN_FLAG_WORDS.damaged, return_flag: null });
  });

  it('a second report on the same order is refused in words at the desk, and an order not out with the customer cannot have one', async () => {
    const titleId = await newTitle('Problem Title Twice', 1);
    const { shipmentId } = await customerWithShippedOrder(titleId);
    await desk.mutate('shipment.reportProblem', { shipmentId, kind: 'wrong_disc', reason: 'Sleeve says one film, disc is another' });
    await expect(desk.mutate('shipment.reportProblem', { shipmentId, kind: 'damaged', reason: 'And it is scratched' })).rejects.toMatchObject({ reason: 'PROBLEM_ALREADY_REPORTED' });
    await desk.syncUntilQuiet();
    expect(await world.central('order_problems').where({ shipment_id: shipmentId })).toHaveLength(1);
    expect(await world.central('discs').where({ id: (await world.central('shipments').where({ id: shipmentId }).first('disc_id')).disc_id }).first('return_flag')).toEqual({ return_flag: 'wrong_disc' });

    const customerId = Number((await world.central('shipments').where({ id: shipmentId }).first('customer_id')).customer_id);
    const returned = await newShipmentFor(customerId, titleId, 'returned');
    await desk.syncUntilQuiet();
    await expect(desk.mutate('shipment.reportProblem', { shipmentId: returned, kind: 'damaged', reason: 'Too late' })).rejects.toMatchObject({ reason: 'PROBLEM_NOT_REPORTABLE' });
  });

  it(`past ${REPLACEMENTS_WITHOUT_APPROVAL} replacements in ${REPLACEMENT_WINDOW_DAYS} days a supervisor must approve: the problem waits, then the approval allocates; a refusal allocates nothing and tells the customer`, async () => {
    const titleId = await newTitle('Problem Title Limit', 2);
    const first = await customerWithShippedOrder(titleId);
    // Two replacements this quarter and one long ago (outside the window, so it does not count).
    const now = Date.now();
    const other = await newShipmentFor(first.customerId, titleId);
    const earlier = [5, 40, REPLACEMENT_WINDOW_DAYS + 10].map((daysAgo, i) => ({
      id: `earlier-${target.name}-${i}`,
      customer_id: first.customerId,
      shipment_id: other,
      kind: 'not_received',
      reason: 'earlier call',
      state: 'replacement_allocated',
      replacement_shipment_id: other,
      reported_by: 'stf_carl',
      reported_at: new Date(now - daysAgo * DAY_MS).toISOString(),
      settled_at: new Date(now - daysAgo * DAY_MS).toISOString(),
    }));
    await world.central('order_problems').insert(earlier);
    await desk.syncUntilQuiet();

    await desk.mutate('shipment.reportProblem', { shipmentId: first.shipmentId, kind: 'not_received', reason: 'Never came, again' });
    await desk.syncUntilQuiet();
    const waiting = await problemCentral(first.shipmentId);
    expect(waiting).toMatchObject({ state: 'awaiting_approval', replacement_shipment_id: null, email_body: null });
    // The loss is a fact the central office books at once; only the replacement waits.
    expect(await world.central('shipments').where({ id: first.shipmentId }).first('status')).toEqual({ status: 'lost' });
    const before = Number((await world.central('shipments').where({ customer_id: first.customerId, title_id: titleId, status: 'allocated' }).count({ n: '*' }).first())?.n);
    expect(before).toBe(0);

    // A rep cannot decide; a supervisor can, from their own desk.
    await expect(desk.mutate('shipment.decideProblem', { problemId: waiting.id, decision: 'approve', reason: 'Long-time customer' })).rejects.toMatchObject({ reason: 'ROLE_NOT_ALLOWED' });
    await supervisor.engine.subscribe(first.customerId, supervisor.token, 'follow_up');
    await supervisor.syncUntilQuiet();
    await supervisor.mutate('shipment.decideProblem', { problemId: waiting.id, decision: 'approve', reason: 'Long-time customer, checked the route' });
    expect(await problemAt(supervisor, first.shipmentId)).toMatchObject({ state: 'reported' });
    await supervisor.syncUntilQuiet();
    const approved = await problemCentral(first.shipmentId);
    expect(approved).toMatchObject({ state: 'replacement_allocated', decided_by: demoUser('sue').id, decision_reason: 'Long-time customer, checked the route' });
    expect(await world.central('shipments').where({ id: approved.replacement_shipment_id }).first('title_id', 'status')).toEqual({ title_id: titleId, status: 'allocated' });
    expect(await world.central('audit_log').where({ customer_id: first.customerId, action: 'shipment.problem_approved' })).toHaveLength(1);

    // The same customer's next problem waits too (now three in the window); this time it is refused.
    const second = await newShipmentFor(first.customerId, titleId, 'shipped');
    await desk.syncUntilQuiet();
    await desk.mutate('shipment.reportProblem', { shipmentId: second, kind: 'damaged', reason: 'Scratched' });
    await desk.syncUntilQuiet();
    const next = await problemCentral(second);
    expect(next.state).toBe('awaiting_approval');
    await supervisor.syncUntilQuiet();
    await supervisor.mutate('shipment.decideProblem', { problemId: next.id, decision: 'refuse', reason: 'Four in a quarter; asked to check the mailbox' });
    await supervisor.syncUntilQuiet();
    const refused = await problemCentral(second);
    expect(refused).toMatchObject({ state: 'refused', replacement_shipment_id: null });
    expect(refused.email_body).toContain('not able to send a replacement');
    // Deciding twice is refused in words.
    await supervisor.syncUntilQuiet();
    await expect(supervisor.mutate('shipment.decideProblem', { problemId: next.id, decision: 'approve', reason: 'Changed my mind' })).rejects.toMatchObject({ reason: 'PROBLEM_NOT_AWAITING_APPROVAL' });
  });

  /** Another order of the customer's, for earlier problems to point at (allocated) or for a new report (shipped). */
  async function newShipmentFor(customerId: number, titleId: number, status = 'returned'): Promise<number> {
    const address = await world.central('addresses').where({ customer_id: customerId, is_current: true }).first();
    const discId = await insertId(world.central, 'discs', { title_id: titleId, barcode: `PRX${String(++otherOrders).padStart(7, '0')}`, home_dc: DC, status: status === 'shipped' ? 'out' : 'in_stock', version: 1 });
    return insertId(world.central, 'shipments', mailedOrderRow({ orderNumber: `PRX${String(otherOrders).padStart(8, '0')}`, customerId, titleId, discId, dc: DC, status, address }));
  }
});
