/**
 * "One way for each thing" (STYLE) as tests, where a rule can be read off the
 * source: who writes audit and outbox rows, and where time comes from.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.tsx?$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** `file: line` for every line of the given folders matching `pattern`, outside the files allowed to. */
function offenders(dirs: string[], pattern: RegExp, allowed: (file: string) => boolean = () => false): string[] {
  return dirs
    .flatMap(sourceFiles)
    .filter((file) => !allowed(file))
    .flatMap((file) =>
      readFileSync(join(ROOT, file), 'utf8')
        .split('\n')
        .flatMap((line, i) => (pattern.test(line) ? [`${file}:${i + 1}: ${line.trim()}`] : [])),
    );
}

describe('one writer for audit and outbox rows', () => {
  it('at the station only the mutation runner writes outbox rows', () => {
    expect(offenders(['main', 'core'], /['"]outbox['"]\)\s*\.(insert|update\(\{[^}]*status: 'pending')/, (f) => f === 'main/sync/mutate.ts')).toEqual([]);
  });

  it('audit rows are built in one place (core/audit/audit-row.ts) and written by the mutators and the central API’s audit', () => {
    const writers = offenders(['main', 'api', 'core'], /['"]audit_log['"]\)?\s*[,.]\s*(insert|auditRow|\{)/);
    expect(writers).toEqual([
      expect.stringMatching(/^api\/audit\/write-audit\.ts:\d+: await trx\('audit_log'\)\.insert\(auditRow\(/),
      expect.stringMatching(/^core\/sync\/mutators\/shared\.ts:\d+: await tx\.insert\('audit_log', auditRow\(/),
    ]);
  });
});

describe('one clock', () => {
  it('station and central code read time only from the injected Clock', () => {
    // The clock modules themselves; migrations (frozen; a backfill stamps the time it runs); the demo data's
    // default "today" when a seed is given none (scripts, not a service).
    const isClockOrMigration = (f: string) => ['core/clock.ts', 'main/host/clock.ts', 'core/demo/options.ts'].includes(f) || /\/db\/migrations\//.test(f);
    expect(offenders(['main', 'api', 'core'], /Date\.now\(\)|new Date\(\)/, isClockOrMigration)).toEqual([]);
  });
});

describe('migrations are frozen', () => {
  /** Every module a file imports, resolved relative to the project root (packages as they are). */
  function importsOf(file: string): string[] {
    const text = readFileSync(join(ROOT, file), 'utf8');
    return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)/g)].map((m) => {
      const spec = (m[1] ?? m[2])!;
      return spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)) : spec;
    });
  }

  it('a migration imports no live code: only knex and frozen copies kept beside the migrations', () => {
    const migrationCode = ['main/db/migrations', 'api/db/migrations', 'core/data/migrations'].flatMap(sourceFiles);
    const live = migrationCode.flatMap((file) =>
      importsOf(file)
        .filter((target) => target !== 'knex' && !/(^|\/)migrations\//.test(target))
        .map((target) => `${file} imports ${target}`),
    );
    expect(live).toEqual([]);
  });
});
