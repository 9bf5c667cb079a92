/**
 * The facing identification mark in printer dots at 203 dpi, from the
 * figures in core/postal/indicia.ts (DMM 708.9):
 *   bar width 0.031 in (+/- 0.008)  -> 6 dots = 0.0296 in
 *   pitch 1/16 in                    -> 13 dots = 0.0640 in
 *   height 5/8 in (+/- 1/8)          -> 127 dots = 0.6256 in
 *   rightmost bar 2 in from the right edge of the piece -> its right edge at
 *   406 dots from the panel's right edge, the panel being flush with the
 *   piece's top right corner.
 */
import { FIM_PATTERNS, type FimKind } from '../postal';
import type { DotRect } from './imb-geometry';

export const FIM_DOTS = {
  barWidth: 6,
  pitch: 13,
  height: 127,
  rightmostFromRightEdge: 406,
  /** DMM 708.9: the clear zone runs 1-3/4 in to 3 in from the right edge. */
  clearZoneFromRightEdge: [355, 609] as const,
  clearZoneDepth: 127,
} as const;

export const FIM_POSITIONS = 9;

/** Left edge of bar position 1 for a panel `panelWidth` dots wide. */
export function fimLeft(panelWidth: number): number {
  return panelWidth - FIM_DOTS.rightmostFromRightEdge - FIM_DOTS.barWidth - (FIM_POSITIONS - 1) * FIM_DOTS.pitch;
}

/** The bars of a FIM pattern, position 1 at `x`, tops at `y`. */
export function fimBarRects(kind: FimKind, x: number, y: number): DotRect[] {
  const pattern = FIM_PATTERNS[kind];
  const rects: DotRect[] = [];
  for (let i = 0; i < pattern.length; i++) {
    if (pattern.charAt(i) === '1') rects.push({ x: x + i * FIM_DOTS.pitch, y, width: FIM_DOTS.barWidth, height: FIM_DOTS.height });
  }
  return rects;
}
