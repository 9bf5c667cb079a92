/**
 * Where everything goes on each panel, in printer dots at 203 dpi. Both
 * renderers draw from this one layout (ZPL directly, the PDF scaled by 72/203
 * pt per dot), so a panel looks the same from a Zebra and from a PDF label
 * printer, bar for bar.
 *
 * Panels (a label is one or two panels; ZPL prints one format per panel, the
 * PDF one page per panel):
 * - `letter-outbound` (4 x 4 in label, 812 x 812 dots): applied flush with
 *   the top right corner of the outbound face of the DVD mailer (a letter
 *   5 to 5-1/4 in high). Sender block upper left; permit imprint indicia in the
 *   upper right (DMM 604.5.3: upper right of the piece, which the label's
 *   corner is); the endorsement directly below the sender block (DMM
 *   507.1.5.2, first of the allowed positions); the delivery address from
 *   2.5 in down, so on a 5-1/4 in mailer it sits inside the OCR read area
 *   (5/8 in to 2-3/4 in above the bottom edge, DMM 202.2) and above the
 *   barcode clear zone; its IMb directly under the last line (USPS-B-3200
 *   §2.3 clear zones kept).
 * - `letter-reply` (4 x 4 in, flush with the top right corner of the
 *   return flap): FIM C at the top edge, its rightmost bar 2 in from the
 *   right edge, clear of everything from 1-3/4 to 3 in (DMM 708.9); "NO
 *   POSTAGE NECESSARY ..." boxed in the upper right with the horizontal bars
 *   right below it; the BRM legend between rules, the permit line and
 *   "POSTAGE WILL BE PAID BY ADDRESSEE" above the address; the address with
 *   the BRM ZIP+4 and its IMb placed like the outbound address (DMM 505.1).
 * - `parcel` (4 x 6 in, USPS Parcel Labeling Guide): sender block and
 *   indicia at the top, the endorsement under the sender, the service banner
 *   between rules, "SHIP TO:" and the address, the IMpb segment between
 *   heavy rules ("USPS TRACKING #", the GS1-128, the tracking number in
 *   groups of four), then the order number for our own scanners.
 *
 * Text height: everything USPS reads is at least 8 point (22.5 dots): the
 * endorsement (DMM 507.1.5.2) and the address; the BRM legend at least 3/16
 * in (38 dots).
 */
import { BRM_TEXT, formatImpbTracking, formatTrackingDigits, imbBars } from '../postal';
import { FIM_DOTS, fimLeft } from './fim-geometry';
import { IMB_DOTS, IMB_WIDTH_DOTS } from './imb-geometry';
import type { AddressBlock, ImbData, LabelData, LetterLabel, ParcelLabel } from './label-data';

export type SheetName = 'label-4x4' | 'label-4x6';

export interface Sheet {
  name: SheetName;
  widthDots: number;
  heightDots: number;
}

export const SHEETS: Readonly<Record<SheetName, Sheet>> = {
  'label-4x4': { name: 'label-4x4', widthDots: 812, heightDots: 812 },
  'label-4x6': { name: 'label-4x6', widthDots: 812, heightDots: 1218 },
};

export type PanelName = 'letter-outbound' | 'letter-reply' | 'parcel';

export type TextRole =
  | 'sender'
  | 'indicia'
  | 'endorsement'
  | 'banner'
  | 'caption'
  | 'delivery'
  | 'imb-digits'
  | 'order'
  | 'brm-legend'
  | 'brm-permit'
  | 'brm-postage-paid'
  | 'brm-no-postage'
  | 'reply-address'
  | 'tracking-caption'
  | 'tracking-digits';

export interface TextElement {
  kind: 'text';
  role: TextRole;
  x: number;
  /** Top of the text cell. */
  y: number;
  /** Font cell height in dots: ZPL ^A0 height; the PDF uses the same height in points. */
  height: number;
  /** The renderer narrows the font until the text fits this width. */
  maxWidth: number;
  align: 'left' | 'center';
  bold: boolean;
  text: string;
}

export interface BoxElement {
  kind: 'box';
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface ImbElement {
  kind: 'imb';
  /** Left edge of bar 1 and top of the full bars. */
  x: number;
  y: number;
  bars: string;
  /** What the bars encode, for readers of a layout (tests, the sample renderer). */
  tracking: string;
  routing: string;
}

export interface Code128Element {
  kind: 'code128';
  x: number;
  y: number;
  height: number;
  /** Narrow bar width in dots (ZPL ^BY). */
  moduleWidth: number;
  text: string;
}

/** GS1-128: Code 128 with FNC1 in first position and before each element string. Every part is digits of even length. */
export interface Gs1128Element {
  kind: 'gs1-128';
  x: number;
  y: number;
  height: number;
  moduleWidth: number;
  /** [application identifier, data], e.g. ['420', '951121234'], ['92', '05531415...']. */
  parts: readonly (readonly [string, string])[];
}

export interface FimElement {
  kind: 'fim';
  fim: 'C';
  /** Left edge of bar position 1, top of the bars. */
  x: number;
  y: number;
}

export type LayoutElement = TextElement | BoxElement | ImbElement | Code128Element | Gs1128Element | FimElement;

export interface PanelLayout {
  panel: PanelName;
  sheet: Sheet;
  elements: LayoutElement[];
}

export interface LabelLayout {
  panels: PanelLayout[];
}

/** The GS1 element strings of an IMpb: AI 420 + ZIP, then the tracking number (its first two digits are the channel AI). */
export function impbParts(impb: ParcelLabel['impb']): [readonly [string, string], readonly [string, string]] {
  return [
    [impb.routing.slice(0, 3), impb.routing.slice(3)],
    [impb.tracking.slice(0, 2), impb.tracking.slice(2)],
  ];
}

/** Width of a GS1-128 in modules, all in subset C: start, FNC1 + digit pairs per part, check, stop. */
export function gs1128Modules(parts: readonly (readonly [string, string])[]): number {
  const symbols = 1 + parts.reduce((n, [ai, data]) => n + 1 + (ai.length + data.length) / 2, 0) + 1;
  return symbols * 11 + 13;
}

function blockLines(block: AddressBlock): string[] {
  return [block.name, ...(block.secondaryLine !== undefined ? [block.secondaryLine] : []), block.deliveryLine, block.lastLine];
}

/**
 * Widest Code 128 module that keeps the symbol inside `maxWidth`, judged on
 * the worst case (every character in subset B: start + data + check = 11
 * modules each, stop = 13), so the printer's own subset choice can only make
 * it narrower.
 */
function code128Module(text: string, maxWidth: number, preferred: number): number {
  const modules = 11 * (text.length + 2) + 13;
  return Math.max(1, Math.min(preferred, Math.floor(maxWidth / modules)));
}

interface TextSpec {
  role: TextRole;
  height: number;
  maxWidth: number;
  bold?: boolean;
  align?: 'left' | 'center';
}

function text(x: number, y: number, value: string, spec: TextSpec): TextElement {
  return { kind: 'text', role: spec.role, x, y, height: spec.height, maxWidth: spec.maxWidth, align: spec.align ?? 'left', bold: spec.bold ?? false, text: value };
}

function lines(x: number, y: number, pitch: number, values: readonly string[], spec: TextSpec): TextElement[] {
  return values.map((value, i) => text(x, y + i * pitch, value, spec));
}

/** A rectangle outline of `stroke` dots. */
function frame(x: number, y: number, width: number, height: number, stroke: number): BoxElement[] {
  return [
    { kind: 'box', x, y, width, height: stroke },
    { kind: 'box', x, y: y + height - stroke, width, height: stroke },
    { kind: 'box', x, y, width: stroke, height },
    { kind: 'box', x: x + width - stroke, y, width: stroke, height },
  ];
}

/** The permit imprint indicia, boxed, its right edge `right` dots in. */
function indicia(label: LabelData, right: number, top: number): LayoutElement[] {
  const width = 232;
  const x = right - width;
  const pitch = 30;
  const e: LayoutElement[] = frame(x, top, width, 4 * pitch + 24, 3);
  e.push(...lines(x + 8, top + 12, pitch, label.indicia, { role: 'indicia', height: 23, maxWidth: width - 16, align: 'center', bold: true }));
  return e;
}

/** Sender block and the endorsement directly below it; returns the y below them. */
function senderAndEndorsement(label: LabelData, x: number, y: number, maxWidth: number): { elements: LayoutElement[]; bottom: number } {
  const values = blockLines(label.sender);
  const pitch = 27;
  const elements: LayoutElement[] = lines(x, y, pitch, values, { role: 'sender', height: 23, maxWidth });
  let bottom = y + (values.length - 1) * pitch + 23;
  if (label.endorsement !== null) {
    // DMM 507.1.5.2: directly below the return address, with clear space around it.
    elements.push(text(x, bottom + 22, label.endorsement, { role: 'endorsement', height: 25, maxWidth, bold: true }));
    bottom += 22 + 25;
  }
  return { elements, bottom };
}

/** An address block with its IMb and the human-readable digits under it. */
function addressWithImb(block: AddressBlock, imb: ImbData, role: TextRole, x: number, y: number, maxWidth: number): LayoutElement[] {
  const values = blockLines(block);
  const fontHeight = 30;
  const pitch = 36;
  const elements: LayoutElement[] = lines(x, y, pitch, values, { role, height: fontHeight, maxWidth, bold: true });
  const lastBottom = y + (values.length - 1) * pitch + fontHeight;
  // DMM 202.5: at least 0.028 in (6 dots) between the IMb and the line above; 12 leaves room for descenders.
  const barsTop = lastBottom + 2 * IMB_DOTS.clearZoneY;
  elements.push({ kind: 'imb', x, y: barsTop, bars: imbBars(imb.tracking, imb.routing), tracking: imb.tracking, routing: imb.routing });
  const digitsTop = barsTop + IMB_DOTS.fullHeight + 2 * IMB_DOTS.clearZoneY;
  elements.push(text(x, digitsTop, formatTrackingDigits(imb.tracking, imb.routing), { role: 'imb-digits', height: 20, maxWidth: Math.max(maxWidth, IMB_WIDTH_DOTS) }));
  return elements;
}

/** 2.5 in: the address block's top on a 4 x 4 in letter panel (see the header: OCR read area). */
const LETTER_ADDRESS_TOP = 508;
/** 0.3 in from the panel's left edge: clear of the IMb's 0.125 in clear zone; 0.5 in kept on the right (OCR read area). */
const LETTER_ADDRESS_X = 60;
const LETTER_ADDRESS_MAX_WIDTH = 812 - LETTER_ADDRESS_X - 102;

function letterOutbound(label: LetterLabel): LayoutElement[] {
  const { widthDots: W } = SHEETS['label-4x4'];
  const e: LayoutElement[] = [];
  e.push(...indicia(label, W - 20, 12));
  e.push(...senderAndEndorsement(label, 20, 16, W - 20 - 232 - 40).elements);
  e.push(...addressWithImb(label.deliveryAddress, label.imb, 'delivery', LETTER_ADDRESS_X, LETTER_ADDRESS_TOP, LETTER_ADDRESS_MAX_WIDTH));
  return e;
}

function letterReply(label: LetterLabel): LayoutElement[] {
  const { widthDots: W } = SHEETS['label-4x4'];
  const e: LayoutElement[] = [];
  // FIM C at the top edge (DMM 708.9), rightmost bar 2 in from the right edge.
  e.push({ kind: 'fim', fim: 'C', x: fimLeft(W), y: 0 });
  // "NO POSTAGE NECESSARY IF MAILED IN THE UNITED STATES", boxed, upper right, right of the FIM clear zone.
  const boxWidth = 220;
  const boxX = W - 16 - boxWidth;
  const pitch = 25;
  e.push(...frame(boxX, 8, boxWidth, BRM_TEXT.noPostage.length * pitch + 18, 3));
  e.push(...lines(boxX + 8, 17, pitch, BRM_TEXT.noPostage, { role: 'brm-no-postage', height: 22, maxWidth: boxWidth - 16, align: 'center', bold: true }));
  // Horizontal bars right below it: uniform, parallel to the length (DMM 505.1).
  const barsTop = 8 + BRM_TEXT.noPostage.length * pitch + 18 + 16;
  for (let i = 0; i < 6; i++) e.push({ kind: 'box', x: boxX, y: barsTop + i * 36, width: boxWidth, height: 19 });
  // The legend between rules, below the FIM's clear zone, left of the bars.
  const left = 20;
  const legendWidth = boxX - left - 24;
  const legendTop = FIM_DOTS.clearZoneDepth + 24;
  e.push({ kind: 'box', x: left, y: legendTop, width: legendWidth, height: 4 });
  e.push(text(left, legendTop + 14, BRM_TEXT.legend, { role: 'brm-legend', height: 42, maxWidth: legendWidth, bold: true }));
  e.push(text(left, legendTop + 66, label.reply.permitLine, { role: 'brm-permit', height: 24, maxWidth: legendWidth, bold: true }));
  e.push({ kind: 'box', x: left, y: legendTop + 102, width: legendWidth, height: 4 });
  e.push(text(left, legendTop + 124, BRM_TEXT.postagePaid, { role: 'brm-postage-paid', height: 24, maxWidth: legendWidth }));
  e.push(...addressWithImb(label.reply.address, label.reply.imb, 'reply-address', LETTER_ADDRESS_X, LETTER_ADDRESS_TOP, LETTER_ADDRESS_MAX_WIDTH));
  return e;
}

/** X-dimension 3 dots = 0.0148 in, inside Pub 199's 0.013-0.021 in; height 0.8 in (at least 0.75 in). */
const IMPB_MODULE = 3;
const IMPB_HEIGHT = 163;

function parcel(label: ParcelLabel): LayoutElement[] {
  const { widthDots: W } = SHEETS['label-4x6'];
  const margin = 20;
  const e: LayoutElement[] = [];
  e.push(...indicia(label, W - margin, 12));
  e.push(...senderAndEndorsement(label, margin, 16, W - margin - 232 - 40).elements);
  // Service banner between rules (Parcel Labeling Guide 2.2.2).
  e.push({ kind: 'box', x: 0, y: 180, width: W, height: 6 });
  e.push(text(margin, 198, `USPS ${label.mailClass.toUpperCase()}`, { role: 'banner', height: 56, maxWidth: W - 2 * margin, bold: true, align: 'center' }));
  e.push({ kind: 'box', x: 0, y: 268, width: W, height: 6 });
  e.push(text(margin, 296, 'SHIP TO:', { role: 'caption', height: 22, maxWidth: 200 }));
  const values = blockLines(label.deliveryAddress);
  e.push(...lines(70, 336, 46, values, { role: 'delivery', height: 40, maxWidth: W - 70 - margin, bold: true }));
  // IMpb segment between heavy rules (Pub 199; Parcel Labeling Guide 2.4).
  const segmentTop = 630;
  e.push({ kind: 'box', x: 0, y: segmentTop, width: W, height: 8 });
  e.push(text(margin, segmentTop + 22, 'USPS TRACKING #', { role: 'tracking-caption', height: 30, maxWidth: W - 2 * margin, bold: true, align: 'center' }));
  const parts = impbParts(label.impb);
  const width = gs1128Modules(parts) * IMPB_MODULE;
  const barcodeTop = segmentTop + 70;
  e.push({ kind: 'gs1-128', x: Math.floor((W - width) / 2), y: barcodeTop, height: IMPB_HEIGHT, moduleWidth: IMPB_MODULE, parts });
  e.push(text(margin, barcodeTop + IMPB_HEIGHT + 16, formatImpbTracking(label.impb.tracking), { role: 'tracking-digits', height: 30, maxWidth: W - 2 * margin, bold: true, align: 'center' }));
  const segmentBottom = barcodeTop + IMPB_HEIGHT + 66;
  e.push({ kind: 'box', x: 0, y: segmentBottom, width: W, height: 8 });
  // Our own reference, well below the IMpb: the order number for the packing line's scanners.
  e.push(text(margin, segmentBottom + 30, 'ORDER', { role: 'caption', height: 22, maxWidth: 200 }));
  const barcodeWidth = W - 70 - margin;
  e.push({ kind: 'code128', x: 70, y: segmentBottom + 62, height: 80, moduleWidth: code128Module(label.orderNumber, barcodeWidth, 2), text: label.orderNumber });
  e.push(text(70, segmentBottom + 152, label.orderNumber, { role: 'order', height: 26, maxWidth: barcodeWidth }));
  return e;
}

/** Lay a label out on its panels. `label` must already satisfy `LabelDataSchema`. */
export function layoutLabel(label: LabelData): LabelLayout {
  if (label.piece === 'parcel') return { panels: [{ panel: 'parcel', sheet: SHEETS['label-4x6'], elements: parcel(label) }] };
  return {
    panels: [
      { panel: 'letter-outbound', sheet: SHEETS['label-4x4'], elements: letterOutbound(label) },
      { panel: 'letter-reply', sheet: SHEETS['label-4x4'], elements: letterReply(label) },
    ],
  };
}
