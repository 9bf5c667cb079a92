/**
 * The architecture as a test (STYLE: a cycle between layers is a design bug):
 * core imports nothing outward, the renderer reaches main only through the
 * bridge, the API never imports station code, and `electron` is imported only
 * by the thin shell (main/electron, preload).
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve, dirname } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '..', '..');

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(ROOT, dir))) {
    const path = join(dir, name);
    if (statSync(join(ROOT, path)).isDirectory()) out.push(...sourceFiles(path));
    else if (/\.(ts|tsx)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every module specifier a file imports (static, dynamic and re-exports). */
function importsOf(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const specs: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\s*\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)) {
    specs.push((m[1] ?? m[2] ?? m[3])!);
  }
  return specs;
}

/** The top-level folder a relative import lands in, or the package name. */
function target(file: string, spec: string): string {
  if (!spec.startsWith('.')) return spec.startsWith('node:') ? 'node:' : spec.split('/')[0]!.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0]!;
  const abs = resolve(ROOT, dirname(file), spec);
  return relative(ROOT, abs).split('/')[0]!;
}

function violations(dir: string, allowed: (t: string, file: string) => boolean): string[] {
  return sourceFiles(dir).flatMap((file) =>
    importsOf(file)
      .filter((spec) => !allowed(target(file, spec), file))
      .map((spec) => `${file} imports ${spec}`),
  );
}

describe('layer boundaries', () => {
  it('core imports only core and its pure libraries', () => {
    const pure = new Set(['core', 'zod', 'knex', 'libphonenumber-js']);
    // knex appears only as `import type` in core/data/knex-schema.ts (erased at build time).
    expect(violations('core', (t) => pure.has(t))).toEqual([]);
    const knexUsers = sourceFiles('core').filter((f) => importsOf(f).includes('knex'));
    for (const f of knexUsers) expect(readFileSync(join(ROOT, f), 'utf8')).toMatch(/import type [^;]+ from 'knex'/);
  });

  it('the renderer imports only itself, core and browser libraries', () => {
    const banned = new Set(['main', 'api', 'platform', 'scripts', 'preload', 'node:', 'electron', 'knex', 'sqlite3', 'fastify', 'pino']);
    expect(violations('renderer', (t) => !banned.has(t))).toEqual([]);
  });

  it('the central API never imports station code or Electron', () => {
    expect(violations('api', (t) => !['main', 'renderer', 'preload', 'electron', 'scripts'].includes(t))).toEqual([]);
  });

  it('only the Electron shell imports electron', () => {
    const outsideShell = [...sourceFiles('main'), ...sourceFiles('platform'), ...sourceFiles('scripts')].filter((f) => !f.startsWith('main/electron/'));
    const offenders = outsideShell.filter((f) => importsOf(f).some((s) => s === 'electron' || s === 'electron-store'));
    expect(offenders).toEqual([]);
  });

  it('main never imports the central API (the launch scripts compose them)', () => {
    expect(violations('main', (t) => !['api', 'renderer', 'scripts'].includes(t))).toEqual([]);
  });
});
