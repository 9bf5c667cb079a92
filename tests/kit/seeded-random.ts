/**
 * A seeded generator for tests and benchmarks that draw at random (kill
 * instants, network faults, search questions): the same seed gives the same
 * run, so a failure can be replayed from the seed the run printed. pure-rand
 * (fast-check's own generators) rather than a hand-copied PRNG in each file.
 */
import { uniformFloat64 } from 'pure-rand/distribution/uniformFloat64';
import { xoroshiro128plus } from 'pure-rand/generator/xoroshiro128plus';

/** Numbers in [0, 1), the same sequence for the same seed. */
export function seededRandom(seed: number): () => number {
  const rng = xoroshiro128plus(seed >>> 0);
  return () => uniformFloat64(rng);
}
