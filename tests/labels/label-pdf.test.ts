import { describe, expect, it } from 'vitest';
import { DOTS_PER_INCH, FIM_DOTS, IMB_DOTS } from '../../core/labels';
import { formatImpbTracking, formatTrackingDigits, impbHumanReadableData } from '../../core/postal';
import { renderLabelPdf } from '../../main/print/label-pdf';
import { readCode128 } from './barcode-reader';
import { celineLetter, celineParcel } from './fixtures';
import { readPdf, type PdfRect } from './pdf-reader';
import { encodeGreyPng } from './png-reader';

const PT = 72 / DOTS_PER_INCH;
const near = (a: number, b: number): boolean => Math.abs(a - b) < 0.01;

/** The IMb's rectangles: exactly the bar width, nothing else on a page is that narrow. */
function imbRects(rects: readonly PdfRect[]): PdfRect[] {
  return rects.filter((r) => near(r.width, IMB_DOTS.barWidth * PT));
}

describe('renderLabelPdf: the letter mailer', async () => {
  const label = celineLetter();
  // As production makes it: compressed. The reader inflates the streams.
  const pdf = await renderLabelPdf(label);
  const content = readPdf(pdf);
  const [outbound, reply] = content.byPage;

  it('is two 4 x 4 in pages: outbound, then Business Reply', () => {
    expect(content.pages).toEqual([
      { width: 288, height: 288 },
      { width: 288, height: 288 },
    ]);
    expect(pdf.toString('latin1')).toContain('/FlateDecode');
    expect(pdf.toString('latin1')).not.toContain('JACKSONVILLE');
  });

  it('outbound page: sender, endorsement, indicia, the address and the IMb digits as real text', () => {
    expect(outbound!.texts.map((t) => t.text)).toEqual(
      expect.arrayContaining([
        'BACKLOT',
        'ADDRESS SERVICE REQUESTED',
        'FIRST-CLASS MAIL',
        'U.S. POSTAGE PAID',
        'SAN JOSE CA',
        'PERMIT NO. 1024',
        'CELINE HARRISON',
        '12165 CLEVELAND PL APT 4B',
        'JACKSONVILLE FL  32202-0702',
        formatTrackingDigits(label.imb.tracking, label.imb.routing),
      ]),
    );
  });

  it('draws each IMb as 65 vector bars at the USPS-B-3200 sizes the ZPL uses, one pitch apart', () => {
    for (const page of [outbound!, reply!]) {
      const bars = imbRects(page.rects);
      expect(bars).toHaveLength(65);
      for (const b of bars) expect([IMB_DOTS.fullHeight, IMB_DOTS.trackerHeight + IMB_DOTS.extenderHeight, IMB_DOTS.trackerHeight]).toContain(Math.round(b.height / PT));
      const xs = bars.map((b) => b.x).sort((a, b) => a - b);
      for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeCloseTo(IMB_DOTS.pitch * PT, 4);
    }
  });

  it('reply page: the BRM legends, address, digits, and the six FIM C bars at the top edge', () => {
    expect(reply!.texts.map((t) => t.text)).toEqual(
      expect.arrayContaining(['BUSINESS REPLY MAIL', 'FIRST-CLASS MAIL PERMIT NO. 2048 SAN JOSE CA', 'POSTAGE WILL BE PAID BY ADDRESSEE', 'UNITED STATES', 'SAN JOSE CA  95131-9901', '00 708 314159 000000042 951319901']),
    );
    const fim = reply!.rects.filter((r) => near(r.width, FIM_DOTS.barWidth * PT) && near(r.height, FIM_DOTS.height * PT));
    expect(fim).toHaveLength(6);
    for (const bar of fim) expect(bar.y).toBeCloseTo(0, 3);
  });

  it('carries no raster barcode: a letter’s barcodes are all vector bars', () => {
    expect(content.images).toEqual([]);
  });
});

describe('renderLabelPdf: the parcel', async () => {
  const label = celineParcel();
  const content = readPdf(await renderLabelPdf(label));

  it('is one 4 x 6 in page (288 x 432 pt) with the banner, USPS TRACKING # and the grouped number', () => {
    expect(content.pages).toEqual([{ width: 288, height: 432 }]);
    expect(content.texts.map((t) => t.text)).toEqual(expect.arrayContaining(['USPS MEDIA MAIL', 'MEDIA MAIL', 'USPS TRACKING #', formatImpbTracking(label.impb.tracking), 'RETURN SERVICE REQUESTED']));
    expect(imbRects(content.rects)).toEqual([]);
  });

  it('embeds the IMpb and the order number as images of one pixel per printer dot that ZXing reads back', async () => {
    const [impb, order] = [...content.images].sort((a, b) => b.width - a.width);
    expect(impb!.height).toBe(163);
    expect(impb!.width % 3).toBe(0);
    const readImpb = await readCode128(encodeGreyPng(impb!.width, impb!.height, impb!.luma, 40));
    expect(readImpb).toEqual([expect.objectContaining({ isGs1: true, text: impbHumanReadableData(label.impb.routing, label.impb.tracking) })]);
    const readOrder = await readCode128(encodeGreyPng(order!.width, order!.height, order!.luma, 40));
    expect(readOrder).toEqual([expect.objectContaining({ isGs1: false, text: 'SH000000337' })]);
  });

  it('puts the address where the thermal label does (70 dots from the left edge)', () => {
    expect(content.texts.find((t) => t.text === 'CELINE HARRISON')!.x).toBeCloseTo(70 * PT, 3);
  });
});
