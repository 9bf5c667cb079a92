/**
 * Name, email and phone, corrected by a rep (policy: "update and correct your
 * name, email address ..."). Each field is validated on its own and named in
 * the answer; an email belongs to one customer only (checked at the desk and,
 * in the end, by the central office); a phone is stored in E.164 and used for
 * order-related issues only (see exports.test.ts).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customersWithFacts, startCustomersWorld, type CustomersWorld, type Desk } from '../station/world';

let world: CustomersWorld;
let desk: Desk;
let ids: number[];

beforeAll(async () => {
  world = await startCustomersWorld();
  desk = await world.openDesk('desk', 'carl');
  ids = await customersWithFacts(world.central, 8);
});
afterAll(async () => world?.close());

describe('contact details', () => {
  it('says what is wrong with each field, next to that field, and saves nothing', async () => {
    const id = ids[0]!;
    await desk.verify(id);
    const before = await desk.knex('customers').where({ id }).first();
    const outbox = (await desk.outbox()).length;
    const error = await desk.fail('customers.updateContact', { customerId: id, fullName: '   ', email: 'jose at example dot com', phone: '12' });
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.fields).toEqual([
      { field: 'fullName', message: 'Enter the customer’s name.' },
      { field: 'email', message: 'This is not an email address (name@example.com).' },
      { field: 'phone', message: 'This is not a phone number the service can call (e.g. (408) 555-0123).' },
    ]);
    expect(await desk.knex('customers').where({ id }).first()).toEqual(before);
    expect(await desk.outbox()).toHaveLength(outbox);
  });

  it('stores the phone in E.164 and the email in lower case, and the change is audited with its fields', async () => {
    const id = ids[1]!;
    await desk.verify(id);
    const result = await desk.call('customers.updateContact', { customerId: id, fullName: 'Rosa María Ortega', email: ' Rosa.Ortega@Example.COM ', phone: '(408) 555-0142' });
    expect(result).toMatchObject({
      contact: { fullName: 'Rosa María Ortega', email: 'rosa.ortega@example.com', phone: '+14085550142' },
      changed: ['fullName', 'email', 'phone'],
    });
    await desk.syncUntilQuiet();
    expect(await world.central('customers').where({ id }).first('full_name', 'email', 'phone')).toEqual({ full_name: 'Rosa María Ortega', email: 'rosa.ortega@example.com', phone: '+14085550142' });
    const audit = await world.central('audit_log').where({ customer_id: id, action: 'customer.contact_updated' });
    expect(audit).toHaveLength(1);
    expect(JSON.parse(audit[0].fields).sort()).toEqual(['email', 'full_name', 'phone']);
    expect(audit[0].staff_id).toBe('stf_carl');
  });

  it('sends only the fields that changed, so an unchanged field never overwrites another desk’s newer edit', async () => {
    const id = ids[2]!;
    await desk.verify(id);
    const current = await desk.knex('customers').where({ id }).first();
    const result = await desk.call('customers.updateContact', { customerId: id, fullName: current.full_name, email: current.email, phone: '+1 650 555 0199' });
    expect(result.changed).toEqual(['phone']);
    const [last] = (await desk.outbox()).filter((r) => r.name === 'customer.updateContact').slice(-1);
    expect(JSON.parse(last!.args)).toEqual({ customerId: id, phone: '+16505550199' });
    const same = await desk.call('customers.updateContact', { customerId: id, phone: '650-555-0199' });
    expect(same.changed).toEqual([]);
  });

  it('an empty phone entry removes the number', async () => {
    const id = ids[3]!;
    await desk.verify(id);
    await desk.call('customers.updateContact', { customerId: id, phone: '(650) 555-0101' });
    const result = await desk.call('customers.updateContact', { customerId: id, phone: '' });
    expect(result.contact.phone).toBeNull();
  });

  it('refuses an email another customer uses, during the call, with the reason on the email field', async () => {
    const id = ids[4]!;
    const other = await world.central('customers').whereNot({ id }).orderBy('id', 'desc').first('id', 'email');
    await desk.verify(id);
    const error = await desk.fail('customers.updateContact', { customerId: id, email: other.email.toUpperCase() });
    expect(error).toMatchObject({ code: 'INVALID_INPUT', fields: [{ field: 'email', message: 'Another customer already uses this email.' }] });
    expect(error.reason).toBe('EMAIL_TAKEN');
  });

  it('offline, a duplicate the desk cannot see is queued; the central office rejects it with a clear reason and the desk undoes it', async () => {
    const id = ids[5]!;
    // A customer this desk never opened: its email is nowhere in this station's cache.
    const other = await world.central('customers').whereNotIn('id', ids).orderBy('id', 'desc').first('id', 'email');
    expect(await desk.knex('customers').where({ email: other.email }).first()).toBeUndefined();
    await desk.verify(id);
    const before = (await desk.knex('customers').where({ id }).first('email')).email;
    desk.cut();
    try {
      const queued = await desk.call('customers.updateContact', { customerId: id, email: other.email });
      expect(queued.contact.email).toBe(other.email);
      expect(queued.pendingChanges).toBeGreaterThan(0);
    } finally {
      desk.restore();
    }
    await desk.call('sync.now', {});
    const [rejected] = await desk.outbox('rejected');
    expect(rejected).toMatchObject({ name: 'customer.updateContact' });
    expect(rejected!.error_code).toBe('EMAIL_TAKEN');
    expect(rejected!.error).toMatch(/^\S+@\S+ belongs to another customer\.$/);
    const status = await desk.call('sync.status', {});
    expect(status.recentRejections[0]).toMatchObject({ name: 'customer.updateContact', reason: 'EMAIL_TAKEN', message: expect.stringMatching(/belongs to another customer/) });
    // The rep hears it on the customer's page too.
    const { rejections } = await desk.call('customers.conflicts', { customerId: id });
    expect(rejections).toEqual([expect.objectContaining({ mutationId: rejected!.mutation_id, what: 'Name, email or phone', reason: 'EMAIL_TAKEN', message: rejected!.error })]);
    // The desk shows what the central office holds again; the central office never changed.
    expect((await desk.knex('customers').where({ id }).first('email')).email).toBe(before);
    expect((await world.central('customers').where({ id }).first('email')).email).toBe(before);
  });
});
