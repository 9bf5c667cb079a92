/**
 * Customer data for marketing: who a partner campaign reaches, and the facts
 * behind the aggregate reports. Handed a MarketingReader (marketing-scope.ts),
 * never a database: it can read only the tables and columns listed there.
 *
 * policy: "The information collected from our affiliates is used strictly
 * for that program; none of this information is used for general marketing
 * purposes." This module has no way to the affiliate program's tables, and
 * tests/privacy/marketing-isolation.test.ts keeps it so.
 */
import type { CampaignChannel, CampaignCriteria, CampaignPreview } from '../../core/privacy/campaigns';
import type { MarketingReader } from './marketing-scope';

const DAY_MS = 24 * 60 * 60 * 1000;

/** SQLite gives 0/1, PostgreSQL true/false. */
function flag(value: unknown): boolean {
  return value === true || value === 1 || value === '1' || value === 'true';
}

export interface AudienceMember {
  customerId: number;
  /** The current shipping address: filled in for postal campaigns only. */
  address: { line1: string; line2: string | null; city: string; state: string; zip5: string; zip4: string | null } | null;
}

export interface AudienceRequest {
  channel: CampaignChannel;
  criteria: CampaignCriteria;
  /** Policy versions that include the campaign's declared use (the one it needs and every later one). */
  acceptedVersions: readonly string[];
  requiresVersion: string;
  now: Date;
}

/**
 * Customers matching the activity criteria, then the ones left out, each for
 * the first reason that applies, in this order: a closed account; asked to be
 * left out of partner mailings (policy: "request that your name be excluded
 * from these mailings with our marketing partners"); switched off the
 * channel (postal_offers for mail, email_promotions for email: partner
 * mailings are "promotional announcements"); has not accepted the policy
 * version the use needs (policy: email consent for a new use); no shipping
 * address (postal). A customer with no preferences row is treated as opted out.
 */
export async function selectCampaignAudience(read: MarketingReader, req: AudienceRequest): Promise<{ preview: CampaignPreview; members: AudienceMember[] }> {
  const { criteria, channel } = req;
  const titles = await read.select('titles', ['id'], { in: { column: 'genre', values: criteria.genres } });
  const since = new Date(req.now.getTime() - criteria.rentedWithinDays * DAY_MS).toISOString();
  const rentals = titles.length === 0
    ? []
    : await read.select('shipments', ['customer_id'], {
      in: { column: 'title_id', values: titles.map((t) => Number(t.id)) },
      range: { column: 'shipped_at', gte: since, lt: req.now.toISOString() },
      notNull: ['shipped_at'],
    });
  const activeIds = [...new Set(rentals.map((r) => Number(r.customer_id)))];

  const customers = await read.select('customers', ['id', 'status', 'plan_discs_out', 'policy_version'], { in: { column: 'id', values: activeIds } });
  const addresses = await read.select('addresses', ['customer_id', 'line1', 'line2', 'city', 'state', 'zip5', 'zip4'], {
    in: { column: 'customer_id', values: activeIds },
    equals: { is_current: true },
  });
  const addressOf = new Map(addresses.map((a) => [Number(a.customer_id), a]));
  const states = new Set(criteria.states);
  const plans = new Set(criteria.plans);
  const matched = customers.filter((c) => {
    if (plans.size > 0 && !plans.has(Number(c.plan_discs_out))) return false;
    if (states.size === 0) return true;
    const state = addressOf.get(Number(c.id))?.state;
    return typeof state === 'string' && states.has(state);
  });

  const prefs = await read.select('preferences', ['customer_id', 'partner_mailings_excluded', 'postal_offers', 'email_promotions'], {
    in: { column: 'customer_id', values: matched.map((c) => Number(c.id)) },
  });
  const prefsOf = new Map(prefs.map((p) => [Number(p.customer_id), p]));
  const accepted = new Set(req.acceptedVersions);
  const excluded = { inactive: 0, optedOut: 0, channelPreference: 0, consent: 0, noAddress: 0 };
  const members: AudienceMember[] = [];
  for (const c of matched) {
    const id = Number(c.id);
    const p = prefsOf.get(id);
    const address = addressOf.get(id);
    if (c.status !== 'active') excluded.inactive++;
    else if (!p || flag(p.partner_mailings_excluded)) excluded.optedOut++;
    else if (!flag(channel === 'postal' ? p.postal_offers : p.email_promotions)) excluded.channelPreference++;
    else if (!accepted.has(String(c.policy_version))) excluded.consent++;
    else if (channel === 'postal' && !address) excluded.noAddress++;
    else {
      members.push({
        customerId: id,
        address: channel === 'postal' && address
          ? {
            line1: String(address.line1),
            line2: address.line2 == null ? null : String(address.line2),
            city: String(address.city),
            state: String(address.state),
            zip5: String(address.zip5),
            zip4: address.zip4 == null ? null : String(address.zip4),
          }
          : null,
      });
    }
  }
  members.sort((a, b) => a.customerId - b.customerId);
  return { preview: { matched: matched.length, excluded, eligible: members.length, requiresVersion: req.requiresVersion }, members };
}

/** The genres of the catalogue, the states customers ship to, the plans they are on: what a campaign or report can be cut by. */
export async function marketingDimensions(read: MarketingReader): Promise<{ genres: string[]; states: string[]; plans: number[] }> {
  const titles = await read.select('titles', ['genre'], { distinct: true });
  const addresses = await read.select('addresses', ['state'], { equals: { is_current: true }, distinct: true });
  const customers = await read.select('customers', ['plan_discs_out'], { distinct: true });
  const sorted = <T>(values: Iterable<T>) => [...new Set(values)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return {
    genres: sorted(titles.map((t) => String(t.genre))),
    states: sorted(addresses.map((a) => String(a.state))),
    plans: sorted(customers.map((c) => Number(c.plan_discs_out))),
  };
}

export interface RentalFact {
  customerId: number;
  genre: string;
  state: string;
  /** "2004-03", the month the disc shipped. */
  month: string;
}

/** One fact per disc shipped in [fromIso, toIso): who, which genre, to which state, in which month. */
export async function rentalFacts(read: MarketingReader, fromIso: string, toIso: string): Promise<RentalFact[]> {
  const shipments = await read.select('shipments', ['customer_id', 'title_id', 'ship_state', 'shipped_at'], {
    range: { column: 'shipped_at', gte: fromIso, lt: toIso },
    notNull: ['shipped_at'],
  });
  const titles = await read.select('titles', ['id', 'genre'], { in: { column: 'id', values: shipments.map((s) => Number(s.title_id)) } });
  const genreOf = new Map(titles.map((t) => [Number(t.id), String(t.genre)]));
  return shipments.map((s) => ({
    customerId: Number(s.customer_id),
    genre: genreOf.get(Number(s.title_id)) ?? 'Unknown',
    state: String(s.ship_state),
    month: String(s.shipped_at).slice(0, 7),
  }));
}

export interface NewCustomerFact {
  customerId: number;
  plan: number;
  /** The current shipping address's state; null when there is none. */
  state: string | null;
  month: string;
}

/** One fact per customer who registered in [fromIso, toIso). */
export async function newCustomerFacts(read: MarketingReader, fromIso: string, toIso: string): Promise<NewCustomerFact[]> {
  const customers = await read.select('customers', ['id', 'plan_discs_out', 'created_at'], { range: { column: 'created_at', gte: fromIso, lt: toIso } });
  const addresses = await read.select('addresses', ['customer_id', 'state'], {
    in: { column: 'customer_id', values: customers.map((c) => Number(c.id)) },
    equals: { is_current: true },
  });
  const stateOf = new Map(addresses.map((a) => [Number(a.customer_id), String(a.state)]));
  return customers.map((c) => ({
    customerId: Number(c.id),
    plan: Number(c.plan_discs_out),
    state: stateOf.get(Number(c.id)) ?? null,
    month: String(c.created_at).slice(0, 7),
  }));
}
