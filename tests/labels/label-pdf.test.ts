import { describe, expect, it } from 'vitest';
import { DOTS_PER_INCH, IMB_DOTS } from '../../core/labels';
import { formatTrackingDigits } from '../../core/postal';
import { renderLabelPdf } from '../../main/print/label-pdf';
import { celineLabel } from './fixtures';
import { readPdf, type PdfRect } from './pdf-reader';

const PT = 72 / DOTS_PER_INCH;
const near = (a: number, b: number): boolean => Math.abs(a - b) < 0.01;

/** The IMb's rectangles: exactly the bar width, nothing else on the page is that narrow. */
function imbRects(rects: readonly PdfRect[]): PdfRect[] {
  return rects.filter((r) => near(r.width, IMB_DOTS.barWidth * PT));
}

describe('renderLabelPdf: 4x6', async () => {
  const label = celineLabel();
  // As production makes it: compressed. The reader inflates the streams.
  const pdf = await renderLabelPdf(label);
  const content = readPdf(pdf);
  const lines = content.texts.map((t) => t.text);

  it('is one 4 x 6 in page (288 x 432 pt)', () => {
    expect(content.pages).toEqual([{ width: 288, height: 432 }]);
  });

  it('compresses its content streams by default', () => {
    expect(pdf.toString('latin1')).toContain('/FlateDecode');
    expect(pdf.toString('latin1')).not.toContain('JACKSONVILLE');
  });

  it('holds the delivery line, last line and tracking digits as real text', () => {
    expect(lines).toEqual(expect.arrayContaining(['CELINE HARRISON', '12165 CLEVELAND PL APT 4B', 'JACKSONVILLE FL  32202-0702']));
    expect(lines).toContain(formatTrackingDigits(label.imb.tracking, label.imb.routing));
    expect(lines).toContain('SH000000337');
  });

  it('draws the IMb as 65 vector bars at the same USPS-B-3200 sizes as the ZPL', () => {
    const bars = imbRects(content.rects);
    expect(bars).toHaveLength(65);
    const heights = new Set(bars.map((b) => Math.round(b.height / PT)));
    for (const h of heights) expect([IMB_DOTS.fullHeight, IMB_DOTS.trackerHeight + IMB_DOTS.extenderHeight, IMB_DOTS.trackerHeight]).toContain(h);
    const xs = bars.map((b) => b.x).sort((a, b) => a - b);
    for (let i = 1; i < xs.length; i++) expect(xs[i]! - xs[i - 1]!).toBeCloseTo(IMB_DOTS.pitch * PT, 4);
  });

  it('embeds the Code 128 of the order number as an image of one pixel per printer dot', () => {
    expect(content.images).toHaveLength(1);
    // 3 dots per module, 120 dots tall (the ZPL's ^BY3 and ^BC height).
    expect(content.images[0]!.height).toBe(120);
    expect(content.images[0]!.width % 3).toBe(0);
  });

  it('puts the address at the same place as the thermal label (70 dots from the left edge)', () => {
    const name = content.texts.find((t) => t.text === 'CELINE HARRISON')!;
    expect(name.x).toBeCloseTo(70 * PT, 3);
  });
});

describe('renderLabelPdf: letter-mailer', async () => {
  const label = celineLabel({ layout: 'letter-mailer' });
  const content = readPdf(await renderLabelPdf(label, { compress: false }));

  it('is one US Letter page (612 x 792 pt)', () => {
    expect(content.pages).toEqual([{ width: 612, height: 792 }]);
  });

  it('puts the address block and its IMb where a #10 envelope’s address window shows them', () => {
    const inchesFromTop = (y: number): number => (792 - y) / 72;
    const block = ['CELINE HARRISON', '12165 CLEVELAND PL APT 4B', 'JACKSONVILLE FL  32202-0702'].map((text) => content.texts.find((t) => t.text === text)!);
    for (const line of block) {
      expect(line.x / 72).toBeCloseTo(1, 2);
      expect(inchesFromTop(line.y)).toBeGreaterThan(2.0);
      expect(inchesFromTop(line.y)).toBeLessThan(3.2);
    }
    // pdfkit flips the page (y down) before drawing rectangles: their y is already from the top.
    const bars = imbRects(content.rects);
    expect(bars).toHaveLength(65);
    for (const bar of bars) {
      expect((bar.y + bar.height) / 72).toBeLessThan(3.2);
      expect(bar.x / 72).toBeGreaterThanOrEqual(1);
      expect((bar.x + bar.width) / 72).toBeLessThan(4.375);
    }
    expect(content.texts.map((t) => t.text)).toContain(formatTrackingDigits(label.imb.tracking, label.imb.routing));
  });
});
