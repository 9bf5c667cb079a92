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

describe('errors are data: a reason to branch on, words for a person', () => {
  /** A code-like token where a person would read words: at the start ("EMAIL_TAKEN: ...") or inside ("Wrong disc DISC_UNKNOWN: ..."). */
  const CODE_IN_WORDS = [/^[A-Z][A-Z0-9_]{3,}:\s/, /\b[A-Z][A-Z0-9]*_[A-Z0-9_]+:\s/, /\$\{[\w.?!]*\b(code|reason)\}:\s/];
  const LITERAL = /'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"|`(?:[^`\\]|\\.)*`/g;

  /** `file: literal` for every string or template literal of the folders that reads like a code followed by words. */
  function messagesWithCodes(dirs: string[], allowed: (file: string, text: string) => boolean): string[] {
    return dirs.flatMap(sourceFiles).flatMap((file) =>
      [...readFileSync(join(ROOT, file), 'utf8').matchAll(LITERAL)]
        .map((m) => m[0].slice(1, -1))
        .filter((text) => CODE_IN_WORDS.some((p) => p.test(text)) && !allowed(file, text))
        .map((text) => `${file}: ${text.slice(0, 80)}`),
    );
  }

  it('the scan finds a message that starts with, or carries, a code (negative control)', () => {
    for (const text of ['EMAIL_TAKEN: another customer uses it', 'Wrong disc DISC_UNKNOWN: no such disc', 'x ${verdict.code}: y']) {
      expect(CODE_IN_WORDS.some((p) => p.test(text)), text).toBe(true);
    }
    for (const text of ['Another customer already uses this email.', 'ZIP: 95131', 'Order B-1 is void.']) {
      expect(CODE_IN_WORDS.some((p) => p.test(text)), text).toBe(false);
    }
  });

  it('no message in station, central or renderer code starts with or carries a code', () => {
    // The print queue's note on a stored job is for the log and the job table, never shown: the printer status
    // carries the words (`lastError`) and the code (`lastErrorCode`) apart.
    const printJobNote = (file: string, text: string) => file === 'main/print/print-queue.ts' && text === '${error.code}: ${error.message}';
    expect(messagesWithCodes(['core', 'main', 'api', 'renderer', 'platform'], printJobNote)).toEqual([]);
  });

  it('the renderer and the tests branch on `code`/`reason`, never on a message’s words', () => {
    expect(offenders(['renderer'], /\.message\s*\.\s*(startsWith|includes|match|endsWith)\(|message\s*===\s*['"`]/)).toEqual([]);
    // A test may read a message's words (that they are plain), not find a code in them.
    expect(offenders(['tests'], /(message|error|reason)[!)]*\.?\)?\s*\.toMatch\(\s*\/\^?[A-Z][A-Z0-9_]{3,}/, (f) => f === 'tests/core/house-rules.test.ts')).toEqual([]);
  });
});
