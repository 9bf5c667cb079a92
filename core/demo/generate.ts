/**
 * `generateDemo`: seeded, streaming demo data for every shared table.
 * Building the plan costs a few typed arrays; each table is then a lazy
 * generator, so a writer can stream 1M shipments in bounded memory.
 */
import { DEMO_POLICY_VERSION, DAY, HOUR, MINUTE, dayStart, iso, resolveDemoOptions, type DemoOptions, type ResolvedDemoOptions } from './options';
import { asciiFold, DemoDeriver } from './derive';
import {
  DC_COUNT, DISC_DAMAGED, DISC_HAS_ALIAS, DISC_OUT, DISC_STATUS_MASK, STREAM, buildPlan, chargeAt, historyTitles, pickTitle,
  type DemoPlan,
} from './plan';
import { AFFILIATE_SITE_WORDS, DAMAGE_REASONS, REVIEW_LINES } from './reference/movies';
import { FIRST_NAMES, LAST_NAMES } from './reference/names';
import { CITIES, DISTRIBUTION_CENTERS, STATES, STREETS, STREET_SUFFIXES } from './reference/places';
import { Rng, scramble } from './rng';
import { DEMO_TABLES, type DemoRowMap, type DemoTable, type DiscStatus, type ShipmentRow } from './rows';
import { DEMO_STAFF, demoStaffId } from './staff';

export interface DemoData {
  readonly options: ResolvedDemoOptions;
  /** Foreign-key order. */
  readonly tables: readonly DemoTable[];
  /** Exact row count of a table, known before generating it (progress bars). */
  count(table: DemoTable): number;
  rows<T extends DemoTable>(table: T): Generator<DemoRowMap[T]>;
  batches<T extends DemoTable>(table: T, size: number): Generator<DemoRowMap[T][]>;
}

/** Plan amounts in cents, by discs out at a time. */
export const PLAN_PRICES: Readonly<Record<number, number>> = { 1: 999, 2: 1499, 3: 1799, 4: 2199 };

const BARCODE_SPACE = 1_000_000_000;

export function generateDemo(input: DemoOptions): DemoData {
  const options = resolveDemoOptions(input);
  const plan = buildPlan(options);
  const generators: { [T in DemoTable]: () => Generator<DemoRowMap[T]> } = {
    distribution_centers: distributionCenters,
    staff: () => staff(plan),
    customers: () => customers(plan),
    addresses: () => addresses(plan),
    payment_methods: () => paymentMethods(plan),
    preferences: () => preferences(plan),
    consent_events: () => consentEvents(plan),
    titles: () => titles(plan),
    discs: () => discs(plan),
    disc_barcodes: () => discBarcodes(plan),
    rental_queue: () => rentalQueue(plan),
    shipments: () => shipments(plan),
    charges: () => charges(plan),
    reviews: () => reviews(plan),
    affiliates: () => affiliates(plan),
  };
  return {
    options,
    tables: DEMO_TABLES,
    count: (table) => plan.counts[table],
    rows: (table) => generators[table](),
    *batches(table, size) {
      if (!(size >= 1)) throw new Error('batch size must be at least 1');
      let batch: DemoRowMap[typeof table][] = [];
      for (const row of generators[table]()) {
        batch.push(row);
        if (batch.length >= size) {
          yield batch;
          batch = [];
        }
      }
      if (batch.length > 0) yield batch;
    },
  };
}

function* distributionCenters(): Generator<DemoRowMap['distribution_centers']> {
  for (const dc of DISTRIBUTION_CENTERS) {
    yield {
      code: dc.code, name: dc.name, line1: dc.line1, city: dc.city, state: dc.state, zip5: dc.zip5, zip4: dc.zip4, mailer_id: dc.mailerId, timezone: dc.timezone,
      service_name: DEMO_SERVICE_NAME, permit_number: dc.postal.permitNumber, permit_city: dc.city, permit_state: dc.state,
      brm_permit_number: dc.postal.brmPermitNumber, brm_zip5: dc.zip5, brm_zip4: dc.postal.brmZip4,
      imb_service_option: dc.postal.serviceOption, address_correction: dc.postal.addressCorrection,
      imb_tracing: dc.postal.imbTracing, brm_tracing: dc.postal.brmTracing,
    };
  }
}

function* staff(plan: DemoPlan): Generator<DemoRowMap['staff']> {
  let k = 0;
  for (const s of DEMO_STAFF) {
    yield {
      id: demoStaffId(s.username), username: s.username, display_name: s.displayName, role: s.role,
      home_dc: s.homeDc ?? null, active: true, created_at: iso(dayStart(plan.nowMs) - (500 - 20 * k++) * DAY + 9 * HOUR),
    };
  }
}

function* customers(plan: DemoPlan): Generator<DemoRowMap['customers']> {
  const d = new DemoDeriver(plan);
  for (let i = 0; i < plan.customerCount; i++) {
    const p = d.person(i);
    const created = plan.createdAt[i]!;
    const certified = d.certifiedAt(i);
    const closed = d.isClosed(i);
    yield {
      id: i + 1, email: p.email, full_name: p.fullName, phone: p.phone, pseudonym: p.pseudonym,
      age_certified_at: certified === null ? null : iso(certified),
      status: closed ? 'closed' : 'active',
      plan_discs_out: plan.planOut[i]!,
      home_dc: DISTRIBUTION_CENTERS[plan.dcIndex[i]!]!.code,
      policy_version: DEMO_POLICY_VERSION,
      created_at: iso(created),
      updated_at: iso(closed ? plan.endAt[i]! : certified ?? created),
      version: 1,
    };
  }
}

function* addresses(plan: DemoPlan): Generator<DemoRowMap['addresses']> {
  const d = new DemoDeriver(plan);
  for (let i = 0; i < plan.customerCount; i++) {
    const a = d.address(i);
    yield {
      id: i + 1, customer_id: i + 1, kind: 'shipping', line1: a.line1, line2: a.line2, city: a.city, state: a.state,
      zip5: a.zip5, zip4: a.zip4, raw: a.raw, is_current: true, created_at: iso(plan.createdAt[i]!), version: 1,
    };
  }
}

function* paymentMethods(plan: DemoPlan): Generator<DemoRowMap['payment_methods']> {
  const d = new DemoDeriver(plan);
  for (let i = 0; i < plan.customerCount; i++) {
    const c = d.card(i);
    yield {
      id: i + 1, customer_id: i + 1, processor_token: c.token, brand: c.brand, last4: c.last4,
      exp_month: c.expMonth, exp_year: c.expYear, is_current: true, created_at: iso(d.certifiedAt(i) ?? plan.createdAt[i]!),
    };
  }
}

function* preferences(plan: DemoPlan): Generator<DemoRowMap['preferences']> {
  const d = new DemoDeriver(plan);
  for (let i = 0; i < plan.customerCount; i++) yield d.preferences(i);
}

function* consentEvents(plan: DemoPlan): Generator<DemoRowMap['consent_events']> {
  const d = new DemoDeriver(plan);
  for (let i = 0; i < plan.customerCount; i++) yield* d.consentEvents(i);
}

function* titles(plan: DemoPlan): Generator<DemoRowMap['titles']> {
  const d = new DemoDeriver(plan);
  for (let t = 1; t <= plan.titleCount; t++) {
    const x = d.title(t);
    yield { id: t, name: x.name, year: x.year, genre: x.genre, rating: x.rating, runtime_minutes: x.runtime, popularity: plan.popularity[t - 1]! };
  }
}

/** Sleeve barcodes: a bijection of the disc id, so unique without a lookup table. */
export function discBarcode(seed: number, id: number): string {
  return `BLD${String(scramble(id, BARCODE_SPACE, 7_654_321, seed % BARCODE_SPACE)).padStart(9, '0')}`;
}

/** Old sleeve barcodes from before relabelling: a different prefix, so they never collide with a current barcode. */
export function discAlias(seed: number, id: number): string {
  return `ALT${String(scramble(id, BARCODE_SPACE, 5_882_353, (seed * 7) % BARCODE_SPACE)).padStart(9, '0')}`;
}

function* discs(plan: DemoPlan): Generator<DemoRowMap['discs']> {
  const rng = new Rng(plan.seed);
  let id = 0;
  for (let t = 1; t <= plan.titleCount; t++) {
    for (let dc = 0; dc < DC_COUNT; dc++) {
      const k = (t - 1) * DC_COUNT + dc;
      const size = plan.poolStart[k + 1]! - plan.poolStart[k]!;
      for (let j = 0; j < size; j++) {
        id++;
        const s = plan.discFlags[id]! & DISC_STATUS_MASK;
        const status: DiscStatus = s === DISC_OUT ? 'out' : s === DISC_DAMAGED ? 'damaged' : 'in_stock';
        yield {
          id, title_id: t, barcode: discBarcode(plan.seed, id), home_dc: DISTRIBUTION_CENTERS[dc]!.code, status,
          damage_reason: s === DISC_DAMAGED ? rng.reseed(plan.seed, STREAM.disc, id).pick(DAMAGE_REASONS) : null,
          return_flag: null,
          version: 1,
        };
      }
    }
  }
}

function* discBarcodes(plan: DemoPlan): Generator<DemoRowMap['disc_barcodes']> {
  for (let id = 1; id <= plan.discCount; id++) {
    if (plan.discFlags[id]! & DISC_HAS_ALIAS) yield { alias: discAlias(plan.seed, id), disc_id: id };
  }
}

/** A customer's wish list: titles not yet rented, most popular more likely, positions 1..n. */
function* rentalQueue(plan: DemoPlan): Generator<DemoRowMap['rental_queue']> {
  const rng = new Rng(plan.seed);
  const historyRng = new Rng(plan.seed);
  const T = plan.titleCount;
  for (let i = 0; i < plan.customerCount; i++) {
    const length = plan.queueLength[i]!;
    if (length === 0) continue;
    const rented = new Set(historyTitles(plan, historyRng, i));
    for (let k = plan.openStart[i]!; k < plan.openStart[i + 1]!; k++) rented.add(plan.openTitle[k]!);
    rng.reseed(plan.seed, STREAM.queue, i);
    const queued = new Set<number>();
    const created = plan.createdAt[i]!;
    const span = plan.endAt[i]! - created;
    for (let position = 1; position <= length; position++) {
      let title = 0;
      for (let tries = 0; tries < 12; tries++) {
        const t = pickTitle(rng, plan.titleWeights);
        if (!queued.has(t) && !rented.has(t)) {
          title = t;
          break;
        }
      }
      // Small catalogues: walk for any title not queued yet (re-renting one is allowed then).
      for (let step = 0, from = rng.int(T); title === 0 && step < 2 * T; step++) {
        const t = ((from + step) % T) + 1;
        if (!queued.has(t) && (step >= T || !rented.has(t))) title = t;
      }
      queued.add(title);
      yield { customer_id: i + 1, title_id: title, position, added_at: iso(created + Math.floor(rng.float() * span)) };
    }
  }
}

/**
 * Rental history per customer (returned), then what is at home now
 * (`shipped`, at most plan_discs_out) and what waits at the packing stations
 * (`allocated`, disc reserved, ship-by within three days). Label serials count
 * per DC's mailer id (USPS-B-3200: unique per mailer).
 */
function* shipments(plan: DemoPlan): Generator<ShipmentRow> {
  const d = new DemoDeriver(plan);
  const rng = new Rng(plan.seed);
  const serials = new Uint32Array(DC_COUNT);
  const today = dayStart(plan.nowMs);
  let id = 0;
  for (let i = 0; i < plan.customerCount; i++) {
    const openFrom = plan.openStart[i]!;
    const openTo = plan.openStart[i + 1]!;
    if (plan.returnedCount[i]! === 0 && openFrom === openTo) continue;
    const p = d.person(i);
    const a = d.address(i);
    const dc = plan.dcIndex[i]!;
    const base = {
      customer_id: i + 1, dc: DISTRIBUTION_CENTERS[dc]!.code, ship_name: p.fullName,
      ship_line1: a.line1, ship_line2: a.line2, ship_city: a.city, ship_state: a.state, ship_zip5: a.zip5, ship_zip4: a.zip4,
      claimed_by: null, claimed_at: null, version: 1,
    };
    const serial = () => String(++serials[dc]!).padStart(9, '0');
    for (const h of d.history(i)) {
      id++;
      yield {
        id, order_number: orderNumber(id), piece_type: demoPieceType(id), ...base, title_id: h.titleId, disc_id: h.discId, status: 'returned',
        ship_by: iso(dayStart(h.createdAt) + 2 * DAY), label_serial: serial(),
        created_at: iso(h.createdAt), packed_at: iso(h.packedAt), shipped_at: iso(h.shippedAt), returned_at: iso(h.returnedAt),
      };
    }
    rng.reseed(plan.seed, STREAM.openDetail, i);
    const shipped = plan.shippedCount[i]!;
    // Shipped within the last two weeks, oldest first so ids keep time order per customer.
    const shippedTimes = Array.from({ length: shipped }, () => plan.nowMs - rng.range(DAY, 14 * DAY)).sort((x, y) => x - y);
    for (let k = openFrom; k < openTo; k++) {
      id++;
      const title_id = plan.openTitle[k]!;
      const disc_id = plan.openDisc[k]!;
      if (k - openFrom < shipped) {
        const shippedAt = shippedTimes[k - openFrom]!;
        const packedAt = shippedAt - rng.range(30 * MINUTE, 6 * HOUR);
        const createdAt = packedAt - rng.range(2 * HOUR, 20 * HOUR);
        yield {
          id, order_number: orderNumber(id), piece_type: demoPieceType(id), ...base, title_id, disc_id, status: 'shipped',
          ship_by: iso(dayStart(createdAt) + 2 * DAY), label_serial: serial(),
          created_at: iso(createdAt), packed_at: iso(packedAt), shipped_at: iso(shippedAt), returned_at: null,
        };
      } else {
        yield {
          id, order_number: orderNumber(id), piece_type: demoPieceType(id), ...base, title_id, disc_id, status: 'allocated',
          ship_by: iso(today + rng.range(1, 3) * DAY), label_serial: null,
          created_at: iso(plan.nowMs - rng.range(10 * MINUTE, 20 * HOUR)), packed_at: null, shipped_at: null, returned_at: null,
        };
      }
    }
  }
}

/** The service's name on every sender block and Business Reply panel. */
const DEMO_SERVICE_NAME = 'BACKLOT';

/**
 * About one order in 37 is a replacement the central office sends in a box
 * (core/labels/piece.ts): a parcel. Derived from the id, not the random
 * streams, so every other generated value stays what it was.
 */
function demoPieceType(id: number): 'letter' | 'parcel' {
  return id % 37 === 11 ? 'parcel' : 'letter';
}

function orderNumber(id: number): string {
  return `SH${String(id).padStart(9, '0')}`;
}

function* charges(plan: DemoPlan): Generator<DemoRowMap['charges']> {
  const d = new DemoDeriver(plan);
  const rng = new Rng(plan.seed);
  let id = 0;
  for (let i = 0; i < plan.customerCount; i++) {
    const months = plan.chargeCount[i]!;
    if (months === 0) continue;
    const card = d.card(i);
    const amount = PLAN_PRICES[plan.planOut[i]!]!;
    rng.reseed(plan.seed, STREAM.charge, i);
    for (let m = 0; m < months; m++) {
      const at = chargeAt(plan.createdAt[i]!, m);
      yield {
        id: ++id, customer_id: i + 1, period: iso(at).slice(0, 7), amount_cents: amount, brand: card.brand, last4: card.last4,
        status: rng.chance(0.012) ? 'failed' : 'paid', charged_at: iso(at),
      };
    }
  }
}

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];

/**
 * Reviews by pseudonym of titles the customer returned. About one in ten
 * leaks personal information the way people really do (an email, a phone,
 * a street address, a signature, or the spelled-out versions), so the
 * moderation queue has something to catch (policy: no personal info on review pages).
 */
function* reviews(plan: DemoPlan): Generator<DemoRowMap['reviews']> {
  const d = new DemoDeriver(plan);
  const rng = new Rng(plan.seed);
  let id = 0;
  for (let i = 0; i < plan.customerCount; i++) {
    const count = plan.reviewCount[i]!;
    if (count === 0) continue;
    const history = d.history(i);
    const person = d.person(i);
    const address = d.address(i);
    rng.reseed(plan.seed, STREAM.review, i);
    const chosen = new Set<number>();
    for (let k = 0; k < count; k++) {
      let h = rng.int(history.length);
      while (chosen.has(h)) h = (h + 1) % history.length;
      chosen.add(h);
      const rental = history[h]!;
      const title = d.title(rental.titleId);
      const s = rng.float();
      const stars = s < 0.05 ? 1 : s < 0.15 ? 2 : s < 0.35 ? 3 : s < 0.7 ? 4 : 5;
      const lines = REVIEW_LINES[stars as 1 | 2 | 3 | 4 | 5];
      const first = rng.int(lines.length);
      let body = lines[first]!;
      if (lines.length > 1 && rng.chance(0.5)) body += ` ${lines[(first + 1 + rng.int(lines.length - 1)) % lines.length]!}`;
      body = body.replaceAll('{title}', title.name).replaceAll('{genre}', title.genre.toLowerCase());
      const leaksPersonalInfo = rng.chance(0.1);
      if (leaksPersonalInfo) {
        const area = person.phone?.slice(2, 5) ?? rng.pick(STATES[address.state]!.areaCodes);
        const line = rng.digits(2);
        body += [
          ` Email me at ${person.email} if you want to trade DVDs.`,
          ` Call me at (${area}) 555-01${line} to talk about it!`,
          ` I live at ${address.typedLine1} in ${address.typedCity}, come borrow my copy.`,
          ` - ${person.fullName}`,
          ` Write to ${person.asciiFirst} at example dot com.`,
          ` Text me: five five five - zero one ${NUMBER_WORDS[Number(line[0])]} ${NUMBER_WORDS[Number(line[1])]}`,
        ][rng.int(6)]!;
      }
      const created = Math.min(rental.returnedAt + rng.range(HOUR, 10 * DAY), plan.endAt[i]! - MINUTE);
      yield {
        id: ++id, title_id: rental.titleId, customer_id: i + 1, pseudonym: person.pseudonym, stars, body,
        moderation_state: leaksPersonalInfo || created > plan.nowMs - 14 * DAY ? 'pending' : 'approved',
        created_at: iso(created),
      };
    }
  }
}

/** Affiliate applications (policy: their data is used strictly for the affiliate program). */
function* affiliates(plan: DemoPlan): Generator<DemoRowMap['affiliates']> {
  if (plan.counts.affiliates === 0) return;
  const rng = new Rng(plan.seed, STREAM.affiliate, 0);
  const sites = [...AFFILIATE_SITE_WORDS];
  for (let k = sites.length - 1; k > 0; k--) {
    const j = rng.int(k + 1);
    [sites[k], sites[j]] = [sites[j]!, sites[k]!];
  }
  const postal = () => {
    const c = rng.pick(CITIES);
    const [, suffix] = rng.pick(STREET_SUFFIXES);
    return `${rng.range(10, 9999)} ${rng.pick(STREETS)} ${suffix[0]}${suffix.slice(1).toLowerCase()}\n${c.name}, ${c.state} ${c.zip5}`;
  };
  const contact = (domain: string) => {
    const first = rng.pickSkewed(FIRST_NAMES);
    const last = rng.pickSkewed(LAST_NAMES);
    return `${first} ${last} <${asciiFold(first)}.${asciiFold(last)}@${domain}>`;
  };
  for (let k = 0; k < plan.counts.affiliates; k++) {
    const [a, b] = sites[k % sites.length]!;
    const siteName = `${a} ${b}`;
    const domain = `${asciiFold(siteName)}.${rng.pick(['example.com', 'example.net', 'example.org'])}`;
    const mailing = postal();
    const s = rng.float();
    yield {
      id: k + 1, site_name: siteName, site_url: `https://${domain}/`, mailing_address: mailing,
      primary_contact: contact(domain),
      pay_to_address: rng.chance(0.6) ? mailing : `PO Box ${rng.range(100, 9999)}\n${mailing.split('\n')[1]!}`,
      technical_contact: rng.chance(0.3) ? `Webmaster <webmaster@${domain}>` : contact(domain),
      status: s < 0.55 ? 'approved' : s < 0.8 ? 'applied' : s < 0.9 ? 'rejected' : 'suspended',
      created_at: iso(plan.nowMs - rng.range(30, 1000) * DAY - rng.range(0, DAY)),
    };
  }
}
