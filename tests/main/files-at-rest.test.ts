/**
 * Files at rest (issue 11, point 7): databases, logs, settings and keys are
 * owner-only on POSIX (0600 files, 0700 folders), and the station cache
 * overwrites what it deletes, so a customer a desk released leaves no
 * readable trace in the file's free pages, the lookup index, the name
 * dictionary or the WAL.
 */
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deletionVariants } from '../../core/lookup/name-search';
import { createLogger } from '../../platform/logger';
import { resolveDataDir } from '../../platform/data-dir';
import { ensureLocalTls } from '../../platform/local-ca';
import { openStationDb } from '../../main/db/station-db';
import { confBackend } from '../../main/settings/conf-backend';
import { databaseTargets } from '../api/harness';
import { startSyncWorld, type SyncWorld } from '../sync/world';

const posix = process.platform !== 'win32';
const modeOf = (path: string) => statSync(path).mode & 0o777;

/** Every file and folder under `dir` with its permission bits. */
function modes(dir: string): { path: string; dir: boolean; mode: number }[] {
  const out: { path: string; dir: boolean; mode: number }[] = [{ path: dir, dir: true, mode: modeOf(dir) }];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...modes(path));
    else if (entry.isFile()) out.push({ path, dir: false, mode: modeOf(path) });
  }
  return out;
}

const notPrivate = (dir: string) => modes(dir).filter((m) => m.mode !== (m.dir ? 0o700 : 0o600)).map((m) => `${m.path} ${m.mode.toString(8)}`);

describe.runIf(posix)('owner-only files at rest', () => {
  let scratch: string;
  let umask: number;
  beforeAll(() => {
    scratch = mkdtempSync(join(tmpdir(), 'backlot-at-rest-'));
    // What a user's shell usually has: files 0644, folders 0755 unless the app sees to it.
    umask = process.umask(0o022);
  });
  afterAll(() => {
    process.umask(umask);
    rmSync(scratch, { recursive: true, force: true });
  });

  it('the station cache, its WAL and shared memory, its settings and logs are 0600 in 0700 folders, even under a permissive umask', async () => {
    const dataDir = join(scratch, 'station-only');
    const db = await openStationDb(join(dataDir, 'station'));
    await db.knex('sync_state').insert({ key: 'probe', value: '1' }).onConflict('key').merge();
    const settings = confBackend(join(dataDir, 'station'));
    settings.set('stationName', 'Desk 1');
    const log = createLogger('probe', { level: 'info', destination: join(dataDir, 'logs', 'station.log') });
    log.info('hello');
    log.flush();
    await new Promise((r) => setTimeout(r, 200));
    expect(existsSync(join(dataDir, 'station', 'station.sqlite-wal'))).toBe(true);
    for (const file of ['station/station.sqlite', 'station/station.sqlite-wal', 'station/station.sqlite-shm', 'logs/station.log']) {
      expect(modeOf(join(dataDir, file)).toString(8), file).toBe('600');
    }
    expect(modeOf(join(dataDir, 'station')).toString(8)).toBe('700');
    const settingsFile = readdirSync(join(dataDir, 'station')).find((f) => f.startsWith('station-settings'))!;
    expect(modeOf(join(dataDir, 'station', settingsFile)).toString(8)).toBe('600');
    await db.close();
  });

  it('a data dir taken over from an older version is tightened at start, and everything made afterwards is born private (central database, TLS keys)', async () => {
    const dataDir = join(scratch, 'upgraded');
    mkdirSync(join(dataDir, 'logs'), { recursive: true, mode: 0o755 });
    writeFileSync(join(dataDir, 'logs', 'api.log'), 'old\n', { mode: 0o644 });
    writeFileSync(join(dataDir, 'central.sqlite'), '', { mode: 0o644 });
    chmodSync(join(dataDir, 'logs', 'api.log'), 0o644);
    chmodSync(dataDir, 0o755);

    const resolved = resolveDataDir(dataDir);
    try {
      ensureLocalTls(resolved);
      mkdirSync(join(resolved, 'exports'));
      writeFileSync(join(resolved, 'exports', 'audit.csv'), 'id\n');
      expect(notPrivate(resolved)).toEqual([]);
    } finally {
      process.umask(0o022);
    }
  });
});

describe.each(databaseTargets)('a released customer leaves no trace in the station file on $name', (target) => {
  let world: SyncWorld;
  beforeAll(async () => {
    world = await startSyncWorld(target);
  });
  afterAll(async () => world?.close());

  it('name, email, phone and address are nowhere in station.sqlite or its WAL once the desk released the customer', async () => {
    const DAY = 86_400_000;
    const clock = { now: new Date('2024-05-01T09:00:00.000Z') };
    const desk = await world.openStation({ user: 'carl', name: 'Desk secure delete', engine: { clock: { now: () => clock.now }, customerRetentionDays: 30 } });
    const customerId = Number((await world.central('customers').orderBy('id', 'desc').first('id')).id);
    const pii = { full_name: 'Quokkaline Zanzibarova', email: 'quokkaline.zanzibarova@example.com', phone: '+14155550199' };
    await world.central('customers').where({ id: customerId }).update(pii);
    await world.central('addresses').where({ customer_id: customerId }).update({ line1: '987 MARSUPIAL WAY' });
    await desk.engine.subscribe(customerId, desk.token, 'phone_call');
    await desk.syncUntilQuiet();
    expect(await desk.knex('customers').where({ id: customerId }).first('email')).toEqual({ email: pii.email });
    expect(await desk.knex('name_word_variants').where({ word: 'zanzibarova' }).pluck('variant')).toHaveLength(deletionVariants('zanzibarova').length);

    clock.now = new Date(clock.now.getTime() + 31 * DAY);
    await desk.syncUntilQuiet();
    expect(await desk.knex('customers').where({ id: customerId }).first()).toBeUndefined();

    const files = ['station.sqlite', 'station.sqlite-wal'].map((f) => join(desk.dir, f)).filter(existsSync);
    const bytes = Buffer.concat(files.map((f) => readFileSync(f)));
    expect(bytes.length).toBeGreaterThan(0);
    // The desk's name dictionary filed each word under its one-letter deletions too (station migration 063).
    const variants = [...deletionVariants('quokkaline'), ...deletionVariants('zanzibarova')];
    for (const needle of [pii.email, pii.phone, 'Quokkaline', 'quokkaline', 'Zanzibarova', 'zanzibarova', 'MARSUPIAL', ...variants]) {
      expect(bytes.includes(Buffer.from(needle)), needle).toBe(false);
    }
  });
});
