/**
 * The compact plan behind a demo data set: a few typed arrays per customer,
 * title and disc (tens of bytes each) holding every decision that couples
 * tables (home DC, tenure, shipment counts, which disc is out). Rows are then
 * derived one at a time from the plan plus a per-entity random substream, so
 * 1M shipments never sit in memory and every table agrees with the others.
 */
import { DEMO_STAFF } from './staff';
import { CITIES, DISTRIBUTION_CENTERS, STATES } from './reference/places';
import { DAY, HOUR, MINUTE, type ResolvedDemoOptions } from './options';
import { Rng, cumulative } from './rng';
import type { DemoTable } from './rows';

/** Substream ids: one per kind of decision, so adding one never shifts another. */
export const STREAM = {
  customerPlan: 1,
  shipmentCount: 2,
  shippedPlan: 3,
  allocatedPlan: 4,
  titlePlan: 5,
  discPlan: 6,
  openPlan: 7,
  person: 10,
  address: 11,
  card: 12,
  consent: 13,
  title: 14,
  disc: 15,
  history: 16,
  historyDetail: 17,
  openDetail: 18,
  queue: 19,
  charge: 20,
  review: 21,
  affiliate: 22,
  staff: 23,
} as const;

export const CERTIFIED = 1;
export const CLOSED = 2;

export const DISC_IN_STOCK = 0;
export const DISC_OUT = 1;
export const DISC_DAMAGED = 2;
export const DISC_STATUS_MASK = 3;
export const DISC_HAS_ALIAS = 4;

export const DC_COUNT = DISTRIBUTION_CENTERS.length;

const THREE_YEARS = 3 * 365 * DAY;
/** A rental is out about three weeks at most; history ends that long before `now` (or closure). */
export const RETURN_WINDOW = 25 * DAY;
const SHIPPED_SHARE = 0.1;
const DAMAGED_SHARE = 0.004;
const ALIAS_SHARE = 0.02;
const AFFILIATES = 20;

const CITY_DC = Uint8Array.from(CITIES, (c) => DISTRIBUTION_CENTERS.findIndex((dc) => dc.code === STATES[c.state]!.dc));
const CITY_WEIGHTS = cumulative(
  CITIES.map((c) => STATES[c.state]!.weight / CITIES.filter((other) => other.state === c.state).length),
);

export interface DemoPlan {
  options: ResolvedDemoOptions;
  seed: number;
  nowMs: number;
  customerCount: number;
  titleCount: number;
  discCount: number;

  /** Per customer, indexed by id - 1. */
  createdAt: Float64Array;
  /** `now`, or when the account closed: nothing happens to the customer after it. */
  endAt: Float64Array;
  cityIndex: Uint16Array;
  dcIndex: Uint8Array;
  planOut: Uint8Array;
  flags: Uint8Array;
  queueLength: Uint8Array;
  consentCount: Uint8Array;
  reviewCount: Uint8Array;
  chargeCount: Uint16Array;
  returnedCount: Uint32Array;
  shippedCount: Uint8Array;
  /** Prefix sums into `openTitle`/`openDisc`: a customer's shipped, then allocated, shipments. */
  openStart: Uint32Array;
  openTitle: Uint32Array;
  openDisc: Uint32Array;

  /** Per title, indexed by id - 1. */
  popularity: Uint32Array;
  titleWeights: Float64Array;
  /** Disc ids are grouped in pools per (title, DC): pool k = (title_id - 1) * DC_COUNT + dc holds ids poolStart[k]+1 .. poolStart[k+1]. */
  poolStart: Uint32Array;
  /** Per disc id (index 0 unused): DISC_* status bits | DISC_HAS_ALIAS. */
  discFlags: Uint8Array;

  counts: Record<DemoTable, number>;
}

/** A customer is billed at sign-up, then monthly on the same day (the 29th-31st fall back to the 28th). */
export function chargeAt(createdAt: number, month: number): number {
  if (month === 0) return createdAt + 5 * MINUTE;
  const d = new Date(createdAt);
  return Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + month, Math.min(d.getUTCDate(), 28), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
}

function countCharges(createdAt: number, endAt: number): number {
  let months = 0;
  while (chargeAt(createdAt, months) <= endAt) months++;
  return months;
}

export function pickTitle(rng: Rng, titleWeights: Float64Array): number {
  return rng.weighted(titleWeights) + 1;
}

/**
 * The titles of a customer's returned rentals, oldest first. Kept separate from
 * their dates and discs so the queue and review generators can exclude or
 * reuse them cheaply; a customer rarely rents the same title twice.
 */
export function historyTitles(plan: Pick<DemoPlan, 'seed' | 'returnedCount' | 'titleWeights'>, rng: Rng, customerIndex: number): number[] {
  const count = plan.returnedCount[customerIndex]!;
  rng.reseed(plan.seed, STREAM.history, customerIndex);
  const titles: number[] = [];
  const seen = new Set<number>();
  for (let k = 0; k < count; k++) {
    let t = pickTitle(rng, plan.titleWeights);
    for (let tries = 0; tries < 6 && seen.has(t); tries++) t = pickTitle(rng, plan.titleWeights);
    seen.add(t);
    titles.push(t);
  }
  return titles;
}

export function buildPlan(options: ResolvedDemoOptions): DemoPlan {
  const { seed, customers: n, shipments, titles: titleCount } = options;
  const nowMs = options.now.getTime();
  const rng = new Rng(seed);

  const createdAt = new Float64Array(n);
  const endAt = new Float64Array(n);
  const cityIndex = new Uint16Array(n);
  const dcIndex = new Uint8Array(n);
  const planOut = new Uint8Array(n);
  const flags = new Uint8Array(n);
  const queueLength = new Uint8Array(n);
  const consentCount = new Uint8Array(n);
  const reviewWanted = new Uint8Array(n);
  const chargeCount = new Uint16Array(n);
  const weight = new Float64Array(n);

  let lastWeighted = -1;
  for (let i = 0; i < n; i++) {
    rng.reseed(seed, STREAM.customerPlan, i);
    // Ids follow sign-up order; the service grew, so recent sign-ups are denser.
    const x = 1 - (i + rng.float()) / n;
    const created = nowMs - HOUR - Math.floor((0.5 * x + 0.5 * x * x) * (THREE_YEARS - HOUR));
    createdAt[i] = created;
    const city = rng.weighted(CITY_WEIGHTS);
    cityIndex[i] = city;
    dcIndex[i] = CITY_DC[city]!;
    // policy: people under 18 cannot use the service; a few never certified and never got a disc.
    const certified = !rng.chance(0.01);
    const closed = rng.chance(0.03);
    flags[i] = (certified ? CERTIFIED : 0) | (closed ? CLOSED : 0);
    const end = closed ? created + Math.floor((nowMs - created) * (0.3 + 0.6 * rng.float())) : nowMs;
    endAt[i] = end;
    const p = rng.float();
    const plan = p < 0.15 ? 1 : p < 0.5 ? 2 : p < 0.9 ? 3 : 4;
    planOut[i] = plan;
    queueLength[i] = Math.min(titleCount, rng.range(5, 30));
    consentCount[i] = rng.chance(0.2) ? rng.pick([1, 1, 1, 2, 2, 3]) : 0;
    reviewWanted[i] = rng.chance(0.05) ? rng.range(1, 3) : 0;
    if (certified) {
      chargeCount[i] = countCharges(created, end);
      // Rentals need room for one full loan before the history ends (see RETURN_WINDOW).
      const w = Math.max(0, Math.floor((end - created) / DAY) - 30) * plan;
      weight[i] = w;
      if (w > 0) lastWeighted = i;
    }
  }
  if (shipments > 0 && lastWeighted < 0) {
    throw new Error('No customer has been around long enough to have shipments; add customers.');
  }

  // Systematic sampling: shipments proportional to tenure x plan, summing exactly to `shipments`.
  const totalWeight = weight.reduce((a, b) => a + b, 0);
  const shipmentCount = new Uint32Array(n);
  rng.reseed(seed, STREAM.shipmentCount, 0);
  const offset = rng.float();
  let running = 0;
  let previous = 0;
  for (let i = 0; i <= lastWeighted; i++) {
    running += weight[i]!;
    const target = i === lastWeighted ? shipments : Math.floor((running / totalWeight) * shipments + offset);
    shipmentCount[i] = Math.max(0, target - previous);
    previous = Math.max(previous, target);
  }

  // Open shipments: at most plan_discs_out at home at once, and a slice allocated for today's packing.
  const shippedCount = new Uint8Array(n);
  let candidates = 0;
  for (let i = 0; i < n; i++) {
    const count = shipmentCount[i]!;
    if (count === 0 || flags[i]! & CLOSED) continue;
    rng.reseed(seed, STREAM.shippedPlan, i);
    const shipped = Math.min(planOut[i]!, count, Math.floor(count * SHIPPED_SHARE + rng.float()));
    shippedCount[i] = shipped;
    if (shipped < planOut[i]! && count > shipped) candidates++;
  }
  const allocateChance = candidates === 0 ? 0 : Math.min(1, (options.allocatedShare * shipments) / candidates);
  const openStart = new Uint32Array(n + 1);
  const returnedCount = new Uint32Array(n);
  const reviewCount = new Uint8Array(n);
  const openByDc = new Float64Array(DC_COUNT);
  const historyByDc = new Float64Array(DC_COUNT);
  for (let i = 0; i < n; i++) {
    const count = shipmentCount[i]!;
    const shipped = shippedCount[i]!;
    let allocated = 0;
    if (count > 0 && !(flags[i]! & CLOSED) && shipped < planOut[i]! && count > shipped) {
      rng.reseed(seed, STREAM.allocatedPlan, i);
      allocated = rng.chance(allocateChance) ? 1 : 0;
    }
    const returned = count - shipped - allocated;
    returnedCount[i] = returned;
    openStart[i + 1] = openStart[i]! + shipped + allocated;
    reviewCount[i] = Math.min(reviewWanted[i]!, returned);
    openByDc[dcIndex[i]!]! += shipped + allocated;
    historyByDc[dcIndex[i]!]! += returned;
  }

  // Zipf-like popularity over a shuffled rank, in integers so it is exact everywhere.
  const popularity = new Uint32Array(titleCount);
  const rank = Uint32Array.from({ length: titleCount }, (_, k) => k);
  rng.reseed(seed, STREAM.titlePlan, 0);
  for (let k = titleCount - 1; k > 0; k--) {
    const j = rng.int(k + 1);
    const tmp = rank[k]!;
    rank[k] = rank[j]!;
    rank[j] = tmp;
  }
  for (let t = 0; t < titleCount; t++) popularity[t] = Math.floor(1_000_000 / (rank[t]! + 20));
  const titleWeights = cumulative(Array.from(popularity));
  const totalPopularity = titleCount > 0 ? titleWeights[titleCount - 1]! : 0;

  // Every title has a copy at every DC; popular titles get copies in proportion to
  // what is out now plus a stock margin, so allocation rarely falls back.
  const poolStart = new Uint32Array(titleCount * DC_COUNT + 1);
  for (let t = 0; t < titleCount; t++) {
    const share = popularity[t]! / totalPopularity;
    for (let d = 0; d < DC_COUNT; d++) {
      const k = t * DC_COUNT + d;
      poolStart[k + 1] = poolStart[k]! + 1 + Math.round(share * (1.6 * openByDc[d]! + 0.05 * historyByDc[d]! + 0.5 * titleCount));
    }
  }
  const discCount = poolStart[titleCount * DC_COUNT]!;
  const discFlags = new Uint8Array(discCount + 1);
  rng.reseed(seed, STREAM.discPlan, 0);
  let aliasCount = 0;
  for (let id = 1; id <= discCount; id++) {
    let f = rng.chance(DAMAGED_SHARE) ? DISC_DAMAGED : DISC_IN_STOCK;
    if (rng.chance(ALIAS_SHARE)) {
      f |= DISC_HAS_ALIAS;
      aliasCount++;
    }
    discFlags[id] = f;
  }

  const plan: DemoPlan = {
    options, seed, nowMs, customerCount: n, titleCount, discCount,
    createdAt, endAt, cityIndex, dcIndex, planOut, flags, queueLength, consentCount, reviewCount, chargeCount,
    returnedCount, shippedCount, openStart,
    openTitle: new Uint32Array(openStart[n]!),
    openDisc: new Uint32Array(openStart[n]!),
    popularity, titleWeights, poolStart, discFlags,
    counts: {} as Record<DemoTable, number>,
  };
  allocateOpenShipments(plan);

  const sum = (a: ArrayLike<number>) => {
    let s = 0;
    for (let i = 0; i < a.length; i++) s += a[i]!;
    return s;
  };
  plan.counts = {
    distribution_centers: DISTRIBUTION_CENTERS.length,
    staff: DEMO_STAFF.length,
    customers: n,
    addresses: n,
    payment_methods: n,
    preferences: n,
    consent_events: sum(consentCount),
    titles: titleCount,
    discs: discCount,
    disc_barcodes: aliasCount,
    rental_queue: sum(queueLength),
    shipments,
    charges: sum(chargeCount),
    reviews: sum(reviewCount),
    affiliates: n > 0 ? AFFILIATES : 0,
  };
  return plan;
}

/**
 * Gives every open shipment a title and a disc at the customer's home DC:
 * `shipped` ones take the disc out of stock, `allocated` ones reserve an
 * in-stock disc (the packing station scans it later). Titles already rented
 * by the customer are avoided, as the service's own allocator would.
 */
function allocateOpenShipments(plan: DemoPlan): void {
  const { seed, titleCount, poolStart, discFlags } = plan;
  const cursor = new Uint32Array(titleCount * DC_COUNT);
  const rng = new Rng(seed);
  const historyRng = new Rng(seed);

  const takeDisc = (title: number, dc: number): number => {
    const k = (title - 1) * DC_COUNT + dc;
    const size = poolStart[k + 1]! - poolStart[k]!;
    while (cursor[k]! < size) {
      const id = poolStart[k]! + cursor[k]! + 1;
      cursor[k]!++;
      if ((discFlags[id]! & DISC_STATUS_MASK) === DISC_IN_STOCK) return id;
    }
    return 0;
  };

  for (let i = 0; i < plan.customerCount; i++) {
    const start = plan.openStart[i]!;
    const open = plan.openStart[i + 1]! - start;
    if (open === 0) continue;
    const dc = plan.dcIndex[i]!;
    const rented = new Set(historyTitles(plan, historyRng, i));
    rng.reseed(seed, STREAM.openPlan, i);
    for (let k = 0; k < open; k++) {
      let title = 0;
      let disc = 0;
      for (let tries = 0; tries < 24 && disc === 0; tries++) {
        title = pickTitle(rng, plan.titleWeights);
        if (!rented.has(title)) disc = takeDisc(title, dc);
      }
      // Popular pools can run dry at a busy DC: walk the catalogue for any free copy.
      const from = rng.int(titleCount);
      for (let pass = 0; pass < 2 && disc === 0; pass++) {
        for (let step = 0; step < titleCount && disc === 0; step++) {
          title = ((from + step) % titleCount) + 1;
          if (pass === 1 || !rented.has(title)) disc = takeDisc(title, dc);
        }
      }
      if (disc === 0) throw new Error(`No disc left at ${DISTRIBUTION_CENTERS[dc]!.code} for an open shipment.`);
      rented.add(title);
      plan.openTitle[start + k] = title;
      plan.openDisc[start + k] = disc;
      if (k < plan.shippedCount[i]!) discFlags[disc] = (discFlags[disc]! & ~DISC_STATUS_MASK) | DISC_OUT;
    }
  }
}
