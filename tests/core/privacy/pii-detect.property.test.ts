import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPersonalInfo } from '../../../core/privacy';

const KINDS = ['email', 'phone', 'street_address', 'own_name', 'url'];

/** Any text at all, including lone surrogates, combining marks and look-alike digits. */
const anyText = fc.oneof(
  fc.string({ unit: 'binary', maxLength: 120 }),
  fc.string({ unit: 'grapheme', maxLength: 60 }),
  fc.string({ unit: fc.constantFrom(...'0123456789 -().@[]+#/,:apt st ave at dot com five oh'.split('')), maxLength: 80 }),
  fc.string({ maxLength: 200 }),
);

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const digits = (n: number, first = 0) =>
  fc.tuple(fc.integer({ min: first, max: 9 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n - 1, maxLength: n - 1 }))
    .map(([a, rest]) => [a, ...rest].join(''));

/** A US phone number in one of the ways people write it. */
const phone = fc
  .tuple(digits(3, 2), digits(3, 2), digits(4), fc.integer({ min: 0, max: 12 }), fc.boolean())
  .map(([area, exchange, line, style, ohForZero]) => {
    const spell = (s: string) => s.split('').map((d) => (d === '0' && ohForZero ? 'oh' : NUMBER_WORDS[Number(d)]!)).join(' ');
    switch (style) {
      case 0: return `(${area}) ${exchange}-${line}`;
      case 1: return `${area}-${exchange}-${line}`;
      case 2: return `${area}.${exchange}.${line}`;
      case 3: return `${area} ${exchange} ${line}`;
      case 4: return `+1 ${area} ${exchange} ${line}`;
      case 5: return `1-${area}-${exchange}-${line}`;
      case 6: return `${area}${exchange}${line}`;
      case 7: return `${exchange}-${line}`;
      case 8: return `${spell(exchange)} - ${spell(line)}`;
      case 9: return `${spell(exchange)} ${spell(line)}`;
      case 10: return `${area} ${exchange} ${line}`.replace(/ /g, '').split('').join(' ');
      case 11: return `${spell(exchange)} ${spell(line)}`.replace(/ /g, '-');
      default: return `${exchange[0]}${NUMBER_WORDS[Number(exchange[1])]}${exchange[2]}-${line}`;
    }
  });

const word = fc.stringMatching(/^[a-z]{3,9}$/);
/** An email, plain or spelled out to dodge a filter. */
const email = fc
  .tuple(word, fc.integer({ min: 10, max: 99 }), word, fc.constantFrom('com', 'net', 'org'), fc.integer({ min: 0, max: 6 }))
  .map(([name, n, domain, tld, style]) => {
    const local = `${name}${n}`;
    switch (style) {
      case 0: return `${local}@${domain}.${tld}`;
      case 1: return `${local} at ${domain} dot ${tld}`;
      case 2: return `${local} [at] ${domain} [dot] ${tld}`;
      case 3: return `${local}(at)${domain}(dot)${tld}`;
      case 4: return `${local.split('').join(' ')} @ ${domain} . ${tld}`;
      case 5: return `${local} AT ${domain.toUpperCase()} DOT ${tld.toUpperCase()}`;
      default: return `${local}_at_${domain}_dot_${tld}`;
    }
  });

/** Review fragments full of numbers that are not personal. */
const ordinaryFragment = fc.oneof(
  fc.integer({ min: 1, max: 9 }).map((n) => `Rocky ${n}`),
  fc.integer({ min: 1920, max: 2025 }).map((y) => `in ${y}`),
  fc.integer({ min: 60, max: 240 }).map((m) => `${m} minutes`),
  fc.integer({ min: 1, max: 5 }).map((s) => `${s} stars`),
  fc.integer({ min: 1, max: 10 }).map((r) => `${r}/10`),
  fc.tuple(fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${h}:${String(m).padStart(2, '0')}`),
  fc.integer({ min: 2, max: 20 }).map((n) => `${n} times`),
  fc.integer({ min: 1, max: 9 }).map((n) => `season ${n}`),
  fc.tuple(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 0, max: 99 })).map(([d, c]) => `$${d}.${String(c).padStart(2, '0')}`),
  fc.integer({ min: 1, max: 3 }).map((h) => `${h} hours`),
  fc.tuple(fc.integer({ min: 1950, max: 2000 }), fc.integer({ min: 2001, max: 2025 })).map(([a, b]) => `from ${a} to ${b}`),
  fc.integer({ min: 5, max: 100 }).map((n) => `top ${n}`),
  fc.integer({ min: 2, max: 30 }).map((n) => `${n} episodes`),
  fc.constantFrom('great', 'the ending', 'was fun', 'but slow', 'and', 'a classic', 'Dolby 5.1', 'PG-13', 'disc 2', 'way better', 'one of the best'),
);
const ordinaryText = fc
  .array(fc.tuple(ordinaryFragment, fc.constantFrom(' ', ', ', '. ', '; ')), { minLength: 1, maxLength: 6 })
  .map((parts) => parts.map(([text, joiner]) => text + joiner).join('').trim());

describe('findPersonalInfo on any text', () => {
  it('returns sorted, non-overlapping spans that quote the original exactly', () => {
    fc.assert(
      fc.property(anyText, fc.array(fc.string({ maxLength: 20 }), { maxLength: 3 }), (text, names) => {
        const spans = findPersonalInfo(text, { reviewerNames: names });
        let previousEnd = 0;
        for (const s of spans) {
          expect(KINDS).toContain(s.kind);
          expect(s.start).toBeGreaterThanOrEqual(previousEnd);
          expect(s.end).toBeGreaterThan(s.start);
          expect(s.end).toBeLessThanOrEqual(text.length);
          expect(text.slice(s.start, s.end)).toBe(s.text);
          previousEnd = s.end;
        }
      }),
      { numRuns: 400 },
    );
  });
});

describe('findPersonalInfo on reviews', () => {
  it('flags every phone number format, exactly, among ordinary numbers', () => {
    fc.assert(
      fc.property(ordinaryText, phone, ordinaryText, (before, number, after) => {
        const review = `${before}. Call ${number} tonight. ${after}`;
        expect(findPersonalInfo(review).map((s) => [s.kind, s.text])).toEqual([['phone', number]]);
      }),
      { numRuns: 400 },
    );
  });

  it('flags every email spelling, exactly, among ordinary numbers', () => {
    fc.assert(
      fc.property(ordinaryText, email, ordinaryText, (before, address, after) => {
        const review = `${before}. Write to ${address} soon. ${after}`;
        expect(findPersonalInfo(review).map((s) => [s.kind, s.text])).toEqual([['email', address]]);
      }),
      { numRuns: 400 },
    );
  });

  it('flags nothing in reviews made only of ordinary numbers', () => {
    fc.assert(
      fc.property(ordinaryText, (review) => {
        expect(findPersonalInfo(review)).toEqual([]);
      }),
      { numRuns: 600 },
    );
  });

  it("finds the reviewer's name in any case, with or without accents, either order", () => {
    const first = fc.constantFrom('José', 'Zoë', 'Søren', 'Siobhán', 'Mary-Kate', 'Raúl', 'Noël', 'Ángel');
    const last = fc.constantFrom('Núñez', "O'Brien", 'Müller', 'Groß', 'Łukasiewicz', 'Smith-Jones', 'Côté', 'Dvořák');
    const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').replace('ß', 'ss').replace('Ł', 'L').replace('ø', 'o');
    fc.assert(
      fc.property(ordinaryText, first, last, fc.integer({ min: 0, max: 3 }), (review, f, l, style) => {
        const written = [`${f} ${l}`, fold(`${f} ${l}`).toLowerCase(), `${f} ${l}`.toUpperCase(), `${l}, ${f}`][style]!;
        const text = `${review}. Cheers, ${written}`;
        expect(findPersonalInfo(text, { reviewerNames: [`${f} ${l}`] }).map((s) => [s.kind, s.text])).toEqual([['own_name', written]]);
      }),
      { numRuns: 300 },
    );
  });
});
