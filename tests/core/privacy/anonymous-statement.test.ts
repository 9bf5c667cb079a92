import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AppError } from '../../../core/errors';
import { anonymizeStatement, type AnonymizeStatementInput } from '../../../core/privacy';

const JOSE = {
  fullName: 'José Núñez',
  pseudonym: 'CineFan42',
  email: 'jnunez77@example.com',
  phone: '+12175550123',
  city: 'Springfield',
  state: 'IL',
  zip: '62704',
};

function quote(text: string, customer: AnonymizeStatementInput['customer'] = JOSE, writtenAt = '2004-03-20T10:00:00-06:00') {
  return anonymizeStatement({ text, customer, writtenAt });
}

describe('anonymizeStatement', () => {
  it('keeps the words and removes everything that leads back to the customer', () => {
    const result = quote(
      'Hi, I am José Núñez (CineFan42) from Springfield, IL 62704. My disc arrived on March 3rd, 2004 and again 3/14/2004. '
        + 'Call 217-555-0123 or jnunez77@example.com. I live at 12 N Main St Apt 4. Thanks, José',
    );
    expect(result.text).toBe(
      'Hi, I am [name] ([name]) from [city], IL [ZIP]. My disc arrived in March 2004 and again March 2004. '
        + 'Call [phone] or [email]. I live at [address]. Thanks, [name]',
    );
    expect(result.attribution).toBe('A customer in IL, March 2004');
  });

  it('keeps no removed words in its log', () => {
    const result = quote('José Núñez here, 217-555-0123, Springfield.');
    const log = JSON.stringify(result.removed);
    for (const secret of ['José', 'Jose', 'Núñez', '555', 'Springfield']) expect(log).not.toContain(secret);
    expect(result.removed.map((r) => r.kind)).toEqual(['own_name', 'phone', 'city']);
  });

  it('leaves a statement with nothing identifying as it was', () => {
    const text = 'Netflix saved my Friday nights. I rent 3 discs a week and rate everything 10/10. Best $19.99 I spend.';
    expect(quote(text).text).toBe(text);
  });

  describe('dates finer than a month become the month', () => {
    it.each([
      ['It came on March 3rd.', 'It came in March.'],
      ['On March 3rd it came.', 'In March it came.'],
      ['It came March 3, 2004.', 'It came March 2004.'],
      ['It came 3/14/2004.', 'It came March 2004.'],
      ['It came on 3/14/04!', 'It came in March 2004!'],
      ['It came on 2004-03-14T09:30:00Z.', 'It came in March 2004.'],
      ['It came on the 3rd of March.', 'It came in March.'],
      ['It came on Tuesday, March 2nd.', 'It came in March.'],
      ['It came on the 14th.', 'It came that month.'],
      ['Waiting since Feb. 28th for the sequel.', 'Waiting since February for the sequel.'],
      ['We watched it on Christmas Eve.', 'We watched it in December.'],
      ['A Christmas movie for March 2004 and 10/10 from me.', 'A Christmas movie for March 2004 and 10/10 from me.'],
      ['You may first want to see the original.', 'You may first want to see the original.'],
      ['The third disc, the 2nd half of the season.', 'The third disc, the 2nd half of the season.'],
    ])('%s', (text, expected) => {
      expect(quote(text).text).toBe(expected);
    });

    it('reads a two-digit year in the century the statement was written in', () => {
      expect(quote('since 12/25/99', JOSE, '2004-01-05').text).toBe('since December 1999');
    });
  });

  describe('names', () => {
    it('removes a part of the name used as a name, not the same word used as a word', () => {
      const customer = { ...JOSE, fullName: 'Will Long' };
      expect(quote('Will loved it. I will rent it again, it is not long.', customer).text).toBe('[name] loved it. I will rent it again, it is not long.');
    });

    it('removes parts of the name in any case when the text has no case to go by', () => {
      expect(quote('thanks, jose').text).toBe('thanks, [name]');
      expect(quote('THANKS, NUNEZ').text).toBe('THANKS, [name]');
    });

    it('removes the pseudonym with or without its number', () => {
      expect(quote('- CineFan42 (CineFan on the forums)').text).toBe('- [name] ([name] on the forums)');
    });
  });

  describe('contact details', () => {
    it('removes the email local part on its own, and the phone in any grouping', () => {
      expect(quote('I am jnunez77 on the forums; my line is 217 5550 123.').text).toBe('I am [email] on the forums; my line is [phone].');
    });
  });

  describe('places finer than a state', () => {
    it.each([
      ['Here in Springfield we love it.', 'Here in [city] we love it.'],
      ['Shipping to Tulsa, Oklahoma is fast.', 'Shipping to [city], Oklahoma is fast.'],
      ['Shipping to Tulsa, OK 74103 is fast.', 'Shipping to [city], OK [ZIP] is fast.'],
      ['Great, OK? Fast shipping to CA too.', 'Great, OK? Fast shipping to CA too.'],
      ['My ZIP code: 90210, and 62704-1234 for work.', 'My ZIP code: [ZIP], and [ZIP] for work.'],
    ])('%s', (text, expected) => {
      expect(quote(text).text).toBe(expected);
    });

    it("keeps a city name that is just a word when it is not written as a name", () => {
      const customer = { ...JOSE, city: 'Orange' };
      expect(quote('I drink orange juice in Orange.', customer).text).toBe('I drink orange juice in [city].');
    });
  });

  describe('attribution', () => {
    it('names only the state and the month', () => {
      expect(quote('Fine.', { ...JOSE, state: 'California' }).attribution).toBe('A customer in CA, March 2004');
      expect(quote('Fine.', { ...JOSE, state: null }).attribution).toBe('A customer, March 2004');
      expect(quote('Fine.', { ...JOSE, state: 'Atlantis' }).attribution).toBe('A customer, March 2004');
    });

    it('uses the month as written where the customer was', () => {
      expect(quote('Fine.', JOSE, '2004-03-31T23:30:00-08:00').attribution).toBe('A customer in IL, March 2004');
      expect(quote('Fine.', JOSE, '2004-12-01').attribution).toBe('A customer in IL, December 2004');
    });

    it('refuses a date it cannot read', () => {
      expect(() => quote('Fine.', JOSE, 'last Tuesday')).toThrow(AppError);
      const refusal = (() => {
        try {
          quote('Fine.', JOSE, '2004-13-01');
        } catch (err) {
          return err;
        }
        return null;
      })();
      expect(refusal).toBeInstanceOf(AppError);
      expect((refusal as AppError).code).toBe('INVALID_INPUT');
    });
  });

  it('removes every detail of any customer, however the statement mentions it', () => {
    const first = fc.constantFrom('José', 'Mary', 'Søren', 'Aoife', 'Raúl', 'Chloé', 'Dmitri');
    const last = fc.constantFrom('Núñez', 'Smith', "O'Brien", 'Müller', 'Nguyễn', 'Kowalczyk', 'Dvořák');
    const city = fc.constantFrom('Springfield', 'San José', 'Salt Lake City', 'Saint Paul', 'Boise');
    const customer = fc.record({
      first, last, city,
      pseudonym: fc.tuple(fc.constantFrom('ReelFan', 'Film_Buff', 'NoirNerd', 'Popcorn.Pal'), fc.integer({ min: 1, max: 999 })).map(([a, n]) => `${a}${n}`),
      line: fc.integer({ min: 100, max: 199 }),
      zip: fc.integer({ min: 10000, max: 99999 }).map(String),
      state: fc.constantFrom('CA', 'IL', 'TX', 'NY', 'Utah', 'Idaho'),
    });
    const style = fc.integer({ min: 0, max: 5 });
    fc.assert(
      fc.property(customer, style, fc.integer({ min: 1, max: 28 }), ({ first: f, last: l, city: c, pseudonym, line, zip, state }, s, day) => {
        const phone = `+1312555${String(line).padStart(4, '0')}`;
        const email = `${f.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase()}.${l.toLowerCase().replace(/[^a-z]/g, '')}${line}@example.com`;
        const name = [`${f} ${l}`, `${l}, ${f}`, `${f}`, `${f} ${l}`.toUpperCase()][s % 4]!;
        const four = String(line).padStart(4, '0');
        const phoneText = [`(312) 555-${four}`, `312.555.${four}`, `312 5550 ${four.slice(1)}`][s % 3]!;
        const text = `Love this service! ${name} here, ${pseudonym} on the boards. Mail ${email} or call ${phoneText}. `
          + `Renting in ${c} (${zip}) since May ${day}, 2003 and it arrived 5/${day}/2004.`;
        const result = anonymizeStatement({
          text,
          customer: { fullName: `${f} ${l}`, pseudonym, email, phone, city: c, state, zip },
          writtenAt: '2004-06-01T12:00:00Z',
        });
        for (const secret of [f, l, f.toUpperCase(), l.toUpperCase(), pseudonym, email, c, zip]) {
          expect(result.text).not.toContain(secret);
        }
        expect(result.text.replace(/[^0-9]/g, '')).not.toContain(four);
        expect(result.text).not.toMatch(new RegExp(`\\b${day}\\b`));
        expect(result.text).toContain('Love this service!');
        expect(result.attribution).toMatch(/^A customer in [A-Z]{2}, June 2004$/);
      }),
      { numRuns: 300 },
    );
  });
});
