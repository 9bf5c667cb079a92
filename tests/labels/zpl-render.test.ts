/**
 * What prints is what scans (issue 17 item 6): every panel a station can
 * print, as ZPL drawn by an independent interpreter (zpl-renderer-js), read
 * back from its pixels:
 * - each IMb bar by position, compared with bwip-js's own encoding of the
 *   data we meant (not with our encoder);
 * - Code 128 and GS1-128 by ZXing, compared with the data we meant;
 * - the FIM C bars by position.
 */
import { describe, expect, it } from 'vitest';
import { FIM_DOTS, IMB_DOTS, layoutLabel, renderPanelZpl, type FimElement, type ImbElement, type PanelLayout } from '../../core/labels';
import { FIM_PATTERNS, imbBars, impbHumanReadableData } from '../../core/postal';
import { barsFromBitmap, bwipImbBars, readCode128, renderZplFormat } from './barcode-reader';
import { celineLetter, celineParcel, demoLabelCases, mustBuild } from './fixtures';
import { decodePng, isDark, type Bitmap } from './png-reader';

async function draw(panel: PanelLayout): Promise<{ png: Buffer; bitmap: Bitmap }> {
  const png = await renderZplFormat(renderPanelZpl(panel), panel.sheet.widthDots, panel.sheet.heightDots);
  return { png, bitmap: decodePng(png) };
}

/** The IMb of a panel as the pixels show it. */
function imbFromPixels(bitmap: Bitmap, imb: ImbElement): string {
  return barsFromBitmap(bitmap, imb.x - IMB_DOTS.clearZoneX, imb.x + 65 * IMB_DOTS.pitch + IMB_DOTS.clearZoneX, imb.y, imb.y + IMB_DOTS.fullHeight);
}

describe('the bwip-js reference the pixels are compared with', () => {
  it('encodes USPS-B-3200’s own example as USPS gives it', async () => {
    // USPS-B-3200 Appendix: tracking 01234567094987654321, routing 01234567891.
    expect(await bwipImbBars('01234567094987654321', '01234567891')).toBe('AADTFFDFTDADTAADAATFDTDDAAADDTDTTDAFADADDDTFFFDDTTTADFAAADFTDAADA');
    expect(await bwipImbBars('01234567094987654321', '')).toBe('ATTFATTDTTADTAATTDTDTATTDAFDDFADFDFTFFFFFTATFAAAATDFFTDAADFTFDTDT');
  });
});

describe('the letter mailer, drawn by an independent ZPL interpreter', () => {
  const label = celineLetter();
  const [outbound, reply] = layoutLabel(label).panels;

  it('outbound: the IMb in the pixels is bwip-js’s encoding of the tracking and routing we meant', async () => {
    const { bitmap } = await draw(outbound!);
    expect(bitmap.width).toBeGreaterThanOrEqual(812);
    const imb = outbound!.elements.find((e): e is ImbElement => e.kind === 'imb')!;
    const read = imbFromPixels(bitmap, imb);
    expect(read).toHaveLength(65);
    expect(read).toBe(await bwipImbBars(label.imb.tracking, label.imb.routing));
  });

  it('outbound: the permit imprint box is drawn in the upper right', async () => {
    const { bitmap } = await draw(outbound!);
    // The box's left and right edges are dark from its top to its bottom.
    let left = 0;
    for (let x = 500; x < 812 && left === 0; x++) if (isDark(bitmap, x, 80) && isDark(bitmap, x, 20) && isDark(bitmap, x, 140)) left = x;
    expect(left).toBeGreaterThan(812 / 2);
  });

  it('reply: the Business Reply IMb in the pixels is bwip-js’s encoding of STID 708, the serial and the BRM ZIP+4', async () => {
    const { bitmap } = await draw(reply!);
    const imb = reply!.elements.find((e): e is ImbElement => e.kind === 'imb')!;
    expect(imb.tracking).toBe('00708314159000000042');
    expect(imbFromPixels(bitmap, imb)).toBe(await bwipImbBars('00708314159000000042', '951319901'));
  });

  it('reply: the pixels show FIM C (110101011) 2 in from the right edge, from the top edge down 5/8 in', async () => {
    const { bitmap } = await draw(reply!);
    const fim = reply!.elements.find((e): e is FimElement => e.kind === 'fim')!;
    const positions = Array.from({ length: 9 }, (_, i) => fim.x + i * FIM_DOTS.pitch + Math.floor(FIM_DOTS.barWidth / 2));
    const row = (y: number) => positions.map((x) => (isDark(bitmap, x, y) ? '1' : '0')).join('');
    expect(row(4)).toBe(FIM_PATTERNS.C);
    expect(row(FIM_DOTS.height - 4)).toBe(FIM_PATTERNS.C);
    expect(row(FIM_DOTS.height + 6)).toBe('000000000');
  });
});

describe('the parcel, drawn by an independent ZPL interpreter', () => {
  const label = celineParcel();
  const [panel] = layoutLabel(label).panels;

  it('ZXing reads the IMpb as GS1-128: (420) ZIP+4, then the tracking number with its check digit', async () => {
    const { png } = await draw(panel!);
    const read = await readCode128(png);
    const gs1 = read.filter((r) => r.isGs1);
    expect(gs1.map((r) => r.text)).toEqual([impbHumanReadableData(label.impb.routing, label.impb.tracking)]);
    expect(gs1[0]!.text).toBe(`(420)322020702(93)${label.impb.tracking.slice(2)}`);
  });

  it('ZXing reads the order number as plain Code 128, below the IMpb', async () => {
    const { png } = await draw(panel!);
    const read = await readCode128(png);
    const plain = read.filter((r) => !r.isGs1);
    expect(plain.map((r) => r.text)).toEqual(['SH000000337']);
    expect(plain[0]!.top).toBeGreaterThan(read.find((r) => r.isGs1)!.top);
  });

  it('draws no four-state bars anywhere: a parcel carries no IMb', async () => {
    expect(panel!.elements.some((e) => e.kind === 'imb')).toBe(false);
  });
});

describe('every demo shipment’s panels read back from the pixels', () => {
  it('IMbs match bwip-js and IMpbs match ZXing, for letters and parcels of several DCs', async () => {
    const cases = demoLabelCases(400);
    // One letter per distribution center: each DC has its own services, hence its own STID.
    const letters = [...new Map(cases.filter((c) => c.shipment.piece_type === 'letter').map((c) => [c.dc.code, c] as const)).values()];
    const parcels = cases.filter((c) => c.shipment.piece_type === 'parcel').slice(0, 3);
    expect(parcels.length).toBe(3);
    expect(new Set(letters.map((c) => c.dc.code)).size).toBeGreaterThan(1);
    for (const { input } of [...letters, ...parcels]) {
      const label = mustBuild(input);
      for (const panel of layoutLabel(label).panels) {
        const { png, bitmap } = await draw(panel);
        for (const imb of panel.elements.filter((e): e is ImbElement => e.kind === 'imb')) {
          expect(imb.bars).toBe(imbBars(imb.tracking, imb.routing));
          expect(imbFromPixels(bitmap, imb)).toBe(await bwipImbBars(imb.tracking, imb.routing));
        }
        const expected = label.piece === 'parcel' ? [impbHumanReadableData(label.impb.routing, label.impb.tracking), label.orderNumber].sort() : [];
        expect((await readCode128(png)).map((r) => r.text).sort()).toEqual(expected);
      }
    }
  });
});
