import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { findPersonalInfo, redactSpans, type RawSpan } from '../../../core/privacy';

describe('redactSpans', () => {
  it('replaces what moderation found and logs kind, place and length', () => {
    const review = 'Great film! Call me at (408) 555-0123 or mail jo@example.com.';
    const { text, log } = redactSpans(review, findPersonalInfo(review));
    expect(text).toBe('Great film! Call me at [removed] or mail [removed].');
    expect(log).toEqual([
      { kind: 'phone', start: 23, end: 37, length: 14, replacedStart: 23, replacedEnd: 32 },
      { kind: 'email', start: 46, end: 60, length: 14, replacedStart: 41, replacedEnd: 50 },
    ]);
  });

  it('keeps no trace of the removed words in its log', () => {
    const review = 'Write to jane.doe77@example.com or call five five five oh one two three.';
    const { log } = redactSpans(review, findPersonalInfo(review));
    const serialized = JSON.stringify(log);
    for (const secret of ['jane', 'doe77', 'example', 'five', 'oh one']) expect(serialized).not.toContain(secret);
    for (const entry of log) expect(Object.keys(entry).sort()).toEqual(['end', 'kind', 'length', 'replacedEnd', 'replacedStart', 'start']);
  });

  it('accepts unsorted and overlapping spans and cuts each stretch once, as its longest part', () => {
    const spans: RawSpan[] = [
      { kind: 'phone', start: 10, end: 14 },
      { kind: 'email', start: 2, end: 12 },
      { kind: 'url', start: 20, end: 20 },
    ];
    const { text, log } = redactSpans('0123456789abcdefghijklmnop', spans, 'X');
    expect(text).toBe('01Xefghijklmnop');
    expect(log).toEqual([{ kind: 'email', start: 2, end: 14, length: 12, replacedStart: 2, replacedEnd: 3 }]);
  });

  it('lets the caller choose the replacement per span', () => {
    const { text } = redactSpans('call 555-0101 now', [{ kind: 'phone', start: 5, end: 13 }], (s) => `[${s.kind}]`);
    expect(text).toBe('call [phone] now');
  });

  it('never leaves half of a surrogate pair behind', () => {
    const { text, log } = redactSpans('a😀b', [{ kind: 'own_name', start: 2, end: 3 }], '');
    expect(text).toBe('ab');
    expect(log[0]).toMatchObject({ start: 1, end: 3, length: 2 });
  });

  it('rejects spans outside the text', () => {
    expect(() => redactSpans('short', [{ kind: 'email', start: 2, end: 9 }])).toThrow(RangeError);
    expect(() => redactSpans('short', [{ kind: 'email', start: 3, end: 2 }])).toThrow(RangeError);
    expect(() => redactSpans('short', [{ kind: 'email', start: -1, end: 2 }])).toThrow(RangeError);
  });

  it('keeps every untouched character and puts the replacement where the log says', () => {
    const textAndSpans = fc.string({ unit: 'grapheme-ascii', minLength: 1, maxLength: 60 }).chain((text) =>
      fc.tuple(
        fc.constant(text),
        fc.array(
          fc.tuple(fc.nat({ max: text.length }), fc.nat({ max: text.length }))
            .map(([a, b]) => ({ kind: 'email', start: Math.min(a, b), end: Math.max(a, b) })),
          { maxLength: 6 },
        ),
        fc.string({ maxLength: 5 }),
      ),
    );
    fc.assert(
      fc.property(textAndSpans, ([text, spans, replacement]) => {
        const { text: out, log } = redactSpans(text, spans, replacement);
        let rebuilt = '';
        let cursor = 0;
        for (const entry of log) {
          expect(entry.start).toBeGreaterThanOrEqual(cursor);
          expect(entry.length).toBe(entry.end - entry.start);
          rebuilt += text.slice(cursor, entry.start);
          expect(out.slice(entry.replacedStart, entry.replacedEnd)).toBe(replacement);
          expect(entry.replacedStart).toBe(rebuilt.length);
          rebuilt += replacement;
          cursor = entry.end;
        }
        expect(out).toBe(rebuilt + text.slice(cursor));
        // Every character inside some non-empty span is gone; no other character is.
        const covered = new Set(spans.flatMap((s) => Array.from({ length: s.end - s.start }, (_, k) => s.start + k)));
        const removed = log.reduce((n, e) => n + e.length, 0);
        expect(removed).toBe(covered.size);
      }),
      { numRuns: 500 },
    );
  });
});
