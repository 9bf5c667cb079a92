/**
 * policy: "You must be signed in to access Your Account." On the phone, the
 * caller check is what signing in is: no edit of a customer's account happens
 * at a desk unless this staff session verified that customer's caller in the
 * last CALLER_CHECK_VALID_MINUTES, and the handler refuses it, not only the form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CALLER_CHECK_MAX_FAILURES, CALLER_CHECK_PAUSE_MINUTES, CALLER_CHECK_VALID_MINUTES } from '../../core/customers/caller-check';
import type { MethodName } from '../../core/contract';
import { customersWithFacts, startCustomersWorld, type CustomersWorld, type Desk } from '../station/world';

let world: CustomersWorld;
let desk: Desk;
let ids: number[];
const MINUTE = 60_000;

beforeAll(async () => {
  world = await startCustomersWorld();
  desk = await world.openDesk('desk', 'carl');
  ids = await customersWithFacts(world.central, 8);
});
afterAll(async () => world?.close());

/** One call of every edit method for this customer, with input that would otherwise be accepted. */
function everyEdit(customerId: number): Array<[MethodName, unknown]> {
  return [
    ['customers.setPreference', { customerId, field: 'emailNewsletter', value: false }],
    ['customers.updateContact', { customerId, fullName: 'Somebody Else' }],
    ['customers.updateAddress', { customerId, address: { line1: '1 Infinite Loop', city: 'Cupertino', state: 'CA', zip: '95014' } }],
    ['customers.changeCard', { customerId, cardNumber: '4111 1111 1111 1111', expMonth: 12, expYear: new Date().getUTCFullYear() + 3 }],
    ['customers.sendPasswordReset', { customerId }],
  ];
}

describe('the caller check guards every edit', () => {
  it('refuses every edit before a check, in the handler, and queues nothing', async () => {
    const [id] = ids;
    const before = (await desk.outbox()).length;
    for (const [method, input] of everyEdit(id!)) {
      const error = await desk.fail(method, input);
      expect(error.code, method).toBe('FORBIDDEN');
      expect(error.reason, method).toBe('CALLER_NOT_VERIFIED');
      expect(error.message, method).toMatch(/^Verify the caller first/);
    }
    expect(await desk.outbox()).toHaveLength(before);
  });

  it('passes with the ZIP and the card’s last 4, and then lets edits through', async () => {
    const id = ids[1]!;
    const facts = await world.factsOf(id);
    const result = await desk.call('customers.verifyCaller', { customerId: id, method: 'zip_and_card', zip: facts.zip5, cardLast4: facts.last4 });
    expect(result).toMatchObject({ outcome: 'passed', status: { verified: true, method: 'zip_and_card', attemptsLeft: CALLER_CHECK_MAX_FAILURES } });
    expect(await desk.call('customers.callerStatus', { customerId: id })).toMatchObject({ verified: true });
    await desk.call('customers.setPreference', { customerId: id, field: 'emailSurveys', value: false });
  });

  it('passes with the email on file, whatever its capitalisation', async () => {
    const id = ids[2]!;
    const { email } = await world.factsOf(id);
    const result = await desk.call('customers.verifyCaller', { customerId: id, method: 'email', email: `  ${email.toUpperCase()} ` });
    expect(result.outcome).toBe('passed');
  });

  it('a pass for one customer is not a pass for another', async () => {
    await desk.verify(ids[1]!);
    const error = await desk.fail('customers.updateContact', { customerId: ids[3]!, fullName: 'Not Verified' });
    expect(error.code).toBe('FORBIDDEN');
  });

  it('a pass counts for CALLER_CHECK_VALID_MINUTES on the station clock, then edits are refused again', async () => {
    const id = ids[4]!;
    await desk.verify(id);
    await desk.passTime((CALLER_CHECK_VALID_MINUTES - 1) * MINUTE);
    await desk.call('customers.setPreference', { customerId: id, field: 'emailOffers', value: false });
    await desk.passTime(2 * MINUTE);
    expect(await desk.call('customers.callerStatus', { customerId: id })).toMatchObject({ verified: false, verifiedUntil: null });
    expect((await desk.fail('customers.setPreference', { customerId: id, field: 'emailOffers', value: true })).reason).toBe('CALLER_NOT_VERIFIED');
  });

  it('a pass belongs to the staff session: another window, or the same rep after signing in again, checks again', async () => {
    const id = ids[5]!;
    await desk.verify(id);
    await desk.signIn('carl', 'second-window');
    expect((await desk.fail('customers.updateContact', { customerId: id, fullName: 'Other Window' }, 'second-window')).code).toBe('FORBIDDEN');
    await desk.call('auth.signOut', {});
    await desk.signIn();
    expect((await desk.fail('customers.updateContact', { customerId: id, fullName: 'After Sign In' })).code).toBe('FORBIDDEN');
  });
});

describe('a failed check', () => {
  it('says only that the details do not match, and audits the outcome and method, never what was typed', async () => {
    const id = ids[6]!;
    const facts = await world.factsOf(id);
    const wrongZip = facts.zip5 === '99999' ? '99998' : '99999';
    const wrongEmail = 'someone.else.entirely@example.org';
    const first = await desk.call('customers.verifyCaller', { customerId: id, method: 'zip_and_card', zip: wrongZip, cardLast4: facts.last4 });
    expect(first).toMatchObject({ outcome: 'failed', status: { verified: false, failedAttempts: 1, attemptsLeft: CALLER_CHECK_MAX_FAILURES - 1 } });
    expect(first.message).not.toMatch(/zip|card|last 4/i);
    await desk.call('customers.verifyCaller', { customerId: id, method: 'email', email: wrongEmail });

    const audit = await desk.knex('audit_log').where({ customer_id: id }).whereIn('action', ['customer.caller_check_failed']).orderBy('at');
    expect(audit.map((a) => JSON.parse(a.detail))).toEqual([
      { method: 'zip_and_card', outcome: 'failed' },
      { method: 'email', outcome: 'failed' },
    ]);
    // What the caller said appears in no audit row and no outbox row (it would travel to the central office).
    const trail = JSON.stringify([await desk.knex('audit_log').where({ customer_id: id }), await desk.outbox()]);
    for (const typed of [wrongZip, wrongEmail, facts.last4]) expect(trail).not.toContain(typed);

    await desk.syncUntilQuiet();
    const central = await world.central('audit_log').where({ customer_id: id, action: 'customer.caller_check_failed' });
    expect(central).toHaveLength(2);
    expect(central.every((r) => r.staff_id === 'stf_carl')).toBe(true);
  });

  it(`${CALLER_CHECK_MAX_FAILURES} failures pause checks for that customer, even with the right answers, audited; the pause ends`, async () => {
    const id = ids[7]!;
    const facts = await world.factsOf(id);
    for (let i = 0; i < CALLER_CHECK_MAX_FAILURES; i++) {
      await desk.call('customers.verifyCaller', { customerId: id, method: 'email', email: `wrong${i}@example.org` });
    }
    const status = await desk.call('customers.callerStatus', { customerId: id });
    expect(status).toMatchObject({ verified: false, attemptsLeft: 0, pausedUntil: expect.any(String) });

    const refused = await desk.fail('customers.verifyCaller', { customerId: id, method: 'zip_and_card', zip: facts.zip5, cardLast4: facts.last4 });
    expect(refused.code).toBe('RATE_LIMITED');
    expect(refused.reason).toBe('CALLER_CHECK_PAUSED');
    expect((await desk.fail('customers.setPreference', { customerId: id, field: 'emailNewsletter', value: false })).code).toBe('FORBIDDEN');

    const actions = await desk.knex('audit_log').where({ customer_id: id }).orderBy('at').pluck('action');
    expect(actions.filter((a: string) => a === 'customer.caller_check_failed')).toHaveLength(CALLER_CHECK_MAX_FAILURES);
    expect(actions).toContain('customer.caller_check_paused');
    expect(actions).toContain('customer.caller_check_refused');

    // Another customer is not affected by this one's pause.
    await desk.verify(ids[1]!);

    await desk.passTime((CALLER_CHECK_PAUSE_MINUTES + 1) * MINUTE);
    const again = await desk.call('customers.verifyCaller', { customerId: id, method: 'zip_and_card', zip: facts.zip5, cardLast4: facts.last4 });
    expect(again.outcome).toBe('passed');
  });
});

describe('roles', () => {
  it('a warehouse user can neither check a caller nor edit', async () => {
    await desk.signIn('wanda', 'packer');
    expect((await desk.fail('customers.verifyCaller', { customerId: ids[0]!, method: 'email', email: 'x@example.org' }, 'packer')).code).toBe('FORBIDDEN');
    expect((await desk.fail('customers.setPreference', { customerId: ids[0]!, field: 'emailNewsletter', value: false }, 'packer')).code).toBe('FORBIDDEN');
  });
});
