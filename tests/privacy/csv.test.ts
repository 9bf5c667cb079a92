/**
 * The one CSV writer (platform/csv.ts, on csv-stringify) for the privacy
 * exports and the USPS manifest: a file opened in a spreadsheet never runs a
 * cell as a formula, and every file is RFC 4180 with CRLF line ends.
 */
import { describe, expect, it } from 'vitest';
import { toCsv } from '../../platform/csv';
import { manifestCsv } from '../../main/services/packing/manifest-files';

describe('the CSV writer', () => {
  it('a text cell a spreadsheet would run as a formula is written as text, full-width signs included', () => {
    const cells = ['=HYPERLINK("http://x")', '+1 408', '-2', '@SUM(A1)', '\tTAB', '＝1+1', '＋1', '－1', '＠A1'];
    const csv = toCsv(['value'], cells.map((c) => [c]));
    const lines = csv.split('\r\n').slice(1, -1);
    expect(lines).toEqual(["\"'=HYPERLINK(\"\"http://x\"\")\"", "'+1 408", "'-2", "'@SUM(A1)", "'\tTAB", "'＝1+1", "'＋1", "'－1", "'＠A1"]);
  });

  it('numbers and booleans are written as they are, a negative count untouched; an empty cell is empty', () => {
    expect(toCsv(['n', 'm', 'ok', 'none', 'missing'], [[-3, 1.5, true, null, undefined]])).toBe('n,m,ok,none,missing\r\n-3,1.5,true,,\r\n');
  });

  it('quotes a cell with a comma, a quote or a line break (RFC 4180) and ends every line with CRLF', () => {
    expect(toCsv(['a', 'b', 'c', 'd'], [['x,y', 'say "hi"', 'one\ntwo', 'three\rfour']])).toBe('a,b,c,d\r\n"x,y","say ""hi""","one\ntwo","three\rfour"\r\n');
  });

  it('refuses a row that does not fit the header', () => {
    expect(() => toCsv(['a', 'b'], [['only one']])).toThrow(/1 cells, the header 2/);
  });

  it('the USPS manifest: header, one line per piece with its piece type, STID, tracking and return serial', () => {
    const csv = manifestCsv('901234', [
      { orderNumber: 'SH000000042', pieceType: 'letter', stid: '300', serial: '000000123', tracking: '00 300 901234 000000123 95113170199', returnSerial: '000000124', zip: '95113-1701', shippedAt: '2024-05-01T17:02:03.000Z' },
    ]);
    expect(csv).toBe(
      'mailer_id,order_number,piece_type,stid,serial,tracking,return_serial,destination_zip,shipped_at\r\n901234,SH000000042,letter,300,000000123,00 300 901234 000000123 95113170199,000000124,95113-1701,2024-05-01T17:02:03.000Z\r\n',
    );
  });
});
