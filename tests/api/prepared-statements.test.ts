/**
 * Prepared statements (platform/prepared-statements.ts): on a direct
 * PostgreSQL connection each parameterised statement is parsed once per
 * connection, answers exactly what the unprepared one did, survives a
 * migration that changes what it returns (one transient failure, then the new
 * columns), and stays bounded in number; reads sent together do the same, and
 * a message that fails leaves the connection's next message working.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Knex } from 'knex';
import { classifyFailure } from '../../api/sync/failure-class';
import { preparedStatementsFrom } from '../../api/start';
import { prepareStatements, sendTogether } from '../../platform/prepared-statements';
import { openDatabase, type Database } from '../../platform/database';
import { databaseTargets, type TestDatabase } from './harness';

const postgres = databaseTargets.find((t) => t.name === 'postgres');
if (!postgres) console.warn('[tests/api/prepared-statements.test.ts] PostgreSQL not reachable at 127.0.0.1:5432: prepared statements exist only there, so this test does not run here.');

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

describe.runIf(postgres)('statements sent together (PostgreSQL)', () => {
  let test: TestDatabase;
  let prepared1: Database;
  let plain: Database;
  let found: unknown[];
  // Values a rendered statement must quote right: a `?` (knex.raw would take it for a placeholder) and a quote.
  const bodies = ["call back? she said 'after six'", 'plain', 'semi; colon', "o'clock?"];

  beforeAll(async () => {
    test = await postgres!.open();
    await test.db.knex.raw('create table notes (id integer primary key, body text not null, at integer not null)');
    await test.db.knex('notes').insert(bodies.map((body, i) => ({ id: i + 1, body, at: i * 10 })));
    const { url } = test.db;
    const searchPath = (test.db.knex.client.config as { searchPath: string[] }).searchPath[0]!;
    prepared1 = openDatabase({ url, searchPath, poolMax: 1 });
    found = [];
    prepareStatements(prepared1.knex, { onPoolerFound: (err) => found.push(err) });
    plain = openDatabase({ url, searchPath, poolMax: 1 });
  });
  afterAll(async () => {
    await prepared1?.close();
    await plain?.close();
    await test?.dispose();
  });

  const reads = (knex: Knex, body: string, after: number) => [
    knex('notes').where({ body }).select('id', 'body'),
    knex('notes').where('at', '>', after).orderBy('id').select('id'),
    knex('notes').whereIn('id', [1, 3]).orderBy('id').select('body'),
  ];

  it('answers each read as the same reads sent one by one, and prepares each once on the connection', async () => {
    for (const [i, body] of bodies.entries()) {
      const together = await sendTogether(prepared1.knex, reads(prepared1.knex, body, i * 10 - 5));
      const alone = await Promise.all(reads(plain.knex, body, i * 10 - 5).map(async (q) => (await q) as unknown[]));
      expect(together).toEqual(alone);
      expect(together[0]).toEqual([{ id: i + 1, body }]);
    }
    const statements = (await prepared(prepared1.knex)).filter((s) => s.statement.includes('notes'));
    expect(statements).toHaveLength(3);
    expect(statements.every((s) => s.statement.startsWith('PREPARE '))).toBe(true);
  });

  it('prepares a query run inside a transaction too (knex makes each transaction a client of its own)', async () => {
    for (const id of [1, 2, 3]) {
      const row = await prepared1.knex.transaction((trx) => trx('notes').where({ id }).forUpdate().first('body'));
      expect(row).toEqual({ body: bodies[id - 1] });
    }
    const statements = (await prepared(prepared1.knex)).filter((s) => s.statement.includes('for update'));
    expect(statements).toHaveLength(1);
    // The transaction's first statement goes out with its BEGIN, as EXECUTE of a text PREPAREd once.
    expect(statements[0]!.statement).toMatch(/^PREPARE \w+ AS select "body" from "notes" where "id" = \$1 limit \$2 for update$/);
  });

  /** Every message the pool's one connection sends while `work` runs. */
  async function messagesOf(work: () => Promise<unknown>): Promise<string[]> {
    const client = prepared1.knex.client as { acquireConnection(): Promise<{ query: (...args: unknown[]) => unknown }>; releaseConnection(c: unknown): Promise<void> };
    const connection = await client.acquireConnection();
    await client.releaseConnection(connection);
    const sent: string[] = [];
    const query = connection.query;
    connection.query = function (this: unknown, ...args: unknown[]) {
      sent.push(typeof args[0] === 'string' ? args[0] : (args[0] as { text: string }).text);
      return query.apply(this, args);
    };
    try {
      await work();
    } finally {
      connection.query = query;
    }
    return sent;
  }

  it('a transaction sends its BEGIN with its first statement, and its COMMIT with its last writes when told to', async () => {
    const readThenWrite = (at: number) => prepared1.knex.transaction(async (trx) => {
      const row = (await trx('notes').where({ id: 4 }).forUpdate().first('body', 'at')) as { body: string; at: number };
      await sendTogether(trx, [trx('notes').where({ id: 4 }).update({ at }), trx('notes').where({ id: 4 }).update({ at: trx.raw('at + 1') })], { thenCommit: true });
      return row;
    });
    await readThenWrite(1); // prepares the texts on the connection
    let row: { body: string; at: number } | undefined;
    const sent = await messagesOf(async () => (row = await readThenWrite(40)));
    expect(row).toEqual({ body: "o'clock?", at: 2 });
    expect(sent).toHaveLength(2);
    expect(sent[0]).toMatch(/^BEGIN;\nEXECUTE /);
    expect(sent[1]).toMatch(/;\nCOMMIT$/);
    expect(await plain.knex('notes').where({ id: 4 }).first('at')).toEqual({ at: 41 });
  });

  it('told to commit inside a nested transaction (a savepoint), it leaves the ending to the outer one', async () => {
    await expect(prepared1.knex.transaction(async (outer) => {
      await outer.transaction(async (inner) => {
        await sendTogether(inner, [inner('notes').where({ id: 4 }).update({ at: 77 }), inner('notes').where({ id: 3 }).update({ at: 77 })], { thenCommit: true });
      });
      expect(await outer('notes').where({ id: 4 }).first('at')).toEqual({ at: 77 });
      throw new Error('the outer transaction rolls back');
    })).rejects.toThrow('the outer transaction rolls back');
    expect(await plain.knex('notes').whereIn('id', [3, 4]).orderBy('id').pluck('at')).toEqual([20, 41]);
  });

  it('a transaction that fails after its first statement rolls back; one that sends nothing sends no message, and leaves nothing open', async () => {
    await expect(prepared1.knex.transaction(async (trx) => {
      await trx('notes').where({ id: 4 }).update({ at: 99 });
      throw new Error('changed my mind');
    })).rejects.toThrow('changed my mind');
    expect(await plain.knex('notes').where({ id: 4 }).first('at')).toEqual({ at: 41 });
    const sent = await messagesOf(() => prepared1.knex.transaction(async () => {
      throw new Error('nothing to do');
    }).catch(() => undefined));
    expect(sent).toEqual([]);
    // The next statement on the connection is not inside a transaction someone forgot: it commits on its own.
    await prepared1.knex('notes').where({ id: 4 }).update({ at: 42 });
    expect(await plain.knex('notes').where({ id: 4 }).first('at')).toEqual({ at: 42 });
    expect(await prepared1.knex.transaction(async (trx) => trx('notes').where({ id: 4 }).first('at'))).toEqual({ at: 42 });
    expect(found).toEqual([]);
  });

  it('a message that fails (a read the database refuses) fails alone: the connection’s next message answers, still prepared', async () => {
    const failing = [prepared1.knex('notes').where({ id: 1 }).select('body'), prepared1.knex('notes').select(prepared1.knex.raw('1 / (at - ?) as x', [0])).where({ id: 1 })];
    await expect(sendTogether(prepared1.knex, failing)).rejects.toMatchObject({ code: '22012' });
    // The next message must not prepare a statement twice (which PostgreSQL refuses) nor take anything for a pooler.
    const again = [prepared1.knex('notes').where({ id: 2 }).select('body'), prepared1.knex('notes').select(prepared1.knex.raw('1 / (at - ?) as x', [0])).where({ id: 2 })];
    expect(await sendTogether(prepared1.knex, again)).toEqual([[{ body: 'plain' }], [{ x: 0 }]]);
    expect(found).toEqual([]);
    expect(await sendTogether(prepared1.knex, reads(prepared1.knex, 'plain', 0))).toEqual([[{ id: 2, body: 'plain' }], [{ id: 2 }, { id: 3 }, { id: 4 }], [{ body: bodies[0] }, { body: 'semi; colon' }]]);
  });

  it('writes sent together in a transaction belong to it: a rollback undoes all of them, a commit keeps them, in order', async () => {
    const writes = (trx: Knex.Transaction, id: number) => [
      trx('notes').insert({ id, body: 'held?', at: 100 }),
      trx('notes').where({ id }).update({ body: "held 'twice'" }),
      trx('notes').insert({ id: id + 1, body: 'after', at: 101 }),
    ];
    await prepared1.knex
      .transaction(async (trx) => {
        await sendTogether(trx, writes(trx, 50));
        expect(await trx('notes').whereIn('id', [50, 51]).orderBy('id').pluck('body')).toEqual(["held 'twice'", 'after']);
        throw new Error('roll back');
      })
      .catch((err: Error) => expect(err.message).toBe('roll back'));
    expect(await plain.knex('notes').whereIn('id', [50, 51]).count({ n: '*' })).toEqual([{ n: '0' }]);
    await prepared1.knex.transaction(async (trx) => {
      await sendTogether(trx, writes(trx, 60));
    });
    expect(await plain.knex('notes').whereIn('id', [60, 61]).orderBy('id').pluck('body')).toEqual(["held 'twice'", 'after']);
    await plain.knex('notes').whereIn('id', [60, 61]).del();
  });

  it('a statement that cannot be prepared fails its message; once it can, the same statements run, and nothing is taken for a pooler', async () => {
    const reads = () => [prepared1.knex('labels_later').where({ id: 1 }).select('id'), prepared1.knex('notes').where({ id: 1 }).select('id')];
    await expect(sendTogether(prepared1.knex, reads())).rejects.toMatchObject({ code: '42P01' });
    await plain.knex.raw('create table labels_later (id integer primary key)');
    await plain.knex('labels_later').insert({ id: 1 });
    expect(await sendTogether(prepared1.knex, reads())).toEqual([[{ id: 1 }], [{ id: 1 }]]);
    expect(found).toEqual([]);
  });

  it('a migration that adds a column fails the next message once, as a failure of the moment, and the one after returns the new column', async () => {
    const byBody = () => [prepared1.knex('notes').where({ body: 'plain' }).select('*'), prepared1.knex('notes').where('id', '<', 2).select('id')];
    expect((await sendTogether(prepared1.knex, byBody()))[0]).toEqual([{ id: 2, body: 'plain', at: 10 }]);
    await plain.knex.raw('alter table notes add column author text');
    const failure = await sendTogether(prepared1.knex, byBody()).then(
      () => null,
      (err: unknown) => err,
    );
    expect(failure, 'PostgreSQL refuses a prepared statement whose result columns changed').not.toBeNull();
    expect(classifyFailure(failure)).toEqual({ kind: 'transient' });
    expect((await sendTogether(prepared1.knex, byBody()))[0]).toEqual([{ id: 2, body: 'plain', at: 10, author: null }]);
    expect(found).toEqual([]);
  });
});

describe('when the API prepares its statements', () => {
  const db = 'postgres://backlot@db.internal:5432/backlot';
  const pooler = 'postgres://backlot@pgbouncer.internal:6432/backlot';
  it('on a direct connection (no LISTEN URL, or the same one); not when the LISTEN URL names another, the pooler case; the setting overrides both', () => {
    expect(preparedStatementsFrom({}, db, undefined)).toBe(true);
    expect(preparedStatementsFrom({}, db, db)).toBe(true);
    expect(preparedStatementsFrom({}, pooler, db)).toBe(false);
    expect(preparedStatementsFrom({ BACKLOT_DB_PREPARED_STATEMENTS: 'on' }, pooler, db)).toBe(true);
    expect(preparedStatementsFrom({ BACKLOT_DB_PREPARED_STATEMENTS: 'off' }, db, undefined)).toBe(false);
    expect(() => preparedStatementsFrom({ BACKLOT_DB_PREPARED_STATEMENTS: 'yes' }, db, undefined)).toThrow(/"on" or "off"/);
  });
});
