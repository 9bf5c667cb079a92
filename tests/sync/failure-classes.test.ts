/**
 * The central office classifies what can never succeed (issue 12, item 2): a
 * change that fails with a data error (SQLSTATE class 22, SQLite's MISMATCH)
 * or an integrity error (class 23, SQLITE_CONSTRAINT), or that a mutator
 * refuses, is recorded as rejected with its reason and the station's ledger
 * moves past it; only a failure of the moment (serialization failure,
 * deadlock, a database restarting, the connection lost, SQLite busy) leaves it
 * pending for the next push, and it goes through once the moment has passed.
 *
 * The database errors come from the database itself: a trigger on the central
 * `customers` table makes it fail an update the way a class of error would
 * (PostgreSQL raises the SQLSTATE; SQLite aborts, or writes text into an
 * integer key), and the classifier is also shown the errors each driver
 * really raises for a NUL byte, a duplicate key, a busy file, a killed
 * connection.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import sqlite3 from 'sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { monotonicFactory } from 'ulidx';
import { classifyFailure } from '../../api/sync/failure-class';
import { databaseTargets, TEST_POSTGRES_URL } from '../api/harness';
import { demoUser, pushRaw, startSyncWorld, type SyncWorld, type TestStation } from './world';

const ulid = monotonicFactory();

describe.each(databaseTargets)('a failed change on $name', (target) => {
  const postgres = target.name === 'postgres';
  let world: SyncWorld;
  let desk: TestStation;
  let customerId: number;

  beforeAll(async () => {
    world = await startSyncWorld(target);
    desk = await world.openStation({ user: 'carl', name: 'Failure desk' });
    customerId = Number((await world.central('customers').orderBy('id').first('id')).id);
    await desk.engine.subscribe(customerId, desk.token, 'phone_call');
    await desk.syncUntilQuiet();
    if (postgres) {
      await failOnPostgres('backlot_test_fail', 'UPDATE', 'customers', 'full_name');
    } else {
      await world.central.raw('CREATE TABLE backlot_test_probe (id INTEGER PRIMARY KEY)');
      await world.central.raw(`CREATE TRIGGER backlot_test_fail_22 BEFORE UPDATE ON customers WHEN NEW.full_name = 'Fail 22021' BEGIN INSERT INTO backlot_test_probe(id) VALUES ('not a number'); END`);
      await world.central.raw(`CREATE TRIGGER backlot_test_fail_23 BEFORE UPDATE ON customers WHEN NEW.full_name = 'Fail 23505' BEGIN SELECT RAISE(ABORT, 'test failure'); END`);
    }
  });
  afterAll(async () => world?.close());

  /** PostgreSQL: a trigger that fails a write whose `column` reads "Fail <SQLSTATE>" with that SQLSTATE. */
  const failOnPostgres = async (name: string, event: 'INSERT' | 'UPDATE', table: string, column: string) => {
    await world.central.raw(`
      CREATE OR REPLACE FUNCTION ${name}() RETURNS trigger AS $$
      BEGIN
        IF NEW.${column} LIKE 'Fail %' THEN RAISE EXCEPTION 'test failure' USING ERRCODE = substr(NEW.${column}, 6, 5); END IF;
        RETURN NEW;
      END $$ LANGUAGE plpgsql`);
    await world.central.raw(`CREATE TRIGGER ${name} BEFORE ${event} ON ${table} FOR EACH ROW EXECUTE FUNCTION ${name}()`);
  };

  const nameAtCentral = async () => (await world.central('customers').where({ id: customerId }).first('full_name')).full_name as string;
  const ledger = async () => (await world.central('sync_clients').where({ client_id: desk.clientId }).first('last_mutation_id'))?.last_mutation_id as string | undefined;
  const rawChange = (fullName: string) => ({ id: ulid(), name: 'customer.updateContact', args: { customerId, fullName }, staffId: demoUser('carl').id, at: new Date().toISOString(), baseVersions: {} });

  it('a NUL byte an older station pushed raw is rejected with its reason, nothing is stored, and the ledger moves past it', async () => {
    const before = await nameAtCentral();
    const change = rawChange('Ann\u0000Lee');
    const res = await pushRaw(world, desk.credential, { clientId: desk.clientId, mutations: [change] });
    expect(res.statusCode).toBe(200);
    expect(res.json().results[0]).toMatchObject({ id: change.id, status: 'rejected', reason: 'TEXT_UNSAFE', message: expect.stringMatching(/^fullName: This has an invisible NUL character at position 4/) });
    expect(await ledger()).toBe(change.id);
    expect(await nameAtCentral()).toBe(before);
    expect(await world.central('sync_rejections').where({ mutation_id: change.id }).first('code')).toEqual({ code: 'TEXT_UNSAFE' });
  });

  const permanent = [
    { fullName: 'Fail 22021', reason: 'DATA_INVALID', what: 'a data error (class 22; SQLite: datatype mismatch)' },
    { fullName: 'Fail 23505', reason: 'DATA_CONFLICT', what: 'an integrity error (class 23; SQLite: constraint)' },
  ] as const;
  for (const p of permanent) {
    it(`${p.what} from the database is rejected as ${p.reason}; the station hears it and its outbox moves on`, async () => {
      const before = await nameAtCentral();
      const { mutationId } = await desk.mutate('customer.updateContact', { customerId, fullName: p.fullName });
      const outcome = await desk.sync();
      expect(outcome.ok).toBe(true);
      expect(await desk.knex('outbox').where({ mutation_id: mutationId }).first('status', 'error_code')).toEqual({ status: 'rejected', error_code: p.reason });
      expect(await ledger()).toBe(mutationId);
      expect(await nameAtCentral()).toBe(before);
      // The station's optimistic name is undone.
      expect((await desk.knex('customers').where({ id: customerId }).first('full_name'))?.full_name ?? before).toBe(before);
    });
  }

  // PostgreSQL holds a change's inserts for the next change's first read, and the last ones for the ledger and
  // COMMIT (api/sync/push.ts): a refusal there must still land on the change that made the write.
  if (postgres) it('an insert the database refuses after its change ran (sent with the next change, or with the commit) is rejected on its own change; the others apply', async () => {
    await failOnPostgres('backlot_test_fail_note', 'INSERT', 'customer_notes', 'body');
    const note = (body: string) => ({ id: ulid(), name: 'customer.addNote', args: { customerId, reason: 'phone_call', body }, staffId: demoUser('carl').id, at: new Date().toISOString(), baseVersions: {} });
    const expected = (body: string) => (body === 'Fail 23505' ? ['rejected', 'DATA_CONFLICT'] : body === 'Fail 22021' ? ['rejected', 'DATA_INVALID'] : ['applied', null]);
    for (const bodies of [['Held note one', 'Fail 23505', 'Held note two'], ['Held note three', 'Fail 22021']]) {
      const changes = bodies.map(note);
      const res = await pushRaw(world, desk.credential, { clientId: desk.clientId, mutations: changes });
      expect(res.statusCode).toBe(200);
      expect(res.json().results.map((r: { status: string; reason?: string }) => [r.status, r.reason ?? null])).toEqual(bodies.map(expected));
      for (const body of bodies) expect(await world.central('customer_notes').where({ body }).count({ n: '*' }).first()).toEqual({ n: body.startsWith('Fail') ? '0' : '1' });
      expect(await ledger()).toBe(changes[changes.length - 1]!.id);
    }
    await world.central.raw('DROP TRIGGER backlot_test_fail_note ON customer_notes');
  });

  it('a mutator’s own refusal is rejected with the mutator’s reason', async () => {
    const other = await world.central('customers').whereNot({ id: customerId }).first('email');
    const change = { ...rawChange('x'), args: { customerId, email: other.email } };
    const res = await pushRaw(world, desk.credential, { clientId: desk.clientId, mutations: [change] });
    expect(res.json().results[0]).toMatchObject({ status: 'rejected', reason: 'EMAIL_TAKEN' });
    expect(await ledger()).toBe(change.id);
  });

  const transient = postgres
    ? [
        { state: '40001', what: 'a serialization failure' },
        { state: '40P01', what: 'a deadlock' },
        { state: '57P03', what: 'the database restarting' },
        { state: '08006', what: 'the connection lost' },
      ]
    : [];
  for (const t of transient) {
    it(`${t.what} (${t.state}) leaves the change pending, the ledger where it was, and it goes through on a later push`, async () => {
      const { mutationId } = await desk.mutate('customer.updateContact', { customerId, fullName: `Fail ${t.state}` });
      const ledgerBefore = await ledger();
      const outcome = await desk.sync();
      expect(outcome.ok).toBe(false);
      expect(await desk.knex('outbox').where({ mutation_id: mutationId }).first('status')).toEqual({ status: 'pending' });
      expect(await ledger()).toBe(ledgerBefore);
      expect(await world.central('sync_rejections').where({ mutation_id: mutationId }).first()).toBeUndefined();
      // The moment passes (here: the trigger lets the name through), and the same change is applied.
      await world.central.raw('ALTER TABLE customers DISABLE TRIGGER backlot_test_fail');
      try {
        await desk.syncUntilQuiet();
      } finally {
        await world.central.raw('ALTER TABLE customers ENABLE TRIGGER backlot_test_fail');
      }
      expect(await ledger()).toBe(mutationId);
      expect(await nameAtCentral()).toBe(`Fail ${t.state}`);
    });
  }

  // SQLite's failure of the moment (PostgreSQL's are the cases above).
  if (!postgres) it('SQLite busy (another writer holds the file) leaves the change pending; it goes through once the file is free', async () => {
    const file = (world.central.client.config.connection as { filename: string }).filename;
    const other = new sqlite3.Database(file);
    const run = (sql: string) => new Promise<void>((resolve, reject) => other.run(sql, (err) => (err ? reject(err) : resolve())));
    await run('BEGIN IMMEDIATE');
    let mutationId: string;
    try {
      ({ mutationId } = await desk.mutate('customer.updateContact', { customerId, fullName: 'Busy Moment' }));
      const ledgerBefore = await ledger().catch(() => undefined);
      const outcome = await desk.sync();
      expect(outcome.ok).toBe(false);
      expect(await desk.knex('outbox').where({ mutation_id: mutationId }).first('status')).toEqual({ status: 'pending' });
      await run('ROLLBACK');
      expect(await ledger()).toBe(ledgerBefore);
    } finally {
      await new Promise<void>((resolve) => other.close(() => resolve()));
    }
    await desk.syncUntilQuiet();
    expect(await ledger()).toBe(mutationId!);
    expect(await nameAtCentral()).toBe('Busy Moment');
  }, 30_000);
});

describe('the classifier, on the errors the drivers really raise', () => {
  it('SQLite: a constraint and a datatype mismatch are rejected; busy is transient', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'backlot-failure-'));
    const file = join(dir, 'x.sqlite');
    const open = () => new sqlite3.Database(file);
    const a = open();
    const b = open();
    const run = (db: sqlite3.Database, sql: string) => new Promise<unknown>((resolve) => db.run(sql, (err) => resolve(err)));
    try {
      await run(a, 'CREATE TABLE t (id INTEGER PRIMARY KEY, s TEXT NOT NULL)');
      await run(a, 'INSERT INTO t VALUES (1, \'x\')');
      expect(classifyFailure(await run(a, 'INSERT INTO t VALUES (1, \'y\')'))).toMatchObject({ kind: 'rejected', reason: 'DATA_CONFLICT' });
      expect(classifyFailure(await run(a, 'INSERT INTO t VALUES (\'two\', \'y\')'))).toMatchObject({ kind: 'rejected', reason: 'DATA_INVALID' });
      expect(classifyFailure(await run(a, 'SELECT no_such_column FROM t'))).toMatchObject({ kind: 'rejected', reason: 'MUTATOR_FAILED' });
      await run(a, 'BEGIN IMMEDIATE');
      const busy = await run(b, 'INSERT INTO t VALUES (2, \'z\')');
      expect((busy as { code: string }).code).toBe('SQLITE_BUSY');
      expect(classifyFailure(busy)).toEqual({ kind: 'transient' });
      await run(a, 'ROLLBACK');
    } finally {
      await Promise.all([a, b].map((db) => new Promise((r) => db.close(r))));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Without a PostgreSQL to ask, the harness has printed why its cases are not run.
  if (databaseTargets.some((t) => t.name === 'postgres')) it('PostgreSQL: a NUL byte and an overflow are rejected, a duplicate too; a killed connection, a deadlock and a restart are transient', async () => {
    const client = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    const fail = (sql: string, params: unknown[] = []) => client.query(sql, params).then(() => null, (err: unknown) => err);
    try {
      const nul = await fail('SELECT $1::text', ['Ann\u0000Lee']);
      expect((nul as { code: string }).code).toBe('22021');
      expect(classifyFailure(nul)).toMatchObject({ kind: 'rejected', reason: 'DATA_INVALID' });
      expect(classifyFailure(await fail('SELECT 2147483647::int + 1'))).toMatchObject({ kind: 'rejected', reason: 'DATA_INVALID' });
      await client.query('CREATE TEMP TABLE t (id int PRIMARY KEY)');
      await client.query('INSERT INTO t VALUES (1)');
      expect(classifyFailure(await fail('INSERT INTO t VALUES (1)'))).toMatchObject({ kind: 'rejected', reason: 'DATA_CONFLICT' });
      expect(classifyFailure(await fail('SELECT no_such_column FROM t'))).toMatchObject({ kind: 'rejected', reason: 'MUTATOR_FAILED' });
      for (const state of ['40001', '40P01', '57P03']) {
        expect(classifyFailure(await fail(`DO $$ BEGIN RAISE EXCEPTION 'x' USING ERRCODE = '${state}'; END $$`)), state).toEqual({ kind: 'transient' });
      }
    } finally {
      await client.end();
    }
    const victim = new pg.Client({ connectionString: TEST_POSTGRES_URL });
    await victim.connect();
    victim.on('error', () => undefined);
    const killed = await victim.query('SELECT pg_terminate_backend(pg_backend_pid())').then(() => null, (err: unknown) => err);
    expect(killed).not.toBeNull();
    expect(classifyFailure(killed)).toEqual({ kind: 'transient' });
    await victim.end().catch(() => undefined);
  });

  it('a program error in a mutator is rejected (it would fail the same way again); an error without a code is retried', () => {
    expect(classifyFailure(new TypeError('x is undefined'))).toMatchObject({ kind: 'rejected', reason: 'MUTATOR_FAILED', programError: true });
    expect(classifyFailure(Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' }))).toEqual({ kind: 'transient' });
    expect(classifyFailure(new Error('Connection terminated unexpectedly'))).toEqual({ kind: 'transient' });
  });
});
