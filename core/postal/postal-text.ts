/**
 * Character-level clean-up shared by every address field: fold to the
 * uppercase ASCII that USPS addressing uses, and turn punctuation into
 * word breaks (or nothing) per Publication 28.
 */

/**
 * Letters that Unicode compatibility decomposition leaves alone but that
 * have a conventional ASCII spelling; without this, "STRAßE" would lose a
 * letter instead of becoming "STRASSE".
 */
const LETTER_TRANSLITERATIONS: Readonly<Record<string, string>> = {
  ß: 'SS',
  ẞ: 'SS',
  Æ: 'AE',
  æ: 'AE',
  Œ: 'OE',
  œ: 'OE',
  Ø: 'O',
  ø: 'O',
  Đ: 'D',
  đ: 'D',
  Ð: 'D',
  ð: 'D',
  Ł: 'L',
  ł: 'L',
  Þ: 'TH',
  þ: 'TH',
  ı: 'I',
};

const TRANSLITERABLE = new RegExp(`[${Object.keys(LETTER_TRANSLITERATIONS).join('')}]`, 'gu');

/** ½, ⅓, ¾ ...: compatibility decomposition writes them as "1⁄2" glued to what precedes. */
const VULGAR_FRACTION = /[\u00BC-\u00BE\u2150-\u215E]/gu;

/**
 * USPS output is ASCII (Pub 28 §212 prefers uppercase; the ZIP+4 and City
 * State files hold only A-Z, 0-9 and a few marks). Compatibility-decompose
 * (NFKD, a superset of the NFD the brief asks for, which also maps
 * full-width digits and ligatures from Asian IMEs to ASCII), drop combining
 * marks (É -> E), transliterate the few letters that do not decompose, turn
 * any Unicode space into a plain space and drop whatever non-ASCII remains.
 */
export function toPostalAscii(input: string): string {
  return input
    .replace(VULGAR_FRACTION, ' $&')
    .replace(TRANSLITERABLE, (letter) => LETTER_TRANSLITERATIONS[letter] ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/\u2044/gu, '/') // FRACTION SLASH from ½ etc.
    .replace(/[\s\p{Cc}]/gu, ' ')
    .replace(/[^\x20-\x7E]/gu, '')
    .toUpperCase();
}

/** True when the raw text had something a person would read as content. */
export function hasReadableContent(input: string): boolean {
  return /[\p{L}\p{N}]/u.test(input);
}

/**
 * Periods: "P.O." and "N.E." are initials and close up ("PO", "NE"), while a
 * period after a longer word ends it ("ST.APT" -> "ST APT"); Pub 28 §212
 * omits punctuation either way.
 */
function dropPeriods(text: string): string {
  return text.replace(/([A-Z0-9]*)\./g, (_match, word: string) => (word.length === 1 ? word : `${word} `));
}

/** Placeholders for marks we keep; safe because the text is pure ASCII by now. */
const KEPT_DECIMAL_POINT = '\u2024';
const KEPT_FRACTION_SLASH = '\u2215';

/**
 * Words of a delivery address line (line 1 or line 2), uppercase ASCII, with
 * the punctuation rules of Pub 28 applied:
 * - a period between digits is kept (Appendix D2 grid addresses: "39.2 RD");
 * - a slash between digits is kept (fractional addresses: "123 1/2 MAIN ST");
 * - a hyphen is kept inside a word that contains a digit (Appendix D1
 *   hyphenated ranges "112-10 BRONX RD", unit numbers "APT 4-B"); anywhere
 *   else it separates words;
 * - "#" becomes its own word so the unit logic can decide its fate (§213);
 * - apostrophes separate words, as in the City State file ("O FALLON");
 * - every other mark is dropped (§212, §222).
 */
export function deliveryWords(input: string): string[] {
  let text = toPostalAscii(input);
  text = text.replace(/(?<=\d)\.(?=\d)/g, KEPT_DECIMAL_POINT);
  text = text.replace(/(?<=\d)\/(?=\d)/g, KEPT_FRACTION_SLASH);
  text = dropPeriods(text);
  text = text.replace(/#/g, ' # ');
  text = text.replace(/[^A-Z0-9#\- \u2024\u2215]/g, ' ');

  const words: string[] = [];
  for (const raw of text.split(' ')) {
    if (raw === '') continue;
    if (!raw.includes('-')) {
      words.push(raw);
    } else if (/\d/.test(raw)) {
      const joined = raw.split('-').filter((part) => part !== '').join('-');
      if (joined !== '') words.push(joined);
    } else {
      words.push(...raw.split('-').filter((part) => part !== ''));
    }
  }
  return words.map((word) => word.replace(/\u2024/g, '.').replace(/\u2215/g, '/'));
}

/**
 * City and state text: uppercase ASCII words, every punctuation mark a word
 * break except the period of an initial ("ST. LOUIS" -> "ST LOUIS",
 * "WILKES-BARRE" -> "WILKES BARRE", "COEUR D'ALENE" -> "COEUR D ALENE"),
 * matching the City State file's punctuation-free names (Pub 28 §222).
 */
export function placeWords(input: string): string[] {
  const text = dropPeriods(toPostalAscii(input)).replace(/[^A-Z0-9 ]/g, ' ');
  return text.split(' ').filter((word) => word !== '');
}
