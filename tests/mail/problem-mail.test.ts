/**
 * The customer told by email (issue 15 item 5), on SQLite and PostgreSQL,
 * against a real SMTP server on 127.0.0.1 (tests/mail/smtp-sink.ts): a
 * settled order problem's email stays queued while the central office has no
 * mail relay (and `/health` says so), goes out once an instance with a relay
 * starts, and at once when a push to such an instance settles a problem; it
 * arrives once, to `customers.email`, with the queued subject and text, the
 * configured sender and a Message-ID made from the problem. A relay that is
 * down is tried again with back-off and the reason kept in words without the
 * address; a 5xx refusal of the address stops the tries; two senders never
 * send one email twice; a sender that dies after the relay's yes and before
 * its own record costs one copy, with the same Message-ID. No log line names
 * a recipient or carries a message's text.
 */
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemEmail } from '../../core/customers/replacement-policy';
import { MAIL_DEFAULTS, ProblemMailSender, problemMessageId, type ProblemMailSenderOptions } from '../../api/mail/problem-mail-sender';
import { buildApi } from '../../api/server';
import { API_DEFAULTS } from '../../api/config';
import { openDatabase, type Database } from '../../platform/database';
import type { Logger } from '../../platform/logger';
import { TEST_ENROLLMENT_KEY } from '../api/world';
import { databaseTargets, TEST_POSTGRES_URL } from '../api/harness';
import { addCallerWithOrderOut, injectFetch, startSyncWorld, type SyncWorld, type TestStation } from '../sync/world';
import { startSmtpSink, type SmtpSink } from './smtp-sink';

const MINUTE = 60_000;

describe.each(databaseTargets)('order-problem emails on $name', (target) => {
  let world: SyncWorld;
  let desk: TestStation;
  let smtp: SmtpSink;
  let shipments: Array<{ id: number; customer_id: number; order_number: string }>;
  let nextShipment = 0;
  const lines: string[] = [];
  const logger = pino({ level: 'debug' }, { write: (line: string) => void lines.push(line) }) as unknown as Logger;
  /** Every recipient and text these tests sent to: none may appear in a log line. */
  const personal = new Set<string>();
  /** Addresses, and each line of each text (a JSON log line would escape a line break). */
  const remember = (...texts: string[]) => texts.flatMap((t) => t.split('\n')).filter((t) => t.trim()).forEach((t) => personal.add(t));
  const extraDbs: Database[] = [];
  const senders: ProblemMailSender[] = [];

  beforeAll(async () => {
    world = await startSyncWorld(target);
    desk = await world.openStation({ user: 'carl', name: 'CS desk mail' });
    smtp = await startSmtpSink();
    // One shipment per customer: each queued email has a recipient of its own (the sender reads customers.email when it sends).
    const seen = new Set<number>();
    shipments = (await world.central('shipments').orderBy('id').select('id', 'customer_id', 'order_number'))
      .map((s) => ({ id: Number(s.id), customer_id: Number(s.customer_id), order_number: String(s.order_number) }))
      .filter((s) => !seen.has(s.customer_id) && seen.add(s.customer_id));
    expect(shipments.length).toBeGreaterThan(40);
  }, 120_000);
  afterAll(async () => {
    for (const s of senders) await s.close();
    for (const db of extraDbs) await db.close().catch(() => undefined);
    await smtp?.stop();
    await world?.close();
  });

  const centralRow = (id: string) => world.central('order_problems').where({ id }).first();
  const clock = () => world.api.clock;

  function sender(over: Partial<ProblemMailSenderOptions> = {}, db: Database = world.api.db): ProblemMailSender {
    const s = new ProblemMailSender({ knex: db.knex, kind: db.kind, clock: clock(), logger, config: smtp.config(), ...over });
    senders.push(s);
    return s;
  }

  /** A second connection to the same central database (its own pool): another API instance, or the same one after a restart. */
  function secondConnection(): Database {
    const knex = world.central as unknown as { client: { config: { searchPath?: string[] | string; connection: unknown } } };
    const db =
      target.name === 'postgres'
        ? openDatabase({ url: TEST_POSTGRES_URL, searchPath: [knex.client.config.searchPath ?? []].flat()[0]! })
        : openDatabase({ file: (knex.client.config.connection as { filename: string }).filename });
    extraDbs.push(db);
    return db;
  }

  /** A settled problem with its email queued, written as the settlement writes it, for a customer with an address of its own. */
  async function queuedProblem(tag: string): Promise<{ id: string; customerId: number; to: string; subject: string; body: string }> {
    const s = shipments[nextShipment++]!;
    const to = `${tag}.${target.name}.${nextShipment}@customers.example`;
    await world.central('customers').where({ id: s.customer_id }).update({ email: to });
    const email = problemEmail({ kind: 'damaged', state: 'replacement_allocated', orderNumber: s.order_number, titleName: 'Mail Test Title', replacementTitleName: 'Mail Test Title' });
    const id = `mail-${target.name}-${tag}-${nextShipment}`;
    const at = clock().now().toISOString();
    await world.central('order_problems').insert({
      id,
      customer_id: s.customer_id,
      shipment_id: s.id,
      kind: 'damaged',
      reason: 'Cracked through the hub',
      state: 'replacement_allocated',
      reported_by: 'stf_carl',
      reported_at: at,
      settled_at: at,
      email_subject: email.subject,
      email_body: email.body,
      email_queued_at: at,
    });
    remember(to, email.body);
    return { id, customerId: s.customer_id, to, subject: email.subject, body: email.body };
  }

  /** A customer with a disc mailed and still out, a copy of the title in stock for the replacement, opened at `station`. */
  async function callerWithDiscOut(station: TestStation, tag: string): Promise<{ customerId: number; shipmentId: number; orderNumber: string; to: string }> {
    const customer = (await world.central('customers as c')
      .join('addresses as a', 'a.customer_id', 'c.id')
      .where('a.is_current', true)
      .whereNotIn('c.id', world.central('order_problems').select('customer_id'))
      .orderBy('c.id', 'desc')
      .first('c.id')) as { id: number };
    const customerId = Number(customer.id);
    const to = `caller.${tag}.${target.name}@customers.example`;
    const { shipmentId, orderNumber } = await addCallerWithOrderOut(world.central, { customerId, barcodePrefix: 'MLT', title: { name: `Mail Title ${tag}`, inStock: 1 }, customer: { email: to }, openAt: station });
    remember(to);
    return { customerId, shipmentId, orderNumber, to };
  }

  const received = (messageId: string) => smtp.received.filter((m) => m.messageId === messageId);
  const nothingDue = { sent: 0, retrying: 0, failed: 0 };

  it('without a mail relay nothing is sent, /health says so and the settled email stays queued; an instance with a relay sends it at start, and a push to it that settles a problem is emailed at once, each once', async () => {
    const health = await world.api.app.inject({ method: 'GET', url: '/health' });
    expect(health.json()).toMatchObject({ status: 'ok', mail: 'not configured' });

    const first = await callerWithDiscOut(desk, 'first');
    await desk.mutate('shipment.reportProblem', { shipmentId: first.shipmentId, kind: 'not_received', reason: 'Mailbox empty for two weeks' });
    await desk.syncUntilQuiet();
    const queued = await world.central('order_problems').where({ shipment_id: first.shipmentId }).first();
    expect(queued).toMatchObject({ state: 'replacement_allocated', email_sent_at: null, email_failed_at: null });
    expect(queued.email_queued_at).not.toBeNull();
    expect(Number(queued.email_attempts)).toBe(0);
    remember(queued.email_body);
    expect(smtp.received).toEqual([]);

    // Another instance on the same database, with the relay: it looks at start, then only when woken (its poll is an hour).
    const mailApi = buildApi({
      db: world.api.db,
      logger,
      clock: clock(),
      config: { ...API_DEFAULTS, enrollmentKey: TEST_ENROLLMENT_KEY },
      mail: { config: smtp.config(), tuning: { pollMs: 60 * MINUTE } },
    });
    try {
      await mailApi.ready();
      expect((await mailApi.inject({ method: 'GET', url: '/health' })).json()).toMatchObject({ mail: 'smtp' });
      const [mail] = await smtp.waitFor(1);
      const messageId = problemMessageId({ problemId: queued.id, state: 'replacement_allocated' }, 'backlot.example');
      expect(mail).toEqual({
        envelopeFrom: 'orders@backlot.example',
        envelopeTo: [first.to],
        from: { name: 'Backlot orders', address: 'orders@backlot.example' },
        to: [first.to],
        subject: queued.email_subject,
        text: queued.email_body,
        messageId,
        autoSubmitted: 'auto-generated',
      });
      expect(mail!.subject).toContain(first.orderNumber);
      // The relay answered before the sender marked it: the mark follows within moments.
      await expect.poll(async () => (await centralRow(queued.id)).email_sent_at, { timeout: 5_000 }).not.toBeNull();
      const sent = await centralRow(queued.id);
      expect(Number(sent.email_attempts)).toBe(1);
      const audit = await world.central('audit_log').where({ action: 'customer.problem_emailed', customer_id: first.customerId });
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit[0])).not.toContain(first.to);

      // A desk whose pushes reach the instance with the relay: its settlement wakes the sender.
      const desk2 = await world.openStation({ user: 'carl', name: 'CS desk mail 2', fetch: injectFetch(mailApi) });
      const second = await callerWithDiscOut(desk2, 'second');
      await desk2.mutate('shipment.reportProblem', { shipmentId: second.shipmentId, kind: 'damaged', reason: 'Cracked in two' });
      await desk2.syncUntilQuiet();
      const [, mail2] = await smtp.waitFor(2, 5_000);
      const settled2 = await world.central('order_problems').where({ shipment_id: second.shipmentId }).first();
      remember(settled2.email_body);
      expect(mail2).toMatchObject({ envelopeTo: [second.to], subject: settled2.email_subject, text: settled2.email_body, messageId: problemMessageId({ problemId: settled2.id, state: 'replacement_allocated' }, 'backlot.example') });

      // Once each: nothing is due any more, whoever looks.
      await expect.poll(async () => (await centralRow(settled2.id)).email_sent_at, { timeout: 5_000 }).not.toBeNull();
      expect(await sender().drain()).toEqual(nothingDue);
      expect(smtp.received).toHaveLength(2);

      // The desk that holds the first customer hears that the email went out.
      await desk.syncUntilQuiet();
      const atDesk = await desk.knex('order_problems').where({ id: queued.id }).first();
      expect(atDesk.email_sent_at).toBe(sent.email_sent_at);
    } finally {
      await mailApi.close();
    }
  });

  it('a relay that is down: the email waits with the reason in words and no address, is not tried again before its back-off, and goes out once the relay answers', async () => {
    const p = await queuedProblem('down');
    await smtp.stop();
    const s = sender();
    expect(await s.drain()).toEqual({ sent: 0, retrying: 1, failed: 0 });
    const waiting = await centralRow(p.id);
    expect(waiting).toMatchObject({ email_sent_at: null, email_failed_at: null, email_last_error: 'the mail server could not be reached.' });
    expect(Number(waiting.email_attempts)).toBe(1);
    expect(waiting.email_claimed_until).toBe(new Date(clock().now().getTime() + MAIL_DEFAULTS.retryBaseMs).toISOString());
    expect(waiting.email_last_error).not.toContain('@');

    await smtp.start();
    expect(await s.drain()).toEqual(nothingDue);
    expect(received(problemMessageId({ problemId: p.id, state: 'replacement_allocated' }, 'backlot.example'))).toHaveLength(0);

    clock().advance(MAIL_DEFAULTS.retryBaseMs);
    expect(await s.drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const copies = received(problemMessageId({ problemId: p.id, state: 'replacement_allocated' }, 'backlot.example'));
    expect(copies).toHaveLength(1);
    expect(copies[0]).toMatchObject({ envelopeTo: [p.to], subject: p.subject, text: p.body });
    const sent = await centralRow(p.id);
    expect(sent).toMatchObject({ email_last_error: null, email_failed_at: null });
    expect(Number(sent.email_attempts)).toBe(2);
  });

  it('a mail server that asks to try later (451) is tried again; one that refuses the address (550) is not, the reason kept in words and on record', async () => {
    const later = await queuedProblem('later');
    const refused = await queuedProblem('refused');
    smtp.refuse(later.to, 451, 1);
    smtp.refuse(refused.to, 550);
    const s = sender();
    expect(await s.drain()).toEqual({ sent: 0, retrying: 1, failed: 1 });
    expect(await centralRow(later.id)).toMatchObject({ email_failed_at: null, email_last_error: 'the mail server asked to try again later (451).' });
    const gaveUp = await centralRow(refused.id);
    expect(gaveUp).toMatchObject({ email_sent_at: null, email_last_error: 'the mail server refused the address (550).' });
    expect(gaveUp.email_failed_at).not.toBeNull();
    expect(await world.central('audit_log').where({ action: 'customer.problem_email_failed', customer_id: refused.customerId })).toHaveLength(1);

    clock().advance(24 * 60 * MINUTE);
    expect(await s.drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    expect(await s.drain()).toEqual(nothingDue);
    expect(smtp.rcptAttempts.get(refused.to)).toBe(1);
    expect(smtp.rcptAttempts.get(later.to)).toBe(2);
    expect(received(problemMessageId({ problemId: refused.id, state: 'replacement_allocated' }, 'backlot.example'))).toHaveLength(0);
    expect((await centralRow(later.id)).email_sent_at).not.toBeNull();
  });

  it('a relay that stays down is given up after the last try, with the reason kept', async () => {
    const p = await queuedProblem('gone');
    await smtp.stop();
    try {
      const s = sender({ maxAttempts: 3 });
      expect(await s.drain()).toEqual({ sent: 0, retrying: 1, failed: 0 });
      clock().advance(MAIL_DEFAULTS.retryBaseMs);
      expect(await s.drain()).toEqual({ sent: 0, retrying: 1, failed: 0 });
      // The back-off doubles: one minute after the second failure is not enough.
      clock().advance(MAIL_DEFAULTS.retryBaseMs);
      expect(await s.drain()).toEqual(nothingDue);
      clock().advance(MAIL_DEFAULTS.retryBaseMs);
      expect(await s.drain()).toEqual({ sent: 0, retrying: 0, failed: 1 });
      clock().advance(24 * 60 * MINUTE);
      expect(await s.drain()).toEqual(nothingDue);
    } finally {
      await smtp.start();
    }
    const row = await centralRow(p.id);
    expect(row).toMatchObject({ email_sent_at: null, email_last_error: 'the mail server could not be reached.' });
    expect(row.email_failed_at).not.toBeNull();
    expect(Number(row.email_attempts)).toBe(3);
  });

  it(`two senders${target.name === 'postgres' ? ' on two connections (two API instances)' : ' in the one process SQLite allows'} never send the same email twice`, async () => {
    const queued = [];
    for (let i = 0; i < 24; i++) queued.push(await queuedProblem(`pair${i}`));
    // A relay that takes a moment per message, so the two senders' claims overlap.
    smtp.beforeAccept = () => new Promise((r) => setTimeout(r, 15));
    try {
      const a = sender();
      const b = sender({}, target.name === 'postgres' ? secondConnection() : world.api.db);
      const [ra, rb] = await Promise.all([a.drain(), b.drain()]);
      expect(ra.sent + rb.sent).toBe(queued.length);
      // Both took part (else the test proved nothing about two senders).
      expect(ra.sent).toBeGreaterThan(0);
      expect(rb.sent).toBeGreaterThan(0);
    } finally {
      smtp.beforeAccept = null;
    }
    for (const p of queued) {
      const copies = received(problemMessageId({ problemId: p.id, state: 'replacement_allocated' }, 'backlot.example'));
      expect(copies.map((m) => m.envelopeTo)).toEqual([[p.to]]);
      expect(Number((await centralRow(p.id)).email_attempts)).toBe(1);
    }
  });

  it('a sender that dies after the relay took the email and before it recorded that: sent once more after its lease, with the same Message-ID, then never again', async () => {
    const p = await queuedProblem('crash');
    const messageId = problemMessageId({ problemId: p.id, state: 'replacement_allocated' }, 'backlot.example');
    const doomed = secondConnection();
    // The relay says yes only after the sender's database is gone: its mark cannot be written.
    smtp.beforeAccept = async () => {
      smtp.beforeAccept = null;
      await doomed.close();
    };
    await expect(sender({}, doomed).drain()).rejects.toThrow();
    expect(received(messageId)).toHaveLength(1);
    const claimed = await centralRow(p.id);
    expect(claimed.email_sent_at).toBeNull();
    expect(Number(claimed.email_attempts)).toBe(1);

    // The restarted instance waits for the lease, then sends again: the customer's client shows one message.
    const restarted = sender();
    expect(await restarted.drain()).toEqual(nothingDue);
    clock().advance(MAIL_DEFAULTS.leaseMs);
    expect(await restarted.drain()).toEqual({ sent: 1, retrying: 0, failed: 0 });
    const copies = received(messageId);
    expect(copies).toHaveLength(2);
    expect(copies[1]).toEqual(copies[0]);
    clock().advance(MAIL_DEFAULTS.leaseMs * 10);
    expect(await restarted.drain()).toEqual(nothingDue);
    expect(received(messageId)).toHaveLength(2);
    const sent = await centralRow(p.id);
    expect(sent.email_sent_at).not.toBeNull();
    expect(Number(sent.email_attempts)).toBe(2);
  });

  it('no log line names a recipient or carries a message’s text', () => {
    // The case must be there: the tests above logged sends, retries and refusals.
    expect(lines.some((l) => l.includes('order problem email sent'))).toBe(true);
    expect(lines.some((l) => l.includes('trying again later'))).toBe(true);
    expect(lines.some((l) => l.includes('given up'))).toBe(true);
    expect(personal.size).toBeGreaterThan(10);
    const log = lines.join('\n');
    for (const p of personal) expect(log).not.toContain(p);
    expect(log).not.toContain('@customers.example');
    expect(log).not.toContain('Mail Test Title');
  });
});
