/**
 * Order problems on the call at a CS desk (issue 15 item 5), through the
 * station's entry point as the screen calls it: only for a verified caller
 * and one of their own orders; recorded offline and shown in the 360 with
 * its state at once; settled by the central office after sync (the same
 * title on its way) and shown again with the replacement order and, once
 * the central office's mail sender has emailed the customer (a real SMTP
 * server on 127.0.0.1 here), with the time it did; a warehouse user can
 * neither report nor decide.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customersWithFacts, startCustomersWorld, type CustomersWorld, type Desk } from '../station/world';
import { startSmtpSink, type SmtpSink } from '../mail/smtp-sink';
import { addCallerWithOrderOut } from '../sync/world';

let world: CustomersWorld;
let smtp: SmtpSink;
let east: Desk;
let pack: Desk;
let id: number;
let shipmentId: number;
let otherCustomersOrder: number;

beforeAll(async () => {
  smtp = await startSmtpSink();
  world = await startCustomersWorld({ mail: smtp.config() });
  east = await world.openDesk('east', 'carl');
  pack = await world.openDesk('pack', 'wanda');
  const [a, b] = (await customersWithFacts(world.central, 2)) as [number, number];
  id = a;
  // Both orders are mailed from the caller's DC, where the title's spare copy waits; the test opens the caller itself.
  const { home_dc: dc } = await world.central('customers').where({ id }).first('home_dc');
  const mine = await addCallerWithOrderOut(world.central, { customerId: a, dc, barcodePrefix: 'DPR', title: { name: 'Desk Problem Title', inStock: 1 } });
  shipmentId = mine.shipmentId;
  otherCustomersOrder = (await addCallerWithOrderOut(world.central, { customerId: b, dc, barcodePrefix: 'DPR', title: mine.titleId })).shipmentId;
});
afterAll(async () => {
  await world?.close();
  await smtp?.stop();
});

describe('order problems at the desk', () => {
  it('needs a verified caller and one of their own orders; a warehouse user may not report', async () => {
    await east.call('customers.get360', { customerId: id, reason: 'phone_call' });
    const unverified = await east.fail('customers.reportProblem', { customerId: id, shipmentId, kind: 'not_received', reason: 'Never arrived' });
    expect(unverified).toMatchObject({ code: 'FORBIDDEN', reason: 'CALLER_NOT_VERIFIED' });
    await east.verify(id);
    expect((await east.fail('customers.reportProblem', { customerId: id, shipmentId: otherCustomersOrder, kind: 'not_received', reason: 'Never arrived' })).code).toBe('NOT_FOUND');
    expect((await pack.fail('customers.reportProblem', { customerId: id, shipmentId, kind: 'not_received', reason: 'Never arrived' })).code).toBe('FORBIDDEN');
    expect((await pack.fail('customers.decideProblem', { customerId: id, problemId: 'x', decision: 'approve', reason: 'Because' })).code).toBe('FORBIDDEN');
    const blank = await east.fail('customers.reportProblem', { customerId: id, shipmentId, kind: 'not_received', reason: '  ' });
    expect(blank.code).toBe('INVALID_INPUT');
    expect(blank.message).not.toMatch(/[A-Z]{3,}_[A-Z]/);
    expect(await east.knex('order_problems')).toEqual([]);
  });

  it('reported offline: in the 360 at once as reported and open, audited; after sync the replacement order is shown and the problem is settled', async () => {
    east.cut();
    const answer = await east.call('customers.reportProblem', { customerId: id, shipmentId, kind: 'not_received', reason: 'Mailbox empty for two weeks' });
    expect(answer.pendingChanges).toBeGreaterThan(0);
    const here = await east.call('customers.refresh360', { customerId: id });
    expect(here.problems).toEqual([
      expect.objectContaining({ shipmentId, kind: 'not_received', state: 'reported', reason: 'Mailbox empty for two weeks', reportedBy: 'Carl Service', replacementOrderNumber: null, email: { state: 'none', at: null, lastError: null } }),
    ]);
    expect(await east.knex('audit_log').where({ customer_id: id, action: 'shipment.problem_reported' })).toHaveLength(1);
    expect(await world.central('order_problems').where({ customer_id: id })).toEqual([]);

    east.restore();
    await east.syncUntilQuiet();
    // The push that settled it woke the central office's mail sender; the next pull brings the desk its outcome.
    const [mail] = await smtp.waitFor(1);
    // The relay answered before the sender marked it sent: the mark follows within moments.
    await expect.poll(async () => (await world.central('order_problems').where({ customer_id: id }).first('email_sent_at'))?.email_sent_at, { timeout: 5_000 }).not.toBeNull();
    await east.syncUntilQuiet();
    const after = await east.call('customers.refresh360', { customerId: id });
    const [problem] = after.problems;
    expect(problem).toMatchObject({ state: 'replacement_allocated', email: { state: 'sent', lastError: null }, replacementTitleName: 'Desk Problem Title' });
    const central = await world.central('order_problems').where({ customer_id: id }).first();
    expect(problem?.email.at).toBe(central.email_sent_at);
    const { email } = await world.central('customers').where({ id }).first('email');
    expect(mail).toMatchObject({ envelopeTo: [email], subject: central.email_subject, text: central.email_body });
    // Sent, and named in no log file of the central office or the desks.
    await world.flushLogs();
    const logs = world.files().filter((f) => f.path.endsWith('.log'));
    expect(logs.some((f) => f.bytes.toString('utf8').includes('order problem email sent'))).toBe(true);
    for (const f of logs) expect(f.bytes.toString('utf8'), f.path).not.toContain(email);
    expect(problem?.replacementOrderNumber).toMatch(/^SH\d{9}$/);
    expect(after.shipments.find((s) => s.id === shipmentId)?.status).toBe('lost');
    expect(after.history.some((h) => h.kind === 'audit' && h.what === 'shipment.problem_reported')).toBe(true);
    // The order is lost now: a report once is enough.
    expect(await east.fail('customers.reportProblem', { customerId: id, shipmentId, kind: 'damaged', reason: 'Again' })).toMatchObject({ reason: 'PROBLEM_NOT_REPORTABLE' });
  });
});
