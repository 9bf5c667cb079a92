/**
 * Where each of the 65 IMb bars goes, in printer dots at 203 dpi, computed
 * here once so the ZPL and the PDF draw the very same rectangles instead of
 * trusting each printer's own IMb font or barcode command.
 *
 * USPS-B-3200 §2.3.1 (bar dimensions) allows:
 *   bar width 0.015-0.025 in, pitch 20-24 bars per inch,
 *   full bar 0.125-0.165 in, tracker 0.039-0.057 in,
 *   lead edge of bar 1 to lead edge of bar 65: 2.667-3.225 in,
 *   clear zone 0.125 in left and right, 0.028 in above and below.
 * At 203 dpi (8 dots/mm) the integer choices that land inside every range:
 *   width   4 dots = 0.0197 in
 *   pitch   9 dots = 22.6 bars/in (so 5 dots of space between bars)
 *   full   32 dots = 0.158 in
 *   tracker 10 dots = 0.049 in, centred: 11 dots above it, 11 below
 *   ascender = tracker + top region = 21 dots, descender likewise
 *   span   64 x 9 = 576 dots = 2.837 in
 * A 203-dpi head cannot place half dots, so the tracker is centred only
 * because 32 - 10 is even; keep it so if these numbers ever change.
 */
export const DOTS_PER_INCH = 203;

export const IMB_BAR_COUNT = 65;

export const IMB_DOTS = {
  barWidth: 4,
  pitch: 9,
  fullHeight: 32,
  trackerHeight: 10,
  /** Top region (ascender only) and bottom region (descender only). */
  extenderHeight: 11,
  /** USPS-B-3200 §2.3: 0.125 in = 25.4 dots; round up. */
  clearZoneX: 26,
  /** USPS-B-3200 §2.3: 0.028 in = 5.7 dots; round up. DMM 202.5 asks the same clearance from other address-block lines. */
  clearZoneY: 6,
} as const;

/** Width of the whole barcode, first bar's left edge to last bar's right edge. */
export const IMB_WIDTH_DOTS = (IMB_BAR_COUNT - 1) * IMB_DOTS.pitch + IMB_DOTS.barWidth;

export type ImbBarKind = 'F' | 'A' | 'D' | 'T';

export interface DotRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ImbBarRect extends DotRect {
  kind: ImbBarKind;
}

/**
 * Vertical extent of each bar kind relative to the top of the full bar:
 * F spans all three regions, A the top two, D the bottom two, T the middle one.
 */
export function imbBarExtent(kind: ImbBarKind): { dy: number; height: number } {
  const { fullHeight, trackerHeight, extenderHeight } = IMB_DOTS;
  switch (kind) {
    case 'F':
      return { dy: 0, height: fullHeight };
    case 'A':
      return { dy: 0, height: extenderHeight + trackerHeight };
    case 'D':
      return { dy: extenderHeight, height: trackerHeight + extenderHeight };
    case 'T':
      return { dy: extenderHeight, height: trackerHeight };
  }
}

/** The 65 rectangles for `bars` (from `imbBars`), the full bars' top-left corner at (x, y). */
export function imbBarRects(bars: string, x: number, y: number): ImbBarRect[] {
  if (bars.length !== IMB_BAR_COUNT || !/^[FADT]+$/.test(bars)) {
    throw new Error(`an IMb has ${IMB_BAR_COUNT} bars of F, A, D or T; got "${bars}"`);
  }
  const rects: ImbBarRect[] = [];
  for (let i = 0; i < bars.length; i++) {
    const kind = bars.charAt(i) as ImbBarKind;
    const { dy, height } = imbBarExtent(kind);
    rects.push({ kind, x: x + i * IMB_DOTS.pitch, y: y + dy, width: IMB_DOTS.barWidth, height });
  }
  return rects;
}
