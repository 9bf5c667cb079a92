/**
 * Nothing on the outside names what the customer rents (issue 17 item 4;
 * policy: no disclosure of personal information without notice; the Video
 * Privacy Protection Act, 18 U.S.C. § 2710). Two proofs, over letters and
 * parcels of the seed scenario:
 * - every text field and every barcode's data of every layout, ZPL and PDF,
 *   is decoded and searched for the shipment's title and its disc barcode;
 * - the bytes of every layout are the same whatever the shipment rents: swap
 *   its title, disc and genre for another and nothing printed changes. That
 *   covers the genre and anything else derived from the rental, where a text
 *   search cannot tell (the genre "Western" is also Chicago's WESTERN AVE).
 */
import { describe, expect, it } from 'vitest';
import { demoLabelCases, mustBuild } from './fixtures';
import { renderZpl } from '../../core/labels';
import { toPostalAscii } from '../../core/postal/postal-text';
import { renderLabelPdf } from '../../main/print/label-pdf';
import { readPdf } from './pdf-reader';
import { readZplFormats } from './zpl-reader';

const fold = (text: string): string => toPostalAscii(text).replace(/[^A-Z0-9]+/g, ' ').trim();

/** Does `haystack` contain `needle` as whole words (both folded as the label folds text)? */
function mentions(haystack: string, needle: string): boolean {
  const words = fold(needle);
  if (words === '') return false;
  return ` ${fold(haystack)} `.includes(` ${words} `);
}

describe('no title, genre or disc on the outside of any piece', () => {
  const cases = demoLabelCases(400);

  it('checks a scenario that has both pieces and titles long enough to be found', () => {
    expect(cases.some((c) => c.shipment.piece_type === 'parcel')).toBe(true);
    expect(cases.some((c) => c.shipment.piece_type === 'letter')).toBe(true);
    // A one-letter title could be found anywhere; the scenario's are whole names.
    expect(cases.every((c) => fold(c.titleName).length >= 3)).toBe(true);
  });

  it('in every text field and barcode of the ZPL', () => {
    let fields = 0;
    for (const c of cases) {
      const zpl = renderZpl(mustBuild(c.input));
      for (const format of readZplFormats(zpl)) {
        const values = [...format.texts.map((t) => t.text), ...format.code128.map((b) => b.data)];
        fields += values.length;
        for (const value of values) {
          expect(mentions(value, c.titleName), `${c.shipment.order_number}: "${value}" names the title "${c.titleName}"`).toBe(false);
          if (c.discBarcode) expect(value.toUpperCase()).not.toContain(c.discBarcode.toUpperCase());
        }
      }
    }
    expect(fields).toBeGreaterThan(cases.length * 10);
  });

  it('in every text of the PDF pages', async () => {
    for (const c of cases.slice(0, 120)) {
      const content = readPdf(await renderLabelPdf(mustBuild(c.input)));
      expect(content.texts.length).toBeGreaterThan(10);
      for (const t of content.texts) {
        expect(mentions(t.text, c.titleName), `${c.shipment.order_number}: PDF text "${t.text}" names the title`).toBe(false);
        if (c.discBarcode) expect(t.text).not.toContain(c.discBarcode);
      }
    }
  });

  it('the same bytes whatever is rented: another title, disc and genre change nothing printed', async () => {
    const other = cases.find((c) => c.shipment.title_id !== cases[0]!.shipment.title_id)!;
    for (const c of cases.slice(0, 80)) {
      const swapped = { ...c.input, shipment: { ...c.shipment, title_id: other.shipment.title_id, disc_id: other.shipment.disc_id, title_name: other.titleName, genre: other.genre, disc_barcode: other.discBarcode } };
      expect(renderZpl(mustBuild(swapped))).toBe(renderZpl(mustBuild(c.input)));
      const [a, b] = [await renderLabelPdf(mustBuild(c.input), { compress: false }), await renderLabelPdf(mustBuild(swapped), { compress: false })];
      // pdfkit stamps the creation date and a file ID made from it; everything else must match.
      const undated = (pdf: Buffer) => pdf.toString('latin1').replace(/\(D:[0-9Z']+\)/g, '(D:)').replace(/\/ID \[<[0-9a-f]+> <[0-9a-f]+>\]/, '/ID []');
      expect(undated(b)).toBe(undated(a));
    }
  });

  it('the label data has no field that could carry one, at any depth', () => {
    const keys = new Set<string>();
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) value.forEach(walk);
      else if (value !== null && typeof value === 'object') {
        for (const [key, inner] of Object.entries(value)) {
          keys.add(key);
          walk(inner);
        }
      }
    };
    for (const c of cases) walk(mustBuild(c.input));
    expect([...keys].filter((k) => /title|genre|disc|rating|year|runtime/i.test(k))).toEqual([]);
  });
});
