import { describe, expect, it } from 'vitest';
import { DOTS_PER_INCH, FIM_DOTS, IMB_DOTS, gs1128Modules, impbParts } from '../../core/labels';
import { formatImpbTracking, formatTrackingDigits, impbHumanReadableData } from '../../core/postal';
import { renderLabelPdf } from '../../main/print/label-pdf';
import { readCode128 } from './barcode-reader';
import { celineLetter, celineParcel } from './fixtures';
import { readPdf, type PdfRect } from './pdf-reader';
import { encodeGreyPng } from './png-reader';

const PT = 72 / DOTS_PER_INCH;
const near = (a: number, b: number): boolean => Math.abs(a - b) < 0.01;

/** The IMb's rectangles: exactly its bar width and one of its three bar heights. */
function imbRects(rects: readonly PdfRect[]): PdfRect[] {
  const heights = [IMB_DOTS.fullHeight, IMB_DOTS.trackerHeight + IMB_DOTS.extenderHeight, IMB_DOTS.trackerHeight];
  return rects.filter((r) => near(r.width, IMB_DOTS.barWidth * PT) && heights.some((h) => near(r.height, h * PT)));
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

  it('carries no raster: every bar is a vector rectangle', () => {
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

  it('draws the IMpb and the order number as vector bars at the thermal label’s sizes, which ZXing reads back', async () => {
    expect(content.images).toEqual([]);
    // Rasterize the bars of one height at one pixel per printer dot, as a 203-dpi printer would, and hand them to ZXing.
    const read = async (heightDots: number) => {
      const bars = content.rects.filter((r) => near(r.height, heightDots * PT));
      const left = Math.min(...bars.map((b) => b.x)) / PT;
      const right = Math.max(...bars.map((b) => b.x + b.width)) / PT;
      const width = Math.round(right - left);
      const luma = new Uint8Array(width * heightDots).fill(255);
      for (const b of bars) {
        const x0 = Math.round(b.x / PT - left);
        const x1 = Math.round((b.x + b.width) / PT - left);
        for (let y = 0; y < heightDots; y++) luma.fill(0, y * width + x0, y * width + x1);
      }
      return { width, results: await readCode128(encodeGreyPng(width, heightDots, luma, 40)) };
    };
    const impb = await read(163);
    expect(impb.width).toBe(gs1128Modules(impbParts(label.impb)) * 3);
    expect(impb.results).toEqual([expect.objectContaining({ isGs1: true, text: impbHumanReadableData(label.impb.routing, label.impb.tracking) })]);
    expect((await read(80)).results).toEqual([expect.objectContaining({ isGs1: false, text: 'SH000000337' })]);
  });

  it('puts the address where the thermal label does (70 dots from the left edge)', () => {
    expect(content.texts.find((t) => t.text === 'CELINE HARRISON')!.x).toBeCloseTo(70 * PT, 3);
  });
});
