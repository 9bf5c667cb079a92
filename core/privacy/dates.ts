/**
 * Dates finer than a month, rewritten to the month: "on March 3rd" -> "in
 * March", "3/14/2004" -> "March 2004", "on Christmas Eve" -> "in December".
 *
 * policy: "We may also disclose, on an anonymous basis, literal statements
 * made by our customers." A quoted statement is attributed to a state and a
 * month; a day ("the disc arrived on March 3rd") can be matched against
 * shipment records to find the one customer it was.
 */

export const MONTH_NAMES = [
  'January', 'February', 'March', 'April', 'May', 'June',
  'July', 'August', 'September', 'October', 'November', 'December',
] as const;

const MONTH_BY_SPELLING: ReadonlyMap<string, number> = new Map(
  MONTH_NAMES.flatMap((name, i) => {
    const lower = name.toLowerCase();
    const spellings = [lower, lower.slice(0, 3)];
    if (lower === 'september') spellings.push('sept');
    return spellings.map((s) => [s, i] as const);
  }),
);

const ORDINAL_WORDS = [
  'first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth', 'eleventh',
  'twelfth', 'thirteenth', 'fourteenth', 'fifteenth', 'sixteenth', 'seventeenth', 'eighteenth', 'nineteenth',
  'twentieth', 'twenty-first', 'twenty-second', 'twenty-third', 'twenty-fourth', 'twenty-fifth', 'twenty-sixth',
  'twenty-seventh', 'twenty-eighth', 'twenty-ninth', 'thirtieth', 'thirty-first',
];

const MONTH = '(january|february|march|april|may|june|july|august|september|october|november|december|sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec)';
const WEEKDAY = '(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|mon|tues|tue|wed|thurs|thur|thu|fri|sat|sun)';
const DAY = `((?:[0-9]{1,2}(?:st|nd|rd|th)?)|${[...ORDINAL_WORDS].sort((a, b) => b.length - a.length).join('|')})`;
const YEAR = "((?:19|20)[0-9]{2}|'[0-9]{2})";
const PREPOSITION = '(?:(on|by|since|until|till|before|after|from)\\s+)?';
const WEEKDAY_BEFORE = `(?:${WEEKDAY}\\.?,?\\s+)?`;

const MONTH_FIRST = new RegExp(
  `(?<![\\p{L}\\p{N}])${PREPOSITION}${WEEKDAY_BEFORE}(?:the\\s+)?${MONTH}\\.?\\s+(?:the\\s+)?${DAY}(?![\\p{L}\\p{N}])(?:,?\\s+${YEAR}(?![\\p{L}\\p{N}]))?`,
  'giu',
);
const DAY_FIRST = new RegExp(
  `(?<![\\p{L}\\p{N}])${PREPOSITION}${WEEKDAY_BEFORE}(?:the\\s+)?${DAY}\\s+(?:of\\s+)?${MONTH}(?![\\p{L}\\p{N}])(?:\\.?,?\\s+${YEAR}(?![\\p{L}\\p{N}]))?`,
  'giu',
);
/** US order, month first: 3/14/2004, 03-14-04, 3.14.2004. Without a year it is a rating ("10/10"), not a date. */
const NUMERIC = /(?<![\p{L}\p{N}/.-])(?:(on|by|since|until|till|before|after|from)\s+)?([0-9]{1,2})([/.-])([0-9]{1,2})\3([0-9]{4}|[0-9]{2})(?![\p{N}]|[/.-][0-9])/giu;
const ISO = /(?<![\p{L}\p{N}])(?:(on|by|since|until|till|before|after|from)\s+)?([0-9]{4})-([0-9]{2})-([0-9]{2})(?:[T ][0-9]{2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]+)?)?(?:Z|[+-][0-9]{2}:?[0-9]{2})?)?(?![\p{N}])/giu;
/** "It arrived on the 3rd." Next to the month of the attribution, a day of the month. */
const BARE_DAY = /(?<![\p{L}\p{N}])on\s+the\s+([0-9]{1,2})(?:st|nd|rd|th)(?=\s*(?:[.,;:!?)]|$))/giu;
const HOLIDAYS: readonly (readonly [RegExp, number])[] = [
  [/christmas(?:\s+(?:eve|day|morning|night))?|xmas(?:\s+(?:eve|day))?|new\s+year['’]?s\s+eve/, 11],
  [/new\s+year['’]?s(?:\s+day)?/, 0],
  [/valentine['’]?s(?:\s+day)?/, 1],
  [/halloween/, 9],
  [/thanksgiving(?:\s+(?:day|weekend))?/, 10],
  [/independence\s+day|the\s+fourth\s+of\s+july|july\s+(?:4th|fourth)/, 6],
];
/** Only after "on": "a Christmas movie" is not a date, "on Christmas Eve" is. */
const HOLIDAY = new RegExp(
  `(?<![\\p{L}\\p{N}])(on)\\s+(${HOLIDAYS.map(([re]) => re.source).join('|')})(?![\\p{L}\\p{N}])`,
  'giu',
);

export interface DateSpan {
  readonly kind: 'date';
  readonly start: number;
  readonly end: number;
  /** What the date becomes: the month, and the year when one was given. */
  readonly replacement: string;
}

function matchCase(word: string, like: string): string {
  return like.charAt(0) === like.charAt(0).toUpperCase() && like.charAt(0) !== like.charAt(0).toLowerCase()
    ? word.charAt(0).toUpperCase() + word.slice(1)
    : word;
}

/** "on" becomes "in" (a month is not a day); "by", "since" ... still read right before a month. */
function preposition(original: string | undefined): string {
  if (original === undefined) return '';
  return `${original.toLowerCase() === 'on' ? matchCase('in', original) : original} `;
}

function dayNumber(day: string): number {
  const ordinal = ORDINAL_WORDS.indexOf(day.toLowerCase());
  return ordinal >= 0 ? ordinal + 1 : Number.parseInt(day, 10);
}

function fullYear(year: string, writtenYear: number): number {
  if (!year.startsWith("'") && year.length === 4) return Number(year);
  const yy = Number(year.replace("'", ''));
  const century = Math.floor(writtenYear / 100) * 100;
  // A two-digit year later than next year is last century: "3/14/99" written in 2004 is 1999.
  return century + yy > writtenYear + 1 ? century - 100 + yy : century + yy;
}

function monthText(month: number, year: number | null): string {
  return year === null ? MONTH_NAMES[month]! : `${MONTH_NAMES[month]!} ${year}`;
}

function validDay(month: number, day: number): boolean {
  return Number.isInteger(day) && day >= 1 && day <= [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month]!;
}

export function findDates(text: string, writtenYear: number): DateSpan[] {
  const spans: DateSpan[] = [];
  const push = (start: number, matched: string, replacement: string) => {
    spans.push({ kind: 'date', start, end: start + matched.length, replacement });
  };
  for (const m of text.matchAll(MONTH_FIRST)) {
    const month = MONTH_BY_SPELLING.get(m[2]!.toLowerCase())!;
    if (!validDay(month, dayNumber(m[3]!))) continue;
    // "you may first want to ...", "march second": verbs, unless written as a date.
    if (/^(?:may|march)$/.test(m[2]!) && !/^[0-9]/.test(m[3]!)) continue;
    const year = m[4] === undefined ? null : fullYear(m[4], writtenYear);
    push(m.index, m[0], preposition(m[1]) + monthText(month, year));
  }
  for (const m of text.matchAll(DAY_FIRST)) {
    const month = MONTH_BY_SPELLING.get(m[3]!.toLowerCase())!;
    if (!validDay(month, dayNumber(m[2]!))) continue;
    const year = m[4] === undefined ? null : fullYear(m[4], writtenYear);
    push(m.index, m[0], preposition(m[1]) + monthText(month, year));
  }
  for (const m of text.matchAll(NUMERIC)) {
    const month = Number(m[2]) - 1;
    if (month < 0 || month > 11 || !validDay(month, Number(m[4]))) continue;
    push(m.index, m[0], preposition(m[1]) + monthText(month, fullYear(m[5]!.length === 2 ? `'${m[5]}` : m[5]!, writtenYear)));
  }
  for (const m of text.matchAll(ISO)) {
    const month = Number(m[3]) - 1;
    if (month < 0 || month > 11 || !validDay(month, Number(m[4]))) continue;
    push(m.index, m[0], preposition(m[1]) + monthText(month, Number(m[2])));
  }
  for (const m of text.matchAll(BARE_DAY)) {
    if (Number(m[1]) >= 1 && Number(m[1]) <= 31) push(m.index, m[0], matchCase('that month', m[0]));
  }
  for (const m of text.matchAll(HOLIDAY)) {
    const which = HOLIDAYS.find(([re]) => new RegExp(`^(?:${re.source})$`, 'iu').test(m[2]!));
    if (which) push(m.index, m[0], `${matchCase('in', m[1]!)} ${MONTH_NAMES[which[1]]}`);
  }
  return spans;
}
