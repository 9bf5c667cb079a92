/** Spans of personal information in a text, and how overlapping finds are combined. */

export type PiiKind = 'email' | 'phone' | 'street_address' | 'own_name' | 'url';

/** A piece of personal information: UTF-16 offsets into the original text, `text` = original.slice(start, end). */
export interface PiiSpan {
  readonly kind: PiiKind;
  readonly start: number;
  readonly end: number;
  readonly text: string;
}

/** A find before it is cut out of the original: offsets and kind only. */
export interface RawSpan<K extends string = string> {
  readonly kind: K;
  readonly start: number;
  readonly end: number;
}

/**
 * Sort and make non-overlapping. Overlapping or touching-inside finds become
 * one span covering all of them: leaving part of an email because a phone
 * detector claimed its digits would publish the rest (policy: "users should
 * not post personal information on any review page"). The merged span keeps
 * the kind of its longest part; `rank` breaks ties (lower wins).
 */
export function mergeOverlapping<K extends string>(spans: readonly RawSpan<K>[], rank: (kind: K) => number): RawSpan<K>[] {
  const sorted = spans
    .filter((s) => s.end > s.start)
    .sort((a, b) => a.start - b.start || b.end - a.end);
  const out: RawSpan<K>[] = [];
  let current: { kind: K; start: number; end: number; bestLength: number } | null = null;
  for (const span of sorted) {
    const length = span.end - span.start;
    if (current !== null && span.start < current.end) {
      current.end = Math.max(current.end, span.end);
      if (length > current.bestLength || (length === current.bestLength && rank(span.kind) < rank(current.kind))) {
        current.kind = span.kind;
        current.bestLength = length;
      }
      continue;
    }
    if (current !== null) out.push({ kind: current.kind, start: current.start, end: current.end });
    current = { kind: span.kind, start: span.start, end: span.end, bestLength: length };
  }
  if (current !== null) out.push({ kind: current.kind, start: current.start, end: current.end });
  return out;
}
