/**
 * Seeded randomness for the demo generator. Integer-only arithmetic (Math.imul,
 * shifts, exact divisions by 2^32) so every JavaScript engine on every machine
 * yields the same bytes for the same seed; Math.random and the transcendental
 * Math functions are avoided because neither is specified bit-for-bit.
 */

/** murmur3's finaliser: spreads each key bit over the whole word. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const TWO_32 = 4294967296;

/**
 * sfc32 (Small Fast Counter, PractRand-clean). `reseed(seed, stream, index)`
 * derives an independent substream per entity, so customer 123's address can
 * be regenerated anywhere (customers, shipments, reviews) without keeping it.
 */
export class Rng {
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  constructor(seed: number, stream = 0, index = 0) {
    this.reseed(seed, stream, index);
  }

  reseed(seed: number, stream: number, index: number): this {
    // Seeds above 2^32 keep their high word instead of silently colliding.
    const hi = Math.floor(seed / TWO_32) >>> 0;
    this.a = fmix32((seed >>> 0) ^ 0x9e3779b9);
    this.b = fmix32(this.a ^ Math.imul(stream + 1, 0x85ebca6b) ^ hi);
    this.c = fmix32(this.b ^ Math.imul((index >>> 0) + 1, 0xc2b2ae35));
    this.d = fmix32(this.c ^ Math.floor(index / TWO_32) ^ 0x27d4eb2f);
    for (let i = 0; i < 12; i++) this.u32();
    return this;
  }

  u32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.u32() / TWO_32;
  }

  /** Integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.float() * n);
  }

  /** Integer in [lo, hi], both inclusive. */
  range(lo: number, hi: number): number {
    return lo + this.int(hi - lo + 1);
  }

  chance(p: number): boolean {
    return this.float() < p;
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)]!;
  }

  /** Like `pick`, but the front of the list comes up far more often (common names first). */
  pickSkewed<T>(items: readonly T[]): T {
    const u = this.float();
    return items[Math.floor(u * u * items.length)]!;
  }

  /** Index into a cumulative weight table (ascending, last entry = total). */
  weighted(cumulative: ArrayLike<number>): number {
    const total = cumulative[cumulative.length - 1]!;
    const x = this.float() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! > x) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }

  digits(n: number): string {
    let s = '';
    for (let i = 0; i < n; i++) s += String(this.int(10));
    return s;
  }
}

export function cumulative(weights: readonly number[]): Float64Array {
  const out = new Float64Array(weights.length);
  let sum = 0;
  weights.forEach((w, i) => {
    sum += w;
    out[i] = sum;
  });
  return out;
}

/**
 * A bijection on [0, modulus) (multiplier coprime with the modulus), used to
 * turn sequence numbers into unique but unsequential-looking numbers
 * (email suffixes, barcodes). Products stay below 2^53, so it is exact.
 */
export function scramble(i: number, modulus: number, multiplier: number, offset: number): number {
  return (((i % modulus) * multiplier) % modulus + offset) % modulus;
}

const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/**
 * A ULID-shaped id (48-bit millisecond time + 80 random bits, Crockford base32)
 * from the seeded stream: sorts by time like the ids stations create, yet
 * reproducible, unlike ulidx which reads the clock and crypto randomness.
 */
export function demoUlid(ms: number, rng: Rng): string {
  let time = '';
  let t = ms;
  for (let i = 0; i < 10; i++) {
    time = CROCKFORD[t % 32]! + time;
    t = Math.floor(t / 32);
  }
  let rand = '';
  for (let i = 0; i < 16; i++) rand += CROCKFORD[rng.u32() >>> 27]!;
  return time + rand;
}
