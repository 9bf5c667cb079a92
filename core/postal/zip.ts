/**
 * ZIP Code parsing: 5-digit ZIP or ZIP+4 (Pub 28 §224 last line; the hyphen
 * of ZIP+4 is the only punctuation kept, §222).
 */
import { toPostalAscii } from './postal-text';

export interface ParsedZip {
  readonly zip5: string;
  readonly zip4: string | null;
}

/**
 * Accepts "12345", "12345-6789" and "123456789". Spaces are ignored (people
 * type "12345 - 6789"), and full-width digits fold to ASCII; anything else
 * is rejected rather than guessed at.
 */
export function parseZip(input: string): ParsedZip | null {
  const compact = toPostalAscii(input).replace(/ /g, '');
  const match = /^([0-9]{5})(?:-?([0-9]{4}))?$/.exec(compact);
  if (!match) return null;
  return { zip5: match[1] ?? '', zip4: match[2] ?? null };
}

/** "12345" or "12345-6789", the form printed on the last line. */
export function formatZip(zip: ParsedZip): string {
  return zip.zip4 === null ? zip.zip5 : `${zip.zip5}-${zip.zip4}`;
}
