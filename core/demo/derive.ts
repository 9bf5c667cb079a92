/**
 * Everything about one entity, regenerated on demand from the plan and the
 * entity's own substream. Each table generator calls these instead of
 * keeping rows around, e.g. shipments re-derive the customer's name and
 * address to freeze them on the label.
 */
import { DEMO_POLICY_VERSION, DAY, HOUR, MINUTE } from './options';
import {
  CERTIFIED, CLOSED, DC_COUNT, RETURN_WINDOW, STREAM, historyTitles,
  type DemoPlan,
} from './plan';
import { FIRST_NAMES, HANDLE_PREFIXES, HANDLE_SUFFIXES, LAST_NAMES, NON_LATIN_NAMES } from './reference/names';
import { CITIES, DIRECTIONALS, STATES, STREETS, STREET_SUFFIXES, type DemoCity } from './reference/places';
import {
  ADJECTIVES, CHARACTER_NAMES, DID, GENRES, NOUNS, PLACES, SEQUELS, TIMES, WHO,
} from './reference/movies';
import { Rng, demoUlid, scramble } from './rng';
import type { CardBrand, ConsentEventRow, PreferenceField, PreferencesRow } from './rows';

export interface Person {
  fullName: string;
  /** Lower-case ASCII, as used in the email address (and, in a careless review, elsewhere). */
  asciiFirst: string;
  asciiLast: string;
  email: string;
  phone: string | null;
  pseudonym: string;
}

export interface DemoAddress {
  line1: string;
  line2: string | null;
  city: string;
  state: string;
  zip5: string;
  zip4: string;
  /** The typed form, as JSON text. */
  raw: string;
  /** The typed street line, reused by reviews that leak an address. */
  typedLine1: string;
  typedCity: string;
}

export interface Card {
  token: string;
  brand: CardBrand;
  last4: string;
  expMonth: number;
  expYear: number;
}

export interface HistoryShipment {
  titleId: number;
  discId: number;
  createdAt: number;
  packedAt: number;
  shippedAt: number;
  returnedAt: number;
}

const EMAIL_DOMAINS = ['example.com', 'example.com', 'example.com', 'example.net', 'example.org'] as const;

/** Lower-case ASCII letters only: accents dropped, letters without a decomposition spelled out. */
export function asciiFold(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/æ/g, 'ae')
    .replace(/ø/g, 'o')
    .replace(/[łđ]/g, (c) => (c === 'ł' ? 'l' : 'd'))
    .replace(/[^a-z]/g, '');
}

const ORDINAL = (n: number): string => {
  const tens = n % 100;
  if (tens >= 11 && tens <= 13) return `${n}th`;
  return `${n}${['th', 'st', 'nd', 'rd'][n % 10] ?? 'th'}`;
};

/** Letters and digits, but never a long digit run: card-number scanners must not trip on demo tokens. */
function tokenChars(rng: Rng, length: number): string {
  const alphabet = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
  let out = '';
  let digitRun = 0;
  while (out.length < length) {
    const ch = alphabet[rng.int(digitRun >= 3 ? 52 : alphabet.length)]!;
    digitRun = ch >= '0' && ch <= '9' ? digitRun + 1 : 0;
    out += ch;
  }
  return out;
}

export class DemoDeriver {
  private readonly rng: Rng;
  private readonly detailRng: Rng;
  private readonly emailModulus: number;

  constructor(readonly plan: DemoPlan) {
    this.rng = new Rng(plan.seed);
    this.detailRng = new Rng(plan.seed);
    // Numeric suffixes are a bijection of the customer index, so emails and pseudonyms are unique by construction.
    this.emailModulus = 10 ** Math.max(4, String(plan.customerCount).length);
  }

  city(i: number): DemoCity {
    return CITIES[this.plan.cityIndex[i]!]!;
  }

  person(i: number): Person {
    const rng = this.rng.reseed(this.plan.seed, STREAM.person, i);
    let fullName: string;
    let asciiFirst: string;
    let asciiLast: string;
    if (rng.chance(0.006)) {
      const n = rng.pick(NON_LATIN_NAMES);
      fullName = n.full;
      asciiFirst = n.given;
      asciiLast = n.family;
    } else {
      const first = rng.pickSkewed(FIRST_NAMES);
      const last = rng.pickSkewed(LAST_NAMES);
      fullName = `${first} ${last}`;
      asciiFirst = asciiFold(first);
      asciiLast = asciiFold(last);
    }
    const m = this.emailModulus;
    const number = scramble(i, m, 7919, this.plan.seed % m);
    const style = rng.int(5);
    const local =
      style === 0 ? `${asciiFirst}.${asciiLast}`
      : style === 1 ? `${asciiFirst}${asciiLast}`
      : style === 2 ? `${asciiFirst[0]}${asciiLast}`
      : style === 3 ? `${asciiFirst}_${asciiLast}`
      : `${asciiLast}.${asciiFirst}`;
    const email = `${local}${number}@${rng.pick(EMAIL_DOMAINS)}`;
    // 555-0100..0199 are the NANP's fictional lines; the area code matches the customer's state.
    const phone = rng.chance(0.97)
      ? `+1${rng.pick(STATES[this.city(i).state]!.areaCodes)}55501${rng.digits(2)}`
      : null;
    const handleNumber = scramble(i, m, 104_729, (this.plan.seed * 31) % m);
    const pseudonym = `${rng.pick(HANDLE_PREFIXES)}${rng.pick(HANDLE_SUFFIXES)}${handleNumber}`;
    return { fullName, asciiFirst, asciiLast, email, phone, pseudonym };
  }

  address(i: number): DemoAddress {
    const rng = this.rng.reseed(this.plan.seed, STREAM.address, i);
    const city = this.city(i);
    const size = rng.float();
    const number = size < 0.1 ? rng.range(1, 99) : size < 0.5 ? rng.range(100, 999) : size < 0.95 ? rng.range(1000, 9999) : rng.range(10000, 29999);
    const numbered = rng.chance(0.1);
    const street = numbered ? ORDINAL(rng.range(1, 60)) : rng.pick(STREETS);
    const [suffixTyped, suffix] = numbered ? rng.pick(STREET_SUFFIXES.slice(0, 2)) : rng.pick(STREET_SUFFIXES);
    const dir = rng.chance(0.12) ? rng.pick(DIRECTIONALS) : null;

    let unitTyped: string | null = null;
    let unit: string | null = null;
    const u = rng.float();
    if (u < 0.15) {
      const apt = rng.chance(0.5) ? `${rng.range(1, 9)}${'ABCDEF'[rng.int(6)]}` : String(rng.range(1, 450));
      unit = `APT ${apt}`;
      unitTyped = rng.pick([`Apt. ${apt}`, `Apartment ${apt}`, `apt ${apt.toLowerCase()}`]);
    } else if (u < 0.19) {
      const ste = String(rng.range(1, 19) * 100);
      unit = `STE ${ste}`;
      unitTyped = rng.pick([`Suite ${ste}`, `Ste ${ste}`]);
    } else if (u < 0.23) {
      const n = String(rng.range(1, 40));
      unit = `UNIT ${n}`;
      unitTyped = `Unit ${n}`;
    } else if (u < 0.25) {
      const n = String(rng.range(1, 30));
      // Pub 28 §213: an unknown designator is written "#" with a space before the number.
      unit = `# ${n}`;
      unitTyped = `#${n}`;
    }

    const line1 = [String(number), dir?.[1], street.toUpperCase(), suffix, unit].filter(Boolean).join(' ');
    const zip4 = String(rng.range(1, 9999)).padStart(4, '0');

    // How a person typed it: full words or sloppy abbreviations, the unit after a comma or on line 2.
    const style = rng.int(4);
    const typedDir = dir ? (style === 2 ? `${dir[1]}.` : dir[0]) : null;
    const typedSuffix = style === 0 || style === 3 ? suffixTyped : `${suffix[0]}${suffix.slice(1).toLowerCase()}.`;
    const street1 = [String(number), typedDir, street, typedSuffix].filter(Boolean).join(' ');
    const typedLine1 = style === 1 ? street1.toLowerCase() : street1;
    const rawLine1 = unitTyped && style !== 3 ? `${typedLine1}, ${unitTyped}` : typedLine1;
    const rawLine2 = unitTyped && style === 3 ? unitTyped : undefined;
    const typedCity = style === 1 ? city.name.toLowerCase() : city.name;
    const raw = JSON.stringify({
      line1: rawLine1,
      ...(rawLine2 ? { line2: rawLine2 } : {}),
      city: typedCity,
      state: style === 1 ? city.state.toLowerCase() : city.state,
      zip: rng.chance(0.4) ? `${city.zip5}-${zip4}` : city.zip5,
    });
    return {
      line1, line2: null, city: city.name.toUpperCase().replace(/\./g, ''), state: city.state, zip5: city.zip5, zip4,
      raw, typedLine1: rawLine1, typedCity,
    };
  }

  /** The processor's token and the card's public parts; the full number never exists here (policy). */
  card(i: number): Card {
    const rng = this.rng.reseed(this.plan.seed, STREAM.card, i);
    const b = rng.float();
    const brand: CardBrand = b < 0.5 ? 'visa' : b < 0.8 ? 'mastercard' : b < 0.92 ? 'amex' : 'discover';
    const last4 = rng.digits(4);
    const now = new Date(this.plan.nowMs);
    const months = now.getUTCFullYear() * 12 + now.getUTCMonth() + rng.range(1, 60);
    return { token: `tok_demo_${tokenChars(rng, 24)}`, brand, last4, expMonth: (months % 12) + 1, expYear: Math.floor(months / 12) };
  }

  certifiedAt(i: number): number | null {
    return this.plan.flags[i]! & CERTIFIED ? this.plan.createdAt[i]! + 4 * MINUTE : null;
  }

  isClosed(i: number): boolean {
    return (this.plan.flags[i]! & CLOSED) !== 0;
  }

  /**
   * A customer's preference changes after registration, oldest first. Each
   * event toggles one field; replaying them over the registration defaults
   * gives the stored preferences (policy: subscribed at registration).
   */
  consentEvents(i: number): ConsentEventRow[] {
    const count = this.plan.consentCount[i]!;
    if (count === 0) return [];
    const rng = this.rng.reseed(this.plan.seed, STREAM.consent, i);
    const created = this.plan.createdAt[i]!;
    const span = this.plan.endAt[i]! - created - HOUR;
    const prefs = registrationPreferences();
    const events: ConsentEventRow[] = [];
    for (let k = 0; k < count; k++) {
      const at = created + HOUR + Math.floor(((k + rng.float()) / count) * span);
      const field = rng.pick(CHANGEABLE_FIELDS);
      const old = prefs[field];
      prefs[field] = !old;
      events.push({
        id: demoUlid(at, rng), customer_id: i + 1, field, old_value: String(old), new_value: String(!old),
        staff_id: null, channel: 'web', policy_version: DEMO_POLICY_VERSION, at: new Date(at).toISOString(),
      });
    }
    return events;
  }

  preferences(i: number): PreferencesRow {
    const events = this.consentEvents(i);
    const prefs = registrationPreferences();
    for (const e of events) prefs[e.field] = e.new_value === 'true';
    const last = events[events.length - 1];
    return {
      customer_id: i + 1, ...prefs,
      updated_at: last ? last.at : new Date(this.plan.createdAt[i]!).toISOString(),
      version: 1 + events.length,
    };
  }

  /** Returned rentals with their disc and dates, spread over the customer's tenure. */
  history(i: number): HistoryShipment[] {
    const titles = historyTitles(this.plan, this.detailRng, i);
    if (titles.length === 0) return [];
    const rng = this.rng.reseed(this.plan.seed, STREAM.historyDetail, i);
    const { poolStart } = this.plan;
    const dc = this.plan.dcIndex[i]!;
    const start = this.plan.createdAt[i]! + DAY;
    const span = this.plan.endAt[i]! - RETURN_WINDOW - start;
    return titles.map((titleId, k) => {
      const pool = (titleId - 1) * DC_COUNT + dc;
      const createdAt = start + Math.floor(((k + rng.float()) / titles.length) * span);
      const packedAt = createdAt + rng.range(2 * HOUR, 20 * HOUR);
      const shippedAt = packedAt + rng.range(30 * MINUTE, 6 * HOUR);
      return {
        titleId,
        // Any copy at that DC: it has come back since, whatever it is doing now.
        discId: poolStart[pool]! + 1 + rng.int(poolStart[pool + 1]! - poolStart[pool]!),
        createdAt, packedAt, shippedAt,
        returnedAt: shippedAt + rng.range(3 * DAY, 21 * DAY),
      };
    });
  }

  private titleName(rng: Rng): string {
    const p = rng.int(12);
    let name: string;
    switch (p) {
      case 0: case 1: name = `The ${rng.pick(ADJECTIVES)} ${rng.pick(NOUNS)}`; break;
      case 2: name = `${rng.pick(TIMES)} in ${rng.pick(PLACES)}`; break;
      case 3: name = `The ${rng.pick(NOUNS)} of ${rng.pick(PLACES)}`; break;
      case 4: name = `${rng.pick(CHARACTER_NAMES)}'s ${rng.pick(NOUNS)}`; break;
      case 5: name = `${rng.pick(ADJECTIVES)} ${plural(rng.pick(NOUNS))}`; break;
      case 6: name = `${rng.pick(NOUNS)} of the ${rng.pick(NOUNS)}`; break;
      case 7: name = rng.pick(CHARACTER_NAMES); break;
      case 8: name = `A ${rng.pick(NOUNS)} for ${rng.pick(CHARACTER_NAMES)}`; break;
      case 9: name = `${rng.pick(PLACES)} ${rng.pick(NOUNS)}`; break;
      case 10: name = `The ${rng.pick(WHO)} Who ${rng.pick(DID)}`; break;
      default: name = `${rng.pick(['Return of the', 'Beyond the', 'Escape from the', 'Under the'])} ${rng.pick(NOUNS)}`;
    }
    return rng.chance(0.06) ? name + rng.pick(SEQUELS) : name;
  }

  title(t: number): { name: string; year: number; genre: string; rating: string; runtime: number } {
    const rng = this.rng.reseed(this.plan.seed, STREAM.title, t);
    const name = this.titleName(rng);
    const u = rng.float();
    // DVD catalogues lean recent: most titles from the last two decades, a long tail back to 1930.
    const year = 2006 - Math.floor(77 * u * u * u);
    const genre = rng.pick(GENRES);
    return { name, year, genre, rating: rating(rng, year, genre), runtime: runtime(rng, genre) };
  }
}

type Prefs = Omit<PreferencesRow, 'customer_id' | 'updated_at' | 'version'>;

/** policy: "At this time, we subscribe you to various email publications"; partner mailings only excluded on request. */
export function registrationPreferences(): Prefs {
  return {
    email_newsletter: true,
    email_offers: true,
    email_promotions: true,
    email_surveys: true,
    postal_offers: true,
    partner_mailings_excluded: false,
  };
}

/** Weighted by how often customers change each: offers and promotions get unsubscribed most. */
const CHANGEABLE_FIELDS: readonly PreferenceField[] = [
  'email_offers', 'email_offers', 'email_offers', 'email_promotions', 'email_promotions', 'email_promotions',
  'email_newsletter', 'email_newsletter', 'email_surveys', 'email_surveys', 'partner_mailings_excluded',
  'partner_mailings_excluded', 'postal_offers',
];

function plural(noun: string): string {
  if (/[^aeiou]y$/.test(noun)) return `${noun.slice(0, -1)}ies`;
  if (/(s|x|ch|sh)$/.test(noun)) return `${noun}es`;
  if (noun === 'Wolf') return 'Wolves';
  return `${noun}s`;
}

/** MPAA ratings began in 1968, PG-13 in 1984 and NC-17 in 1990; older titles are mostly unrated. */
function rating(rng: Rng, year: number, genre: string): string {
  if (genre === 'Family' || genre === 'Animation') return rng.chance(0.5) ? 'G' : 'PG';
  if (year < 1968) return rng.pick(['NR', 'NR', 'NR', 'G', 'PG']);
  if (genre === 'Documentary') return rng.pick(['NR', 'NR', 'PG', year >= 1984 ? 'PG-13' : 'PG', 'R']);
  if (genre === 'Horror') return rng.chance(0.8) ? 'R' : year >= 1984 ? 'PG-13' : 'PG';
  if (year < 1984) return rng.pick(['G', 'PG', 'PG', 'R', 'R', 'R', 'NR']);
  const r = rng.float();
  if (r < 0.01 && year >= 1990) return 'NC-17';
  return r < 0.16 ? 'PG' : r < 0.5 ? 'PG-13' : r < 0.96 ? 'R' : 'NR';
}

function runtime(rng: Rng, genre: string): number {
  if (genre === 'Documentary') return rng.range(60, 120);
  if (genre === 'Animation' || genre === 'Family') return rng.range(70, 105);
  return rng.chance(0.05) ? rng.range(151, 210) : rng.range(85, 150);
}

