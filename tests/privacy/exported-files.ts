/**
 * Reading what the privacy back office hands out: its CSV files, and every
 * spelling of the personal data a file must not hold.
 */

/** RFC 4180 reader for the files under test (quoted cells, doubled quotes, CRLF). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cell += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(cell);
      cell = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(cell);
      rows.push(row);
      row = [];
      cell = '';
      i++;
    } else cell += ch;
  }
  if (cell !== '' || row.length > 0) {
    row.push(cell);
    rows.push(row);
  }
  return rows;
}

/** Every way a phone number may show up in a file: E.164, the 10 national digits, and the last 7. */
export function phoneForms(phone: string | null): string[] {
  if (!phone) return [];
  const digits = phone.replace(/\D/g, '');
  const national = digits.length === 11 && digits.startsWith('1') ? digits.slice(1) : digits;
  return [phone, national, national.slice(-7), `${national.slice(0, 3)}-${national.slice(3, 6)}-${national.slice(6)}`];
}

export const EMAIL_PATTERN = /[^\s@,]+@[^\s@,]+\.[a-z]{2,}/i;
