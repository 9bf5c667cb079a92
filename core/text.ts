/**
 * Text is clean at every boundary. Every string that enters through the
 * station's dispatch, the central API's routes or a pushed mutation's args is
 * checked by ONE refinement before its schema runs: no NUL or other C0/C1
 * control character (PostgreSQL refuses NUL in text outright, and a control
 * character pasted into a name ends up on a label or in a partner's file), and
 * no unpaired UTF-16 surrogate (half an emoji: not text, and not encodable as
 * UTF-8). A line break (and a tab) is allowed only in a field declared
 * multi-line with `multiline(...)` (a policy summary, a CA certificate).
 *
 * The check walks the value beside its schema rather than being added to each
 * `z.string()`, so a field added tomorrow is covered without anyone
 * remembering to: the schema is consulted only to learn which fields are
 * multi-line.
 */
import { z } from 'zod';
import { AppError, fieldIssuesFromZod, type FieldIssue } from './errors';

const multilineFields = z.registry<{ multiline: true }>();

const checkedInside = z.registry<{ checkedInside: true }>();

/**
 * Marks a value whose text is checked further in, per item: a pushed
 * mutation's args are checked by its mutator, so one bad change is rejected
 * on its own instead of refusing the station's whole batch (which would block
 * it for good).
 */
export function textCheckedInside<S extends z.ZodType>(schema: S): S {
  checkedInside.add(schema, { checkedInside: true });
  return schema;
}

/** Marks a string field that may hold line breaks (and tabs). */
export function multiline<S extends z.ZodType>(schema: S): S {
  multilineFields.add(schema, { multiline: true });
  return schema;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
// C0 (U+0000-U+001F), DEL and C1 (U+0080-U+009F).
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001F\u007F-\u009F]/;
// eslint-disable-next-line no-control-regex
const CONTROL_BUT_LINES = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/;

/** What is wrong with this text, in words a person can act on; null when it is clean. */
export function textProblem(text: string, allowLineBreaks = false): string | null {
  const surrogate = LONE_SURROGATE.exec(text);
  if (surrogate) return `This has a broken character (half of an emoji or symbol) at position ${surrogate.index + 1}. Delete it and type it again.`;
  if (!allowLineBreaks) {
    const breakAt = text.search(/[\r\n]/);
    if (breakAt >= 0) return `This must be a single line: remove the line break at position ${breakAt + 1}.`;
  }
  const control = (allowLineBreaks ? CONTROL_BUT_LINES : CONTROL).exec(text);
  if (control) {
    const what = control[0] === '\u0000' ? 'an invisible NUL character' : control[0] === '\t' ? 'a tab' : 'an invisible control character';
    return `This has ${what} at position ${control.index + 1} (often from pasting). Delete it and type the text again.`;
  }
  return null;
}

type Def = { type: string; [k: string]: unknown };
const defOf = (schema: z.ZodType | null | undefined): Def | null => (schema ? ((schema as unknown as { _zod: { def: Def } })._zod.def ?? null) : null);

/** Every unclean string in `value`, with the dotted path of its field. */
export function unsafeTextIssues(schema: z.ZodType | null, value: unknown): FieldIssue[] {
  const out: FieldIssue[] = [];
  walk(schema, value, [], false, out);
  return out;
}

function walk(schema: z.ZodType | null, value: unknown, path: PropertyKey[], multi: boolean, out: FieldIssue[]): void {
  if (schema !== null && checkedInside.has(schema)) return;
  const isMulti = multi || (schema !== null && multilineFields.has(schema));
  const def = defOf(schema);
  if (typeof value === 'string') {
    if (def && !isMulti) {
      const inner = unwrapped(schema!);
      if (inner !== schema) return walk(inner, value, path, isMulti, out);
      if (def.type === 'union') return walkUnion(def, value, path, isMulti, out);
    }
    const problem = textProblem(value, isMulti);
    if (problem) out.push({ field: path.map(String).join('.') || '(input)', message: problem });
    return;
  }
  if (value === null || typeof value !== 'object') return;
  if (def) {
    const inner = unwrapped(schema!);
    if (inner !== schema) return walk(inner, value, path, isMulti, out);
    if (def.type === 'union') return walkUnion(def, value, path, isMulti, out);
    if (def.type === 'intersection') {
      walk(def.left as z.ZodType, value, path, isMulti, out);
      return;
    }
  }
  if (Array.isArray(value)) {
    const element = def?.type === 'array' ? (def.element as z.ZodType) : null;
    value.forEach((v, i) => walk(def?.type === 'tuple' ? (((def.items as z.ZodType[])[i] ?? def.rest) as z.ZodType | null) ?? null : element, v, [...path, i], false, out));
    return;
  }
  for (const [key, v] of Object.entries(value)) {
    // A key is text too (a record's keys reach the database as JSON).
    const keyProblem = textProblem(key);
    if (keyProblem) out.push({ field: [...path, key].map(String).join('.'), message: keyProblem });
    let child: z.ZodType | null = null;
    if (def?.type === 'object') child = ((def.shape as Record<string, z.ZodType>)[key] ?? (def.catchall as z.ZodType | undefined)) ?? null;
    else if (def?.type === 'record') child = def.valueType as z.ZodType;
    walk(child, v, [...path, key], false, out);
  }
}

/** A union: the value is clean if it is clean under one of the options (the most lenient wins). */
function walkUnion(def: Def, value: unknown, path: PropertyKey[], multi: boolean, out: FieldIssue[]): void {
  let best: FieldIssue[] | null = null;
  for (const option of def.options as z.ZodType[]) {
    const issues: FieldIssue[] = [];
    walk(option, value, path, multi, issues);
    if (!best || issues.length < best.length) best = issues;
    if (issues.length === 0) break;
  }
  out.push(...(best ?? []));
}

const WRAPPERS = new Set(['optional', 'nullable', 'default', 'prefault', 'catch', 'readonly', 'nonoptional', 'success']);

/** The schema under optional/nullable/default/pipe/lazy wrappers, or the schema itself. */
function unwrapped(schema: z.ZodType): z.ZodType {
  const def = defOf(schema)!;
  if (WRAPPERS.has(def.type)) return def.innerType as z.ZodType;
  if (def.type === 'pipe') return def.in as z.ZodType;
  if (def.type === 'lazy') return (def.getter as () => z.ZodType)();
  return schema;
}

/**
 * The boundary's form of an input schema: the text check first (its issues
 * are the only ones reported when it fails, so a person reads the one thing
 * to fix), then the schema itself.
 */
export function withCleanText<S extends z.ZodType>(schema: S): z.ZodType<z.output<S>, unknown> {
  return z
    .unknown()
    .superRefine((value, ctx) => {
      for (const issue of unsafeTextIssues(schema, value)) {
        ctx.addIssue({ code: 'custom', path: issue.field === '(input)' ? [] : issue.field.split('.'), message: issue.message, params: { reason: 'TEXT_UNSAFE' } });
      }
    })
    .pipe(schema) as unknown as z.ZodType<z.output<S>, unknown>;
}

const boundaryCache = new WeakMap<z.ZodType, z.ZodType>();

/** `withCleanText`, built once per schema (dispatch and the API's routes call it per request). */
export function boundarySchema<S extends z.ZodType>(schema: S): z.ZodType<z.output<S>, unknown> {
  let wrapped = boundaryCache.get(schema);
  if (!wrapped) boundaryCache.set(schema, (wrapped = withCleanText(schema)));
  return wrapped as z.ZodType<z.output<S>, unknown>;
}

/** True when a zod failure came from the text check (so the error can carry the reason TEXT_UNSAFE). */
export function isTextIssue(issue: { code?: string; params?: unknown }): boolean {
  return issue.code === 'custom' && (issue.params as { reason?: string } | undefined)?.reason === 'TEXT_UNSAFE';
}

/** A failed boundary parse as the error a person reads: the text check's own reason when it was the text. */
export function inputRefusal(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string; code?: string; params?: unknown }>): AppError {
  const fields = fieldIssuesFromZod(issues);
  return issues.some(isTextIssue)
    ? AppError.because('TEXT_UNSAFE', 'Some text has a character that cannot be kept (a control character or a broken symbol). Fix the field shown.', fields)
    : new AppError('INVALID_INPUT', undefined, fields);
}

/** The longest text a string schema accepts (for an input's `maxLength`), through optional/nullable/default wrappers. */
export function maxLengthOf(schema: z.ZodType): number | undefined {
  let s: z.ZodType = schema;
  for (let inner = unwrapped(s); inner !== s; inner = unwrapped(s)) s = inner;
  const max = (s as unknown as { maxLength?: number | null }).maxLength;
  return typeof max === 'number' ? max : undefined;
}
