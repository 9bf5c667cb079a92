/**
 * policy: "If you want to ... change credit cards, go to Your Account"; DESIGN
 * §2: payment_methods hold "processor token, brand, last4, exp_month,
 * exp_year: never the full number, anywhere".
 *
 * The rep types the number; it is checked at the desk (Luhn, brand, expiry),
 * sent straight to the central office's processor boundary, and only brand,
 * last 4 and expiry come back. Then every file under the data dir — both
 * SQLite databases with their -wal and -shm, the settings files, every log —
 * is searched for the numbers used, in every spelling a rep might type.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { customersWithFacts, startCustomersWorld, type CustomersWorld, type Desk } from '../station/world';

let world: CustomersWorld;
let desk: Desk;
let ids: number[];
const YEAR = new Date().getUTCFullYear() + 3;

/** Processor test numbers: the ones saved, and the ones refused on the way. */
const SAVED = ['4111 1111 1111 1111', '4242-4242-4242-4242'];
const REFUSED = ['4111 1111 1111 1112' /* Luhn */, '5555 5555 5555 4444' /* expired below */, '6011111111111117' /* offline */];

function spellings(number: string): string[] {
  const digits = number.replace(/\D/g, '');
  const groups = digits.match(/.{1,4}/g)!;
  return [digits, groups.join(' '), groups.join('-'), JSON.stringify(digits).slice(1, -1), digits.slice(0, 12) /* even the first 12 digits */];
}

beforeAll(async () => {
  world = await startCustomersWorld();
  desk = await world.openDesk('desk', 'carl');
  ids = await customersWithFacts(world.central, 3);
});
afterAll(async () => world?.close());

describe('card changes', () => {
  it('checks the card at the desk and says what is wrong, by field, without repeating the number', async () => {
    const id = ids[0]!;
    await desk.verify(id);
    const luhn = await desk.fail('customers.changeCard', { customerId: id, cardNumber: REFUSED[0]!, expMonth: 12, expYear: YEAR });
    expect(luhn).toMatchObject({ code: 'INVALID_INPUT', fields: [{ field: 'cardNumber', message: 'This card number is mistyped (check digit does not match).' }] });
    const expired = await desk.fail('customers.changeCard', { customerId: id, cardNumber: REFUSED[1]!, expMonth: 1, expYear: 2020 });
    expect(expired.fields).toEqual([{ field: 'expiry', message: 'This card has expired.' }]);
    const tooLong = await desk.fail('customers.changeCard', { customerId: id, cardNumber: '4'.repeat(41), expMonth: 1, expYear: YEAR });
    expect(tooLong.fields).toEqual([{ field: 'cardNumber', message: 'A card number has at most 19 digits.' }]);
    const wrongType = await desk.fail('customers.changeCard', { customerId: id, cardNumber: 4111111111111111, expMonth: 'twelve', expYear: YEAR });
    for (const error of [luhn, expired, tooLong, wrongType]) {
      const json = JSON.stringify(error);
      for (const n of [...REFUSED, '4111111111111111']) for (const s of spellings(n)) expect(json).not.toContain(s);
      expect(json).not.toContain('4'.repeat(20));
    }
  });

  it('needs the central office, and says so in words when it is unreachable', async () => {
    const id = ids[0]!;
    const before = await desk.knex('payment_methods').where({ customer_id: id });
    desk.cut();
    try {
      const error = await desk.fail('customers.changeCard', { customerId: id, cardNumber: REFUSED[2]!, expMonth: 12, expYear: YEAR });
      expect(error.code).toBe('OFFLINE');
      expect(error.reason).toBe('CARD_NEEDS_CENTRAL');
      expect(error.message).toMatch(/^A card change needs the central office/);
      expect(error.message).toMatch(/never kept at this station/);
    } finally {
      desk.restore();
    }
    expect(await desk.knex('payment_methods').where({ customer_id: id })).toEqual(before);
    await desk.host.services.station.status(); // nothing else changed
  });

  it('sends the number to the processor boundary and keeps brand, last 4 and expiry only, here and centrally', async () => {
    for (const [i, number] of SAVED.entries()) {
      const id = ids[i + 1]!;
      await desk.verify(id);
      const answer = await desk.call('customers.changeCard', { customerId: id, cardNumber: number, expMonth: 9, expYear: YEAR });
      expect(answer.card).toEqual({ brand: 'visa', last4: number.slice(-4), expMonth: 9, expYear: YEAR });

      const local = await desk.knex('payment_methods').where({ customer_id: id, is_current: true });
      expect(local).toEqual([expect.objectContaining({ brand: 'visa', last4: number.slice(-4), exp_month: 9, exp_year: YEAR, processor_token: 'held-centrally' })]);
      const view = await desk.call('customers.get360', { customerId: id, reason: 'phone_call' });
      expect(view.profile.card).toEqual({ brand: 'visa', last4: number.slice(-4), expMonth: 9, expYear: YEAR });

      const central = await world.central('payment_methods').where({ customer_id: id, is_current: true });
      expect(central).toEqual([expect.objectContaining({ id: local[0].id, brand: 'visa', last4: number.slice(-4), processor_token: expect.stringMatching(/^tok_demo_/) })]);
      expect(await world.central('audit_log').where({ customer_id: id, action: 'customer.card_changed' })).toHaveLength(1);

      // The next pull brings the same row: still one current card, still no token at the desk.
      await desk.syncUntilQuiet();
      expect(await desk.knex('payment_methods').where({ customer_id: id, is_current: true }).pluck('processor_token')).toEqual(['held-centrally']);
    }
    // The card never went through the outbox.
    expect((await desk.outbox()).some((r) => /card/i.test(r.name))).toBe(false);
    // And the caller can now verify with the new card's last 4.
    const facts = await world.factsOf(ids[1]!);
    expect(facts.last4).toBe('1111');
  });

  it('no file under the data dir holds any card number typed, in any spelling: SQLite (+wal, +shm), settings, logs', async () => {
    await world.flushLogs();
    const numbers = [...SAVED, ...REFUSED];
    const scan = (open: boolean) => {
      const files = world.files();
      const names = files.map((f) => f.path.slice(world.dataDir.length + 1));
      // The search is not vacuous: it reads every kind of file there is (the -wal and -shm files exist while the databases are open).
      const wal = open ? [/central\/central\.sqlite-wal$/, /central\/central\.sqlite-shm$/, /desk\/station\.sqlite-wal$/, /desk\/station\.sqlite-shm$/] : [];
      for (const kind of [/central\/central\.sqlite$/, /desk\/station\.sqlite$/, /desk\/station-settings\.json$/, /logs\/api\.log$/, /logs\/desk\.log$/, ...wal]) {
        expect(names.some((n) => kind.test(n)), `${kind} in ${names.join(', ')}`).toBe(true);
      }
      for (const { path, bytes } of files) {
        const text = bytes.toString('latin1');
        for (const number of numbers) for (const s of spellings(number)) expect(text.includes(s), `${s} found in ${path}`).toBe(false);
      }
      return files;
    };
    const files = scan(true);
    // ...and it finds what is there: the email of a customer the desk opened is in its cache files.
    const { email } = await world.factsOf(ids[1]!);
    expect(files.filter((f) => f.path.includes('/desk/station.sqlite')).some((f) => f.bytes.toString('latin1').includes(email))).toBe(true);
    const log = files.find((f) => f.path.endsWith('logs/api.log'))!.bytes.toString('utf8');
    expect(log).toMatch(/\/v1\/customers\/\d+\/card/);

    // Again after everything closed (WAL checkpointed into the main files).
    await world.close({ keepFiles: true });
    scan(false);
  });
});
