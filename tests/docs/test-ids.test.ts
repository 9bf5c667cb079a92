import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * The README's test-id table is what testers read instead of the source: it
 * must list every `data-testid` the renderer has, and nothing it no longer
 * has. Ids are read from the source (a screen still being built shows up
 * here as soon as its file has ids), so no list is kept by hand in this test.
 *
 * An id built at run time (`staff-row-${username}`) reads as `staff-row-*`;
 * the README writes it `staff-row-<username>`, which reads the same.
 */

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** `${...}` parts become `*`; ids that are only a run-time value (a prop passed on) are not ids of their own. */
function fromTemplate(text: string): string | null {
  const id = text.replace(/\$\{[^}]*\}/g, '*');
  return id.startsWith('*') ? null : id;
}

export function sourceIds(root = 'renderer'): Map<string, string> {
  const ids = new Map<string, string>();
  const add = (id: string | null, file: string) => {
    if (id && !ids.has(id)) ids.set(id, file);
  };
  for (const file of files(root)) {
    const text = readFileSync(file, 'utf8');
    // data-testid="x", testId="x" (ErrorMessage and friends pass it on as data-testid).
    for (const m of text.matchAll(/\b(?:data-testid|testId)="([^"]+)"/g)) add(m[1]!, file);
    // data-testid={`x-${y}`}, testId={`x-${y}`}.
    for (const m of text.matchAll(/\b(?:data-testid|testId)=\{`([^`]+)`\}/g)) add(fromTemplate(m[1]!), file);
    // data-testid={cond ? 'a' : 'b'}.
    for (const m of text.matchAll(/\bdata-testid=\{([^`}]*\?[^}]*)\}/g)) for (const q of m[1]!.matchAll(/'([^']+)'/g)) add(q[1]!, file);
    // data-testid={rowId(row)}: the templates the named function returns.
    for (const m of text.matchAll(/\bdata-testid=\{(\w+)\(/g)) {
      const body = new RegExp(`function ${m[1]}\\([^)]*\\)[^{]*\\{([\\s\\S]{0,400}?)\\n\\}`).exec(text)?.[1] ?? '';
      for (const t of body.matchAll(/`([^`]+)`/g)) add(fromTemplate(t[1]!), file);
    }
    // Components that use their id as the test id: the form fields (components/fields.tsx, with `<id>-error` for the
    // message), the 360 view's sections and the audit filters.
    for (const m of text.matchAll(/<(?:TextField|SelectField|TextAreaField|Section|FilterField)\s[\s\S]{0,300}?\bid=(?:"([^"]+)"|\{`([^`]+)`\})/g)) {
      const id = m[1] ?? fromTemplate(m[2]!);
      add(id, file);
    }
    // Files ready to hand over (DownloadFiles): `<prefix>-files`, one `<prefix>-file-<n>` each.
    for (const m of text.matchAll(/\btestIdPrefix="([^"]+)"/g)) {
      add(`${m[1]}-files`, file);
      add(`${m[1]}-file-*`, file);
    }
  }
  return ids;
}

/** The ids in the README's "For testers" table, with `<placeholder>` as `*`. */
export function readmeIds(readme = readFileSync('README.md', 'utf8')): Set<string> {
  const section = readme.slice(readme.indexOf('## For testers'), readme.indexOf('\n## ', readme.indexOf('## For testers') + 5));
  const ids = new Set<string>();
  for (const line of section.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| area') && !l.startsWith('|---'))) {
    for (const m of line.matchAll(/`([^`]+)`/g)) {
      const token = m[1]!.replace(/\\\|/g, '|').replace(/<[^>]+>/g, '*');
      if (/^(data|aria)-/.test(token) || !/^[a-z*][a-z0-9*-]*$/.test(token)) continue;
      ids.add(token);
    }
  }
  return ids;
}

function matches(pattern: string, id: string): boolean {
  const re = new RegExp(`^${pattern.split('*').map((p) => p.replace(/[.+?^${}()|[\]\\]/g, '\\$&')).join('[^ ]+')}$`);
  return re.test(id);
}

function covered(id: string, table: Set<string>): boolean {
  if (table.has(id)) return true;
  for (const t of table) if (matches(t, id) || matches(id, t)) return true;
  return false;
}

describe('the README’s test-id table', () => {
  const source = sourceIds();
  const table = readmeIds();

  it('reads the ids from both sides (a broken pattern would compare two empty lists)', () => {
    expect(source.size).toBeGreaterThan(180);
    expect(table.size).toBeGreaterThan(180);
    for (const id of ['statusbar-sync-now', 'privacy-tab-*', 'audit-table', 'staff-row-*', 'station-idle', 'setup-submit']) expect(source.has(id), id).toBe(true);
  });

  it('lists every id the renderer has', () => {
    const missing = [...source].filter(([id]) => !covered(id, table)).map(([id, file]) => `${id} (${file})`);
    expect(missing).toEqual([]);
  });

  it('lists no id the renderer no longer has', () => {
    const sourceList = [...source.keys()];
    // The table's examples of a field's own message (`contact-phone-error`) stand for the rule `<field>-error`.
    const exists = (t: string) => sourceList.some((id) => t === id || matches(t, id) || matches(id, t));
    const stale = [...table].filter((t) => !exists(t) && !(t.endsWith('-error') && exists(t.slice(0, -'-error'.length))) && t !== '*-error');
    expect(stale).toEqual([]);
  });
});
