import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/**
 * Issue 12: every text input stops at the length its schema accepts, so a
 * person learns the limit by the box refusing more, not from an error after
 * sending. This reads the renderer's source and lists every text-like
 * `<input>`, `<textarea>` and field component (`<TextField>`,
 * `<TextAreaField>`, the audit screen's `<FilterField>`) that has no
 * `maxLength`. Exempt: inputs whose type is not text (checkbox, radio, file,
 * number, date, month), read-only boxes, and the field components' own inner
 * element, which takes its `maxLength` from the caller (`{...rest}`).
 */

const TAGS = ['input', 'textarea', 'TextField', 'TextAreaField', 'FilterField'];
const NOT_TEXT = /\btype=["'{`]*(checkbox|radio|file|number|date|month|hidden|range|color)\b/;

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return files(path);
    return /\.tsx$/.test(name) ? [path] : [];
  });
}

/** The opening tag starting at `start` (`<tag ...>` or `<tag ... />`), skipping `>` inside `{...}` and strings. */
function openingTag(text: string, start: number): string {
  let depth = 0;
  let quote: string | null = null;
  for (let i = start + 1; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote && text[i - 1] !== '\\') quote = null;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      i = text.indexOf('*/', i + 2) + 1; // a comment between attributes may hold any character
      if (i === 0) break;
      continue;
    }
    if (c === '"' || c === "'" || c === '`') quote = c;
    else if (c === '{') depth++;
    else if (c === '}') depth--;
    else if (c === '>' && depth === 0) return text.slice(start, i + 1);
  }
  return text.slice(start);
}

/** `file:line <tag>` for each text-like element without a maxLength. */
export function missingMaxLength(text: string, file: string): string[] {
  const found: string[] = [];
  const re = new RegExp(`<(${TAGS.join('|')})(?=[\\s/>])`, 'g');
  for (const m of text.matchAll(re)) {
    const tag = openingTag(text, m.index!);
    if (/\bmaxLength=/.test(tag)) continue;
    if (/\breadOnly\b/.test(tag)) continue;
    if (NOT_TEXT.test(tag)) continue;
    if (/\{\.\.\.rest\}/.test(tag)) continue; // a field component's own element: its callers are checked
    const line = text.slice(0, m.index!).split('\n').length;
    found.push(`${file}:${line} <${m[1]}>`);
  }
  return found;
}

describe('text inputs have a maxLength', () => {
  it('flags an input, a textarea and a TextField without one (negative control)', () => {
    const source = [
      '<input id="a" value={a} onChange={(e) => setA(e.target.value)} />',
      '<textarea\n  id="b"\n  value={b}\n/>',
      '<TextField id="c" label="C" value={c} onChange={setC} error={null} />',
      '<input type="checkbox" checked={d} />',
      '<input id="e" maxLength={20} value={e} />',
      '<textarea readOnly value={f} />',
      '<input id="g" onChange={(e) => (e.target.value.length > 2 ? x() : y())} />',
      "<input /* the user's > note */ maxLength={5} id=\"h\" />",
    ].join('\n');
    expect(missingMaxLength(source, 'x.tsx')).toEqual(['x.tsx:1 <input>', 'x.tsx:2 <textarea>', 'x.tsx:6 <TextField>', 'x.tsx:10 <input>']);
  });

  it('every text-like input in renderer/ has a maxLength', () => {
    const missing = files('renderer').flatMap((file) => missingMaxLength(readFileSync(file, 'utf8'), file));
    expect(missing).toEqual([]);
  });
});
