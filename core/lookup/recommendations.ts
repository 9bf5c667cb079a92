/**
 * Recommendations for one customer. Policy: "This information is also used to
 * remove rented titles from your recommendations list" — every title the
 * customer has ever rented is removed here, whatever the ranking says, and so
 * is what is already in their queue (they have asked for it already).
 */
export interface CandidateTitle {
  id: number;
  name: string;
  genre: string;
  popularity: number;
}

export interface Recommendation extends CandidateTitle {
  score: number;
}

export function recommendTitles(input: {
  rentedTitleIds: ReadonlySet<number>;
  queuedTitleIds: ReadonlySet<number>;
  /** How many of the customer's rentals fell in each genre. */
  genreCounts: ReadonlyMap<string, number>;
  candidates: readonly CandidateTitle[];
  limit?: number;
}): Recommendation[] {
  const totalRented = [...input.genreCounts.values()].reduce((s, n) => s + n, 0);
  const maxPopularity = Math.max(1, ...input.candidates.map((c) => c.popularity));
  const seen = new Set<number>();
  const ranked: Recommendation[] = [];
  for (const c of input.candidates) {
    if (input.rentedTitleIds.has(c.id) || input.queuedTitleIds.has(c.id) || seen.has(c.id)) continue;
    seen.add(c.id);
    // Genre affinity dominates; popularity breaks ties and fills in for new customers with no history.
    const affinity = totalRented > 0 ? (input.genreCounts.get(c.genre) ?? 0) / totalRented : 0;
    const score = 0.7 * affinity + 0.3 * (c.popularity / maxPopularity);
    ranked.push({ ...c, score: Math.round(score * 1e6) / 1e6 });
  }
  ranked.sort((a, b) => b.score - a.score || b.popularity - a.popularity || a.id - b.id);
  return ranked.slice(0, input.limit ?? 12);
}
