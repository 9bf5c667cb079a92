import { parsePhoneNumberFromString } from 'libphonenumber-js';

/**
 * What a rep or packer typed, read as every handle it could be. A query can
 * be several at once (`5550101` is a phone fragment and a title word), so the
 * service runs each applicable lookup and groups the results.
 */
export interface QueryHandles {
  /** The trimmed text, cut to a length no real handle exceeds. */
  text: string;
  orderNumber: string | null;
  barcode: string | null;
  email: { value: string; exact: boolean } | null;
  /** E.164, when the text reads as a US (or international) phone number. */
  phone: string | null;
  /** A customer number (the number the audit viewer and letters show): `12345`, `#12345`, `C12345`, `customer 12345`. */
  customerNumber: number | null;
  /** Words for full-text search (letters and digits only; FTS syntax cannot survive this). */
  words: string[];
}

/** No handle (order, barcode, email, name, title) is longer; a 10,000-character paste is cut, not processed. */
export const MAX_QUERY_CHARS = 200;
const MAX_WORDS = 8;

const ORDER_RE = /^SH\d{6,12}$/;
const BARCODE_RE = /^[A-Z]{2,4}\d{6,12}$/;
// Up to nine digits: ten or more read as a phone number.
const CUSTOMER_NUMBER_RE = /^(?:#|C|CUSTOMER|CUST)?(\d{1,9})$/;

export function classifyQuery(raw: string): QueryHandles {
  const text = raw.normalize('NFC').trim().slice(0, MAX_QUERY_CHARS);
  const compact = text.replace(/\s+/g, '').toUpperCase();
  const orderNumber = ORDER_RE.test(compact) ? compact : null;
  const barcode = !orderNumber && BARCODE_RE.test(compact) ? compact : null;

  let email: QueryHandles['email'] = null;
  if (text.includes('@') && !/\s/.test(text)) {
    const value = text.toLowerCase();
    email = { value, exact: /^[^@]+@[^@]+\.[a-z]{2,}$/.test(value) };
  }

  let phone: string | null = null;
  const digits = text.replace(/\D/g, '');
  // Only text made of digits and phone punctuation can be a phone number; "Rocky 4" is not.
  if (!email && digits.length >= 10 && digits.length <= 15 && /^[\d\s().+\-–]+$/.test(text)) {
    const parsed = parsePhoneNumberFromString(text, 'US');
    if (parsed?.isPossible()) phone = parsed.number;
  }

  const numberMatch = !orderNumber && !barcode && !email && !phone ? CUSTOMER_NUMBER_RE.exec(compact) : null;
  const customerNumber = numberMatch && Number(numberMatch[1]) > 0 ? Number(numberMatch[1]) : null;

  const words = (text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []).slice(0, MAX_WORDS);
  return { text, orderNumber, barcode, email, phone, customerNumber, words };
}

/**
 * An FTS5 MATCH expression from plain words: every word is a quoted string
 * (so `OR`, `NEAR`, `*` and quotes are just text) and a prefix, in any order,
 * so "ange wri" finds "Angela Wright" and results appear while typing.
 */
export function ftsPrefixQuery(words: readonly string[]): string | null {
  const clean = words.map((w) => w.replace(/"/g, '')).filter((w) => w.length > 0);
  if (clean.length === 0) return null;
  return clean.map((w) => `"${w}"*`).join(' ');
}

