/**
 * The shipping address, changed by phone (policy: "If you want to update your
 * address ... make the appropriate changes"; "We also provide postal addresses
 * to the U.S. Post Office for delivery purposes"). The rep sees the Pub 28
 * form the label will carry before saving; what cannot be normalized is not
 * saved and the reason is shown; the typed entry is kept beside the normal form.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { normalizeAddress } from '../../core/postal';
import { customersWithFacts, startCustomersWorld, type CustomersWorld, type Desk } from '../station/world';

let world: CustomersWorld;
let desk: Desk;
let ids: number[];

beforeAll(async () => {
  world = await startCustomersWorld();
  desk = await world.openDesk('desk', 'carl');
  ids = await customersWithFacts(world.central, 4);
});
afterAll(async () => world?.close());

const ENTRY = { line1: '1600 north Pennsylvania avenue', line2: 'Apartment 4b', city: 'Springfield', state: 'Illinois', zip: '62704-1234' };

describe('address preview', () => {
  it('shows the Pub 28 form the labels use, and saves nothing', async () => {
    const outbox = (await desk.outbox()).length;
    const preview = await desk.call('customers.previewAddress', { address: ENTRY });
    const labels = normalizeAddress(ENTRY);
    expect(labels.ok).toBe(true);
    expect(preview).toEqual({
      ok: true,
      address: { deliveryLine: '1600 N PENNSYLVANIA AVE APT 4B', secondaryLine: null, lastLine: 'SPRINGFIELD IL  62704-1234' },
    });
    if (labels.ok) expect(preview.ok && preview.address.deliveryLine).toBe(labels.deliveryLine);
    expect(await desk.outbox()).toHaveLength(outbox);
  });

  it('says, per field, why an address cannot be mailed', async () => {
    const preview = await desk.call('customers.previewAddress', { address: { line1: '', city: 'Springfield', state: 'Narnia', zip: '6270' } });
    expect(preview.ok).toBe(false);
    if (preview.ok) return;
    expect(preview.fields.map((f) => f.field)).toEqual(['address.line1', 'address.state', 'address.zip']);
    expect(preview.fields[0]!.message).toBe('Address line 1 is required.');
  });

  it('moves a long line’s apartment to the line above (Pub 28 §356), and says so when the line is still too long for sorting machines (§35)', async () => {
    const moved = await desk.call('customers.previewAddress', { address: { ...ENTRY, line1: '1234 Martin Luther King Jr Memorial Blvd Apt 4B', line2: '' } });
    expect(moved).toEqual({ ok: true, address: { deliveryLine: '1234 MARTIN LUTHER KING JR MEMORIAL BLVD', secondaryLine: 'APT 4B', lastLine: 'SPRINGFIELD IL  62704-1234' } });
    const tooLong = await desk.call('customers.previewAddress', { address: { ...ENTRY, line1: '12345 Northwest Extraordinarily Long Named Memorial Boulevard', line2: '' } });
    expect(tooLong.ok).toBe(false);
    expect(tooLong.ok ? [] : tooLong.fields).toEqual([{ field: 'address.line1', message: expect.stringMatching(/USPS sorting machines read at most 40 characters and 8 words on this line/) }]);
  });
});

describe('address change', () => {
  it('stores the normalized fields and the raw entry beside them, and the central office gets the same', async () => {
    const id = ids[0]!;
    await desk.verify(id);
    const saved = await desk.call('customers.updateAddress', { customerId: id, address: ENTRY });
    expect(saved.address).toEqual({ deliveryLine: '1600 N PENNSYLVANIA AVE APT 4B', secondaryLine: null, lastLine: 'SPRINGFIELD IL  62704-1234' });
    const local = await desk.knex('addresses').where({ customer_id: id, is_current: true }).first();
    expect(local).toMatchObject({ line1: '1600 N PENNSYLVANIA AVE APT 4B', line2: null, city: 'SPRINGFIELD', state: 'IL', zip5: '62704', zip4: '1234' });
    expect(JSON.parse(local.raw)).toEqual(ENTRY);

    const view = await desk.call('customers.get360', { customerId: id, reason: 'phone_call' });
    expect(view.profile.address).toEqual({ deliveryLine: '1600 N PENNSYLVANIA AVE APT 4B', secondaryLine: null, lastLine: 'SPRINGFIELD IL  62704-1234' });

    await desk.syncUntilQuiet();
    const central = await world.central('addresses').where({ customer_id: id, is_current: true }).first();
    expect(central).toMatchObject({ line1: '1600 N PENNSYLVANIA AVE APT 4B', city: 'SPRINGFIELD', state: 'IL', zip5: '62704', zip4: '1234' });
    expect(JSON.parse(central.raw)).toEqual(ENTRY);
    expect(await world.central('audit_log').where({ customer_id: id, action: 'customer.address_updated' })).toHaveLength(1);
  });

  it('refuses an address that cannot be mailed, with the reasons by field, and keeps the old one', async () => {
    const id = ids[1]!;
    await desk.verify(id);
    const before = await desk.knex('addresses').where({ customer_id: id, is_current: true }).first();
    const outbox = (await desk.outbox()).length;
    const error = await desk.fail('customers.updateAddress', { customerId: id, address: { line1: '12 Main St', city: 'Springfield', state: 'ZZ', zip: '627' } });
    expect(error.code).toBe('INVALID_INPUT');
    expect(error.reason).toBe('ADDRESS_NOT_MAILABLE');
    expect(error.message).toMatch(/^This address cannot be mailed.*nothing was saved/);
    expect(error.fields!.map((f) => f.field)).toEqual(['address.state', 'address.zip']);
    expect(await desk.knex('addresses').where({ customer_id: id, is_current: true }).first()).toEqual(before);
    expect(await desk.outbox()).toHaveLength(outbox);
  });

  it('refuses an over-long entry field by field, without echoing it', async () => {
    const id = ids[2]!;
    await desk.verify(id);
    const error = await desk.fail('customers.updateAddress', { customerId: id, address: { line1: 'x'.repeat(201), city: 'Springfield', state: 'IL', zip: '62704' } });
    expect(error.fields).toEqual([{ field: 'address.line1', message: 'Address line 1 has at most 200 characters.' }]);
  });
});
