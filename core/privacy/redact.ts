/**
 * Cutting spans out of a text, with a log of what was cut that is safe to
 * keep: kind, where, how long, never the words themselves. A redaction log
 * that quoted the removed phone number would be one more copy of it
 * (policy: "At no time, however, will we disclose personal information about
 * specific users").
 */
import { mergeOverlapping, type RawSpan } from './spans';

export const DEFAULT_REPLACEMENT = '[removed]';

export interface RedactionLogEntry<K extends string = string> {
  readonly kind: K;
  /** Offsets of the removed text in the original. */
  readonly start: number;
  readonly end: number;
  readonly length: number;
  /** Where the replacement sits in the redacted text, for highlighting it. */
  readonly replacedStart: number;
  readonly replacedEnd: number;
}

export interface Redaction<K extends string = string> {
  readonly text: string;
  readonly log: RedactionLogEntry<K>[];
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}

/** Never cut a character in half: half a surrogate pair left behind is not valid text. */
function widenToCharacters(text: string, start: number, end: number): { start: number; end: number } {
  let s = start;
  let e = end;
  if (s > 0 && s < text.length && isLowSurrogate(text.charCodeAt(s)) && isHighSurrogate(text.charCodeAt(s - 1))) s--;
  if (e > 0 && e < text.length && isLowSurrogate(text.charCodeAt(e)) && isHighSurrogate(text.charCodeAt(e - 1))) e++;
  return { start: s, end: e };
}

/**
 * Replace each span with `replacement` (a fixed string, or one chosen per
 * span). Spans may come unsorted and may overlap (finds from several
 * detectors); overlapping ones are cut as one, keeping the kind of the longest
 * and its replacement. Empty spans are ignored. Offsets outside the text are
 * a programming error and throw.
 */
export function redactSpans<S extends RawSpan>(
  text: string,
  spans: readonly S[],
  replacement: string | ((span: S) => string) = DEFAULT_REPLACEMENT,
): Redaction<S['kind']> {
  for (const span of spans) {
    if (!Number.isInteger(span.start) || !Number.isInteger(span.end) || span.start < 0 || span.end > text.length || span.start > span.end) {
      throw new RangeError(`span [${span.start}, ${span.end}) is outside a text of length ${text.length}`);
    }
  }
  const widened = spans.map((span) => ({ span, ...widenToCharacters(text, span.start, span.end) }));
  // Merge on indices into `widened`, so the representative span (and its own replacement) is known.
  const merged = mergeOverlapping(
    widened.map((w, index) => ({ kind: String(index), start: w.start, end: w.end })),
    (index) => Number(index),
  );
  let out = '';
  let cursor = 0;
  const log: RedactionLogEntry<S['kind']>[] = [];
  for (const piece of merged) {
    const representative = widened[Number(piece.kind)]!.span;
    const replacementText = typeof replacement === 'function' ? replacement(representative) : replacement;
    out += text.slice(cursor, piece.start);
    const replacedStart = out.length;
    out += replacementText;
    log.push({
      kind: representative.kind,
      start: piece.start,
      end: piece.end,
      length: piece.end - piece.start,
      replacedStart,
      replacedEnd: out.length,
    });
    cursor = piece.end;
  }
  out += text.slice(cursor);
  return { text: out, log };
}
