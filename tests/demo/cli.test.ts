import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../../platform/database';

const repo = resolve(fileURLToPath(import.meta.url), '../../..');
const dataDir = mkdtempSync(join(tmpdir(), 'backlot-seed-cli-'));

function seed(...args: string[]) {
  const env = { ...process.env };
  delete env.DATABASE_URL;
  return spawnSync(join(repo, 'node_modules/.bin/tsx'), [join(repo, 'scripts/seed/cli.ts'), '--data-dir', dataDir, ...args], {
    cwd: repo,
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
}

afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

describe('npm run seed', () => {
  it('creates the central database and prints one summary line', async () => {
    const run = seed('--customers', '60', '--shipments', '300', '--seed', '5', '--now', '2025-06-15');
    expect(run.status, run.stderr).toBe(0);
    const lines = run.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/central\.sqlite .*customers 60, .*shipments 300, .*staff credentials 9; \d+\.\d s$/);
    const db = openDatabase({ file: join(dataDir, 'central.sqlite') });
    try {
      expect(Number((await db.knex('shipments').count({ n: '*' }).first())!.n)).toBe(300);
    } finally {
      await db.close();
    }
  });

  it('refuses to seed over existing customers unless told to replace them', () => {
    const refused = seed('--scenario', 'small');
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain('This database already has customers');
    const replaced = seed('--scenario', 'small', '--replace');
    expect(replaced.status, replaced.stderr).toBe(0);
    expect(replaced.stdout).toMatch(/customers 50, /);
  });

  it('rejects a non-PostgreSQL database URL', () => {
    const run = seed('--database-url', 'mysql://localhost/backlot');
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('--database-url / DATABASE_URL must be a postgres:// URL; leave it unset to seed SQLite in the data directory.');
  });
});
