/**
 * Moderation against the seed generator's reviews: about one in ten leaks
 * personal information the way customers do (an email, a phone, spelled-out
 * digits, a street address, a signature), the rest is ordinary review text.
 */
import { describe, expect, it } from 'vitest';
import { generateDemo } from '../../../core/demo/generate';
import { scenario } from '../../../core/demo/scenarios';
import { findPersonalInfo } from '../../../core/privacy';

const demo = generateDemo(scenario('small', { now: new Date('2025-06-15T00:00:00.000Z'), customers: 4000, shipments: 24_000 }));
const fullName = new Map<number, string>();
for (const c of demo.rows('customers')) fullName.set(c.id, c.full_name);
const reviews = [...demo.rows('reviews')];

/** Where the generator appends a leak to an otherwise ordinary review. */
const LEAK_OPENINGS = [' Email me at ', ' Call me at ', ' I live at ', ' - ', ' Write to ', ' Text me: '];
function leakStart(body: string): number | null {
  const starts = LEAK_OPENINGS.map((opening) => body.indexOf(opening)).filter((i) => i >= 0);
  return starts.length === 0 ? null : Math.min(...starts);
}

describe('moderation on the demo reviews', () => {
  it('has both kinds to judge', () => {
    expect(reviews.filter((r) => leakStart(r.body) !== null).length).toBeGreaterThan(10);
    expect(reviews.filter((r) => leakStart(r.body) === null).length).toBeGreaterThan(100);
  });

  it('flags every review that leaks, in the leaked part only', () => {
    for (const review of reviews) {
      const start = leakStart(review.body);
      if (start === null) continue;
      const spans = findPersonalInfo(review.body, { reviewerNames: [fullName.get(review.customer_id)!] });
      expect(spans.length, review.body).toBeGreaterThan(0);
      for (const span of spans) expect(span.start, review.body).toBeGreaterThanOrEqual(start);
    }
  });

  it('flags nothing in ordinary reviews', () => {
    for (const review of reviews) {
      if (leakStart(review.body) !== null) continue;
      expect(findPersonalInfo(review.body, { reviewerNames: [fullName.get(review.customer_id)!] }), review.body).toEqual([]);
    }
  });
});
