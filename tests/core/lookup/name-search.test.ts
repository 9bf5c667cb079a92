import { describe, expect, it } from 'vitest';
import { classifyQuery, ftsPrefixQuery } from '../../../core/lookup/classify-query';
import { fts5NameQuery, matchWord, rankNames, scoreName, tsNameQuery, typoAlternatives, withinOneTypo } from '../../../core/lookup/name-search';

describe('one typo', () => {
  it.each([
    ['agela', 'angela', true], // missing letter
    ['angella', 'angela', true], // extra letter
    ['wrigth', 'wright', true], // neighbours swapped
    ['nichals', 'nichols', true], // one letter wrong
    ['amn', 'ann', true],
    ['rwgiht', 'wright', false], // two swaps apart
    ['nchls', 'nichols', false], // two letters missing
    ['smith', 'smyth', true],
    ['smith', 'smythe', false],
  ])('%s ~ %s: %s', (a, b, within) => {
    expect(withinOneTypo(a, b)).toBe(within);
    expect(withinOneTypo(b, a)).toBe(within);
  });

  it('a word still being typed may carry its typo ("elizb" is the start of "elizabeth")', () => {
    expect(matchWord('elizb', 'elizabeth')).toBe('typo');
    expect(matchWord('eliz', 'elizabeth')).toBe('prefix');
    expect(matchWord('al', 'el')).toBeNull(); // too short to forgive
  });
});

describe('a name matches in any order, every word a prefix, accents optional', () => {
  it.each([
    ['Nichols', 'Elizabeth Nichols'],
    ['nichols elizabeth', 'Elizabeth Nichols'],
    ['hector jenkins', 'Héctor Jenkins'],
    ['ange wri', 'Angela Wright'],
    ['agela wrigth', 'Angela Wright'],
    ['wright a', 'Angela Wright'],
  ])('%s finds %s', (query, name) => {
    expect(scoreName(classifyQuery(query).words.map((w) => w.normalize('NFKD').replace(/\p{M}/gu, '')), name)).not.toBeNull();
  });

  it('every word must match a different word of the name', () => {
    expect(scoreName(['ann', 'ann'], 'Ann Lee')).toBeNull();
    expect(scoreName(['angela', 'smith'], 'Angela Wright')).toBeNull();
  });

  it('ranks exact words over prefixes over typos, then the closer name, then the newer customer', () => {
    const rows = [
      { full_name: 'Angelo Wrighton', created_at: '2026-01-01' },
      { full_name: 'Angela Wright', created_at: '2020-01-01' },
      { full_name: 'Angela Wright', created_at: '2025-01-01' },
      { full_name: 'Angela Wrighte Mary', created_at: '2026-01-01' },
      { full_name: 'Agela Wrigth', created_at: '2026-06-01' },
      { full_name: 'Bob Stone', created_at: '2026-06-01' },
    ];
    expect(rankNames(['angela', 'wright'], rows).map((r) => `${r.full_name} ${r.created_at}`)).toEqual([
      'Angela Wright 2025-01-01',
      'Angela Wright 2020-01-01',
      'Angela Wrighte Mary 2026-01-01',
      'Angelo Wrighton 2026-01-01', // a typo and a prefix
      'Agela Wrigth 2026-06-01', // two typos
    ]);
  });
});

describe('match expressions', () => {
  it('FTS5 and tsquery say the same thing: each word a prefix or one of its typo readings, all words required', () => {
    const alts = [
      { word: 'agela', typos: ['angela', 'adela'] },
      { word: 'wri', typos: [] },
    ];
    expect(fts5NameQuery(alts)).toBe('("agela"* OR "angela" OR "adela") AND "wri"*');
    expect(tsNameQuery(alts)).toBe("('agela':* | 'angela' | 'adela') & 'wri':*");
  });

  it('nothing the caller types can break out of the expression', () => {
    expect(fts5NameQuery([{ word: 'a"b', typos: [] }])).toBe('"ab"*');
    expect(tsNameQuery([{ word: "o'brien&|!", typos: [] }])).toBe("'obrien':*");
  });

  it('the desk takes every word as a prefix, titles too', () => {
    expect(ftsPrefixQuery(['ange', 'wri'])).toBe('"ange"* "wri"*');
  });

  it('typo readings come from the indexed words, never the prefix itself', () => {
    expect(typoAlternatives('agela', ['angela', 'agelast', 'adela', 'angelina', 'bob']).sort()).toEqual(['adela', 'angela']);
  });

  it('a customer number is a handle: 12345, #12345, C12345', () => {
    for (const q of ['12345', '#12345', 'c12345', 'C 12345']) expect(classifyQuery(q).customerNumber, q).toBe(12345);
    expect(classifyQuery('(408) 555-0123').customerNumber).toBeNull();
    expect(classifyQuery('SH000123').customerNumber).toBeNull();
  });
});
