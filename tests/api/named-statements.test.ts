/**
 * Named prepared statements (platform/named-statements.ts): on a direct
 * PostgreSQL connection each parameterised statement is parsed once per
 * connection, answers exactly what the unnamed one did, survives a migration
 * that changes what it returns (one transient failure, then the new columns),
 * and stays bounded in number.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { classifyFailure } from '../../api/sync/failure-class';
import { prepareStatements } from '../../platform/prepared-statements';
import { openDatabase, type Database } from '../../platform/database';
import { databaseTargets, type TestDatabase } from './harness';

const postgres = databaseTargets.find((t) => t.name === 'postgres');
if (!postgres) console.warn('[tests/api/named-statements.test.ts] PostgreSQL not reachable at 127.0.0.1:5432: prepared statements exist only there, so this test does not run here.');

/** The statements this connection has prepared (a pool of one, so every query runs on it). */
async function prepared(knex: Knex): Promise<{ name: string; statement: string }[]> {
  return (await knex.raw('select name, statement from pg_prepared_statements order by name')).rows;
}

describe.runIf(postgres)('named statements on a direct connection (PostgreSQL)', () => {
  let test: TestDatabase;
  let named: Database;
  let plain: Database;

  beforeAll(async () => {
    test = await postgres!.open();
    await test.db.knex.raw('create table parcels (id integer primary key, zip text not null)');
    await test.db.knex('parcels').insert([1, 2, 3, 4, 5, 6, 7].map((id) => ({ id, zip: `0210${id}` })));
    const { url } = test.db;
    const searchPath = (test.db.knex.client.config as { searchPath: string[] }).searchPath[0]!;
    named = openDatabase({ url, searchPath, poolMax: 1 });
    prepareStatements(named.knex, { max: 3 });
    plain = openDatabase({ url, searchPath, poolMax: 1 });
  });
  afterAll(async () => {
    await named?.close();
    await plain?.close();
    await test?.dispose();
  });

  it('parses a statement once per connection and answers what the unnamed statement answers', async () => {
    for (let id = 1; id <= 7; id++) {
      const answer = await named.knex('parcels').where({ id }).first();
      expect(answer).toEqual(await plain.knex('parcels').where({ id }).first());
    }
    const statements = (await prepared(named.knex)).filter((s) => s.statement.includes('parcels'));
    expect(statements).toHaveLength(1);
    expect(statements[0]!.statement).toMatch(/where "id" = \$1/);
    expect(await prepared(plain.knex)).toEqual([]);
  });

  it('runs a query without bindings (several statements in one text) unnamed, as before', async () => {
    const before = await prepared(named.knex);
    await named.knex.raw('select 1; select 2');
    expect(await prepared(named.knex)).toEqual(before);
  });

  it('a migration that adds a column fails the next run once, as a failure of the moment, and the run after returns the new column', async () => {
    const byZip = () => named.knex('parcels').where({ zip: '02101' }).select('*');
    expect(await byZip()).toEqual([{ id: 1, zip: '02101' }]);
    await plain.knex.raw("alter table parcels add column route text not null default 'C001'");
    const failure = await byZip().then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure, 'PostgreSQL refuses a prepared statement whose result columns changed').not.toBeNull();
    expect(classifyFailure(failure)).toEqual({ kind: 'transient' });
    expect(await byZip()).toEqual([{ id: 1, zip: '02101', route: 'C001' }]);
  });

  it('names at most its cap of distinct texts; the rest run unnamed', async () => {
    await named.knex('parcels').where('id', '>', 0).select('id');
    await named.knex('parcels').where('id', '<', 100).select('zip');
    await named.knex('parcels').where('zip', 'like', '021%').count({ n: '*' });
    // Named so far: the first test's text, the stale one and its renamed successor (dropped from the count when it
    // went stale), and now `id > ?`, the third distinct text; the two after it run unnamed.
    const texts = (await prepared(named.knex)).map((s) => s.statement);
    expect(texts.filter((t) => t.includes('"id" > $1'))).toHaveLength(1);
    expect(texts.filter((t) => t.includes('"id" < $1') || t.includes(' like '))).toEqual([]);
    expect((await named.knex('parcels').where('zip', 'like', '021%').count({ n: '*' }))[0]).toEqual({ n: '7' });
  });
});
