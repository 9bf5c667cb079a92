/**
 * The desk's name dictionary (station migration 063, issue 18 item 4): the
 * typo readings of a name are index lookups in the words of the cached names
 * filed under their deletions, not a read of the whole FTS vocabulary, and
 * they are the readings the vocabulary gave, word for word. The dictionary
 * stays the index's vocabulary exactly through seeds, pulls, local renames,
 * undo and replay, deletes and releases; a released customer's words leave
 * with the customer.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Knex } from 'knex';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateDemo } from '../../core/demo/generate';
import { smallScenario } from '../../core/demo/scenarios';
import { deletionVariants, foldName, matchWord, typoAlternatives, typoLengthWindow, typoLookupKeys } from '../../core/lookup/name-search';
import { fileNewNameWords } from '../../main/db/name-words';
import { knexReader } from '../../main/db/prepared';
import { openStationDb } from '../../main/db/station-db';
import type { Database } from '../../platform/database';
import { nameWordsNear, searchCache } from '../../main/services/lookup/search';
import { writeDemo } from '../../scripts/seed/write-demo';
import { databaseTargets } from '../api/harness';
import { startSyncWorld, type SyncWorld } from '../sync/world';
import * as m063 from '../../main/db/migrations/063_name_words';

type Row = Record<string, any>;

/** Names the demo rarely or never draws: ligatures, marks the index keeps, scripts without case, hyphens, repeats. */
const AWKWARD_NAMES = [
  'Ægir Løvland',
  'Héctor Jenkins',
  'Αλέξης Παπαδόπουλος',
  'Андрей Смирнов',
  'Nguyễn Văn An',
  "Zoë O'Brien-Smith",
  'Łukasz Żółć',
  'Jürgen Großmann',
  'Ann Ann Lee',
  'Œdipa Maas',
  '王芳',
];

/** What the desk ran before migration 063 (the reference): the FTS vocabulary in the length window, most used first. */
async function scannedWordsNear(knex: Knex, word: string): Promise<string[]> {
  const { min, max } = typoLengthWindow(word);
  const rows = (await knex.raw('SELECT term FROM customers_fts_vocab WHERE length(term) >= ? AND length(term) <= ? ORDER BY doc DESC, term', [min, max ?? 1_000_000])) as { term: string }[];
  return rows.map((r) => r.term);
}

/** The dictionary and the FTS index's own vocabulary, side by side. */
async function dictionaryAndVocabulary(knex: Knex) {
  const dictionary = (await knex('name_words').orderBy('word').select('word', 'names')) as Row[];
  const vocabulary = (await knex.raw('SELECT term AS word, doc AS names FROM customers_fts_vocab ORDER BY term')) as Row[];
  return { dictionary: dictionary.map((r) => `${r.word}:${r.names}`), vocabulary: vocabulary.map((r) => `${r.word}:${r.names}`) };
}

/** Words with variants filed that no longer exist, or words left unfiled. */
async function filingFaults(knex: Knex) {
  const orphans = await knex('name_word_variants as v').leftJoin('name_words as w', 'w.word', 'v.word').whereNull('w.word').distinct('v.word').pluck('v.word');
  const unfiled = await knex('name_words').whereNull('folded').pluck('word');
  return { orphans, unfiled };
}

/** Query words around every dictionary word: the word, its starts, and each kind of typo, whole and while typing. */
function queriesAround(words: readonly string[]): string[] {
  const out = new Set<string>();
  for (const raw of words) {
    const w = foldName(raw);
    const chars = Array.from(w);
    out.add(w);
    for (let n = 1; n < chars.length; n++) out.add(chars.slice(0, n).join(''));
    for (let i = 0; i < chars.length; i++) {
      const head = chars.slice(0, i).join('');
      const tail = chars.slice(i + 1).join('');
      out.add(head + tail); // a letter missing
      out.add(head + 'x' + tail); // a letter wrong
      out.add(head + chars[i] + 'e' + tail); // a letter extra
      if (i + 1 < chars.length) out.add(head + chars[i + 1] + chars[i] + chars.slice(i + 2).join('')); // neighbours swapped
      // A typo in a word still being typed: the first 4-6 letters with one of them wrong.
      for (const n of [4, 5, 6]) if (i < n && n < chars.length) out.add((head + 'q' + tail).slice(0, n));
    }
  }
  return [...out].filter((q) => q.length > 0);
}

describe('the typo lookup keys', () => {
  it('reach every word one typo away, whole or while typing, and nothing shorter than the typo rule allows', () => {
    const words = ['angela', 'wright', 'elizabeth', 'nichols', 'smith', 'smyth', 'ann', 'lee', 'josé', 'aegir', 'løvland', 'ægir', 'ab', 'abc', 'abcd'];
    let reached = 0;
    for (const q of queriesAround(words)) {
      const { exact, prefix } = typoLookupKeys(q);
      for (const w of words) {
        const folded = foldName(w);
        if (matchWord(q, folded) !== 'typo') continue;
        const filed = deletionVariants(folded);
        const found = filed.some((v) => exact.includes(v) || prefix.some((p) => v.startsWith(p)));
        expect(found, `${q} -> ${w}`).toBe(true);
        reached++;
      }
    }
    expect(reached, 'the query words include typos of the words').toBeGreaterThan(200);
    expect(typoLookupKeys('al')).toEqual({ exact: [], prefix: [] });
  });
});

describe('the desk name dictionary on a seeded cache', () => {
  let dir: string;
  let db: Database;
  let knex: Knex;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backlot-name-words-'));
    db = await openStationDb(dir);
    knex = db.knex;
    // Enough customers for most of the demo's first and last names (and their counts) to be in the index.
    await writeDemo(knex, generateDemo({ ...smallScenario(), customers: 3000 }));
    const template = (await knex('customers').orderBy('id').first()) as Row;
    const top = Number((await knex('customers').max({ id: 'id' }).first())?.id ?? 0);
    await knex('customers').insert(AWKWARD_NAMES.map((full_name, i) => ({ ...template, id: top + 1 + i, email: `awkward${i}@example.com`, pseudonym: `awkward${i}`, full_name })));
    await fileNewNameWords(knex);
  });
  afterAll(async () => {
    await db?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('holds exactly the FTS index’s words with their name counts, every word filed', async () => {
    const { dictionary, vocabulary } = await dictionaryAndVocabulary(knex);
    expect(dictionary.length).toBeGreaterThan(100);
    expect(dictionary).toEqual(vocabulary);
    for (const word of ['ægir', 'løvland', 'αλέξησ', 'андрей', 'nguyen', 'brien']) expect(dictionary.some((d) => d.startsWith(`${word}:`)), word).toBe(true);
    expect(await filingFaults(knex)).toEqual({ orphans: [], unfiled: [] });
  });

  it('gives every query word the typo readings the vocabulary scan gave, in the same order', async () => {
    const words = (await knex('name_words').pluck('word')) as string[];
    // Every kind of query word around every dictionary word, a fixed stride of them (the scan is slow by design).
    const all = queriesAround(words);
    const stride = Math.max(1, Math.floor(all.length / 3000));
    const queries = all.filter((_, i) => i % stride === 0);
    let withReadings = 0;
    for (const q of queries) {
      const scanned = typoAlternatives(q, await scannedWordsNear(knex, q)).slice(0, 20);
      const indexed = typoAlternatives(q, await nameWordsNear(knexReader(knex), q)).slice(0, 20);
      expect(indexed, q).toEqual(scanned);
      if (scanned.length > 0) withReadings++;
    }
    // Not a comparison of empty lists: most typos of real words have readings.
    expect(queries.length).toBeGreaterThan(2500);
    expect(withReadings).toBeGreaterThan(queries.length / 4);
  });

  it('finds names by their typos and by another spelling of a ligature, as the search promises', async () => {
    const names = async (q: string) => (await searchCache(knexReader(knex), 'cs_rep', q)).customers.map((c) => c.fullName);
    expect(await names('aegir lovland')).toContain('Ægir Løvland');
    expect(await names('hector jenkisn')).toContain('Héctor Jenkins');
    expect(await names('zoe obrien smith')).toContain("Zoë O'Brien-Smith");
    expect(await names('jurgen grossman')).toContain('Jürgen Großmann');
  });

  it('reads a word not yet filed as it is, so a name is found by its typos from the moment it is written', async () => {
    const template = (await knex('customers').orderBy('id').first()) as Row;
    const top = Number((await knex('customers').max({ id: 'id' }).first())?.id ?? 0);
    await knex('customers').insert({ ...template, id: top + 1, email: 'unfiled@example.com', pseudonym: 'unfiled', full_name: 'Quintessa Vandermolen' });
    expect((await filingFaults(knex)).unfiled.sort()).toEqual(['quintessa', 'vandermolen']);
    const found = async () => (await searchCache(knexReader(knex), 'cs_rep', 'quintesa vandermolne')).customers.map((c) => c.fullName);
    expect(await found()).toEqual(['Quintessa Vandermolen']);
    expect(await fileNewNameWords(knex)).toBe(2);
    expect(await found()).toEqual(['Quintessa Vandermolen']);
    expect(await filingFaults(knex)).toEqual({ orphans: [], unfiled: [] });
  });

  it('follows renames and deletes in the same statement, and forgets a word with its last name', async () => {
    const id = Number((await knex('customers').where({ email: 'unfiled@example.com' }).first('id')).id);
    await knex('customers').where({ id }).update({ full_name: 'Quintessa Oyelaran-Brightwater' });
    await fileNewNameWords(knex);
    expect(await knex('name_words').where({ word: 'vandermolen' }).first()).toBeUndefined();
    expect(await knex('name_word_variants').where({ word: 'vandermolen' }).first()).toBeUndefined();
    expect(await knex('name_words').where({ word: 'brightwater' }).first('names')).toEqual({ names: 1 });
    // An update that leaves the name as it was changes nothing.
    await knex('customers').where({ id }).update({ full_name: 'Quintessa Oyelaran-Brightwater', updated_at: '2030-01-01T00:00:00.000Z' });
    expect(await knex('name_words').where({ word: 'quintessa' }).first('names')).toEqual({ names: 1 });
    await knex('customers').where({ id }).del();
    for (const word of ['quintessa', 'oyelaran', 'brightwater']) {
      expect(await knex('name_words').where({ word }).first(), word).toBeUndefined();
      expect(await knex('name_word_variants').where({ word }).first(), word).toBeUndefined();
    }
    const { dictionary, vocabulary } = await dictionaryAndVocabulary(knex);
    expect(dictionary).toEqual(vocabulary);
    expect(await filingFaults(knex)).toEqual({ orphans: [], unfiled: [] });
  });

  it('a cache from before the dictionary gets it from the FTS index when it opens', async () => {
    await knex.transaction(async (trx) => {
      await m063.down(trx);
      await trx('knex_migrations').where({ name: m063.name }).del();
    });
    await db.close();
    db = await openStationDb(dir);
    knex = db.knex;
    const { dictionary, vocabulary } = await dictionaryAndVocabulary(knex);
    expect(dictionary.length).toBeGreaterThan(100);
    expect(dictionary).toEqual(vocabulary);
    expect(await filingFaults(knex)).toEqual({ orphans: [], unfiled: [] });
  });
});

describe.each(databaseTargets)('the desk name dictionary through sync on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
  });
  afterAll(async () => world?.close());

  it('follows a pull, a local rename, its undo and replay, and a release; the released name leaves no word behind', async () => {
    const DAY = 86_400_000;
    const clock = { now: new Date('2024-05-01T09:00:00.000Z') };
    const desk = await world.openStation({ user: 'carl', name: 'Desk dictionary', engine: { clock: { now: () => clock.now }, customerRetentionDays: 30 } });
    const [a, b] = (await world.central('customers').orderBy('id').limit(2).pluck('id')).map(Number) as [number, number];
    await world.central('customers').where({ id: a }).update({ full_name: 'Marisol Quenneville' });
    await desk.engine.subscribe(a, desk.token, 'phone_call');
    await desk.syncUntilQuiet();
    const words = async () => (await desk.knex('name_words').pluck('word')) as string[];
    expect(await words()).toEqual(expect.arrayContaining(['marisol', 'quenneville']));
    expect(await filingFaults(desk.knex)).toEqual({ orphans: [], unfiled: [] });

    // Renamed at the central office: the pull brings the new words and takes the old.
    await world.central('customers').where({ id: a }).update({ full_name: 'Marisol Thibodeaux' });
    await desk.syncUntilQuiet();
    expect(await words()).toContain('thibodeaux');
    expect(await words()).not.toContain('quenneville');

    // Renamed at the desk: filed in the change's own transaction, then kept through the pull's undo and replay.
    await desk.mutate('customer.updateContact', { customerId: a, fullName: 'Marisol Abernathy-Kowalczyk' });
    expect(await words()).toEqual(expect.arrayContaining(['abernathy', 'kowalczyk']));
    expect(await filingFaults(desk.knex)).toEqual({ orphans: [], unfiled: [] });
    const found = async (q: string) => (await searchCache(knexReader(desk.knex), 'cs_rep', q)).customers.map((c) => c.id);
    expect(await found('marisol kowalcyzk')).toEqual([a]);
    await desk.syncUntilQuiet();
    expect(await words()).not.toContain('thibodeaux');
    expect(await found('marisol kowalcyzk')).toEqual([a]);

    await desk.engine.subscribe(b, desk.token, 'phone_call');
    await desk.syncUntilQuiet();
    expect((await dictionaryAndVocabulary(desk.knex)).dictionary).toEqual((await dictionaryAndVocabulary(desk.knex)).vocabulary);

    // Released after the retention period: the customer's words and their variants go with the row.
    clock.now = new Date(clock.now.getTime() + 31 * DAY);
    await desk.syncUntilQuiet();
    expect(await desk.knex('customers').where({ id: a }).first()).toBeUndefined();
    for (const word of ['marisol', 'abernathy', 'kowalczyk']) {
      expect(await desk.knex('name_words').where({ word }).first(), word).toBeUndefined();
      expect(await desk.knex('name_word_variants').where({ word }).first(), word).toBeUndefined();
    }
    expect(await found('marisol kowalcyzk')).toEqual([]);
    const { dictionary, vocabulary } = await dictionaryAndVocabulary(desk.knex);
    expect(dictionary).toEqual(vocabulary);
    expect(await filingFaults(desk.knex)).toEqual({ orphans: [], unfiled: [] });
  });
});
