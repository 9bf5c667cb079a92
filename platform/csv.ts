/**
 * The one CSV writer (privacy exports at the central office, the USPS
 * manifest at a station), on csv-stringify: RFC 4180 quoting, CRLF line
 * ends, a header line.
 *
 * A spreadsheet opening the file would run a text cell that starts with
 * = + - @ (CSV injection), and some read the full-width ＝ ＋ － ＠ the same
 * way: such cells get a leading apostrophe, as do a leading tab or carriage
 * return. Numbers are written as numbers, so a negative count is never touched.
 */
import { stringify } from 'csv-stringify/sync';

export type CsvCell = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r\uFF1D\uFF0B\uFF0D\uFF20]/;

export function guardFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

export function toCsv(header: readonly string[], rows: Iterable<readonly CsvCell[]>): string {
  const records: CsvCell[][] = [[...header]];
  for (const row of rows) {
    if (row.length !== header.length) throw new Error(`CSV row has ${row.length} cells, the header ${header.length}`);
    records.push([...row]);
  }
  return stringify(records, {
    record_delimiter: 'windows',
    // RFC 4180 quotes a cell with a line break in it, whichever record delimiter the file uses.
    quoted_match: /[\r\n]/,
    cast: { string: guardFormula, boolean: (value) => String(value) },
  });
}
