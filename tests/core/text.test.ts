/**
 * Text is clean at every boundary (issue 12, item 1): every string field of
 * every station method and central route refuses NUL, other control
 * characters and unpaired surrogates with a message on that field; line breaks
 * only where the field is multi-line; and clean text is never refused.
 */
import fc from 'fast-check';
import type { z } from 'zod';
import { describe, expect, it } from 'vitest';
import { contract } from '../../core/contract';
import { REASONS } from '../../core/errors';
import { centralRoutes } from '../../core/routes';
import { MUTATORS } from '../../core/sync/mutators/index';
import { SearchInputSchema } from '../../core/lookup/schemas';
import { boundarySchema, inputRefusal, isTextIssue, maxLengthOf, textProblem, unsafeTextIssues } from '../../core/text';

type Def = { type: string; [k: string]: unknown };
const defOf = (s: z.ZodType): Def => (s as unknown as { _zod: { def: Def } })._zod.def;
type Step = string | { array: true } | { record: true };

/** Every path from the root of an input schema to a string field (through wrappers, arrays, records, unions). */
function stringPaths(schema: z.ZodType, path: Step[] = [], seen = new Set<z.ZodType>()): Step[][] {
  if (seen.has(schema)) return [];
  const def = defOf(schema);
  const next = new Set(seen).add(schema);
  switch (def.type) {
    case 'string':
      return [path];
    case 'optional':
    case 'nullable':
    case 'default':
    case 'prefault':
    case 'catch':
    case 'readonly':
    case 'nonoptional':
      return stringPaths(def.innerType as z.ZodType, path, next);
    case 'pipe':
      return stringPaths(def.in as z.ZodType, path, next);
    case 'object':
      return Object.entries(def.shape as Record<string, z.ZodType>).flatMap(([k, v]) => stringPaths(v, [...path, k], next));
    case 'array':
      return stringPaths(def.element as z.ZodType, [...path, { array: true }], next);
    case 'record':
      return stringPaths(def.valueType as z.ZodType, [...path, { record: true }], next);
    case 'union':
      return (def.options as z.ZodType[]).flatMap((o) => stringPaths(o, path, next));
    default:
      return [];
  }
}

function valueAt(path: Step[], leaf: string): unknown {
  if (path.length === 0) return leaf;
  const [head, ...rest] = path;
  const inner = valueAt(rest, leaf);
  if (typeof head === 'string') return { [head]: inner };
  return 'array' in head! ? [inner] : { k: inner };
}

const fieldOf = (path: Step[]) => path.map((s) => (typeof s === 'string' ? s : 'array' in s ? '0' : 'k')).join('.') || '(input)';

interface Boundary {
  where: string;
  schema: z.ZodType;
}
const boundaries: Boundary[] = [
  ...Object.entries(contract).map(([name, spec]) => ({ where: `station ${name}`, schema: spec.input as z.ZodType })),
  ...Object.entries(centralRoutes).map(([name, spec]) => ({ where: `central ${name}`, schema: spec.input as z.ZodType })),
  ...[...MUTATORS.values()].map((m) => ({ where: `mutator ${m.name}`, schema: m.args as z.ZodType })),
];
const fields = boundaries.flatMap((b) => stringPaths(b.schema).map((path) => ({ ...b, path, field: fieldOf(path) })));

const CONTROLS = ['\u0000', '\u0001', '\u0007', '\u0008', '\u000B', '\u000C', '\u001B', '\u001F', '\u007F', '\u0080', '\u0085', '\u009F'];
const LONE = ['\uD800', '\uDBFF', '\uDC00', '\uDFFF'];
const safeChunk = fc.string({ maxLength: 12 });
const unsafe = fc.tuple(safeChunk, fc.constantFrom(...CONTROLS, ...LONE), safeChunk).map(([a, bad, b]) => a + bad + b);
/** Any text a person could mean: full Unicode (astral included), no control characters, no line breaks. */
const clean = fc.string({ unit: 'grapheme', maxLength: 30 });

describe('the text rule', () => {
  it('says what is wrong in words, with the position, and never a code', () => {
    expect(textProblem('ab\u0000c')).toMatch(/^This has an invisible NUL character at position 3/);
    expect(textProblem('a\tb')).toMatch(/a tab at position 2/);
    expect(textProblem('line\nnext')).toMatch(/single line: remove the line break at position 5/);
    expect(textProblem('line\nnext', true)).toBeNull();
    expect(textProblem('x\u0085')).toMatch(/control character at position 2/);
    expect(textProblem('Heat \uD83C')).toMatch(/broken character .* at position 6/);
    expect(textProblem('Heat 🎬 Ronin é')).toBeNull();
  });

  it('covers every string field the station, the central API and the mutators take', () => {
    // A negative control for the walk: if it found nothing, every property below would pass vacuously.
    expect(fields.length).toBeGreaterThan(100);
    expect(fields.some((f) => f.where === 'station lookup.search' && f.field === 'query')).toBe(true);
    expect(fields.some((f) => f.where === 'mutator customer.updateContact' && f.field === 'fullName')).toBe(true);
  });

  it('refuses a control character or a lone surrogate in any string field, on that field, with the reason TEXT_UNSAFE', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fields), unsafe, ({ where, schema, path, field }, text) => {
        const result = boundarySchema(schema).safeParse(valueAt(path, text));
        expect(result.success, `${where} ${field}`).toBe(false);
        const issues = result.error!.issues;
        expect(issues.every(isTextIssue), `${where} ${field}`).toBe(true);
        expect(issues.map((i) => i.path.map(String).join('.'))).toContain(field);
        const refusal = inputRefusal(issues);
        expect(refusal.reason).toBe('TEXT_UNSAFE');
        expect(refusal.code).toBe(REASONS.TEXT_UNSAFE);
        expect(refusal.fields!.find((f) => f.field === field)?.message).toMatch(/^This (has|must)/);
      }),
      { numRuns: 2000 },
    );
  });

  it('a line break is refused in a one-line field and kept in a multi-line one', () => {
    const multi = fields.filter((f) => unsafeTextIssues(f.schema, valueAt(f.path, 'a\nb')).length === 0);
    // The multi-line fields are the declared ones: the CA certificate, policy texts, the disclosure scope, an affiliate decision's reason.
    expect(new Set(multi.map((f) => `${f.where} ${f.field}`))).toEqual(
      new Set([
        'station station.register ca',
        'station station.reenroll ca',
        'station station.inspectCa pem',
        'station station.settings.update apiCa',
        'station privacy.policy.publishVersion summary',
        'station privacy.policy.declareUse description',
        'station privacy.disclosures.recordLegalRequest scope',
        'station privacy.affiliates.decide reason',
        'central privacy.policy.publishVersion summary',
        'central privacy.policy.declareUse description',
        'central privacy.disclosures.recordLegalRequest scope',
        'central privacy.affiliates.decide reason',
      ]),
    );
    fc.assert(
      fc.property(fc.constantFrom(...fields), clean, clean, ({ schema, path }, a, b) => {
        const issues = unsafeTextIssues(schema, valueAt(path, `${a}\n${b}`));
        expect(issues.length === 0).toBe(multi.some((m) => m.schema === schema && fieldOf(m.path) === fieldOf(path)));
      }),
      { numRuns: 1000 },
    );
  });

  it('never refuses clean text, whatever its script or emoji', () => {
    fc.assert(
      fc.property(fc.constantFrom(...fields), clean, ({ schema, path }, text) => {
        expect(unsafeTextIssues(schema, valueAt(path, text))).toEqual([]);
      }),
      { numRuns: 2000 },
    );
  });

  it('an input’s maxLength is read off its schema (the search box holds what the search accepts)', () => {
    expect(maxLengthOf(SearchInputSchema.shape.query)).toBe(10_000);
    expect(SearchInputSchema.safeParse({ query: 'x'.repeat(maxLengthOf(SearchInputSchema.shape.query)!) }).success).toBe(true);
  });
});
