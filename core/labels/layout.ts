/**
 * Where everything goes on each sheet, in printer dots at 203 dpi. Both
 * renderers draw from this one layout (ZPL directly, the PDF scaled by
 * 72/203 pt per dot), so a 4x6 label looks the same from a Zebra and from an
 * office printer, bar for bar.
 *
 * Sheets:
 * - `label-4x6`: 4 x 6 in thermal label, 812 x 1218 dots (ZPL and PDF).
 * - `label-4x2`: the letter-mailer on a thermal printer: a 4 x 2 in label,
 *   812 x 406 dots, stuck on the letter-size DVD mailer. A 4-inch Zebra head
 *   cannot print a #10 envelope or a Letter page, and a 4-inch insert would
 *   slide about in a 9.5-inch envelope, so the thermal letter-mailer is an
 *   address label, not a window insert.
 * - `letter-page`: the letter-mailer from an office printer (PDF): a US
 *   Letter page (8.5 x 11 in, 1726 x 2233 dots), letter-folded in three and
 *   put in a #10 double-window envelope. Standard #10 windows: return window
 *   about 0.5 in from the left and top edges; address window 4.5 x 1.125 in,
 *   7/8 in from the left and 1/2 in from the bottom of the 9.5 x 4.125 in
 *   envelope. With the folded sheet centred, the address window shows about
 *   x 0.4-4.9 in, y 2.0-3.2 in of the page, so the address block (with the
 *   IMb) sits at x 1.0 in, y 2.125-3.2 in. The packer's part (order barcode,
 *   disc) goes on the middle third, inside the fold.
 *
 * Address block rules applied everywhere: the IMb is printed below the last
 * line (DMM 202.5 lets it sit in the address block, at least 0.028 in from
 * the lines around it and no more than 5/8 in from them), with USPS-B-3200
 * clear zones kept free, and the last line is always the last text line
 * of the block (Pub 28 §2).
 */
import { formatTrackingDigits, imbBars } from '../postal';
import { IMB_DOTS, IMB_WIDTH_DOTS } from './imb-geometry';
import type { AddressBlock, LabelData, LabelLayoutName } from './label-data';

export type SheetName = 'label-4x6' | 'label-4x2' | 'letter-page';

export interface Sheet {
  name: SheetName;
  widthDots: number;
  heightDots: number;
}

export const SHEETS: Readonly<Record<SheetName, Sheet>> = {
  'label-4x6': { name: 'label-4x6', widthDots: 812, heightDots: 1218 },
  'label-4x2': { name: 'label-4x2', widthDots: 812, heightDots: 406 },
  'letter-page': { name: 'letter-page', widthDots: 1726, heightDots: 2233 },
};

/** Which sheet a layout prints on from a thermal (ZPL) printer. */
export const THERMAL_SHEET: Readonly<Record<LabelLayoutName, SheetName>> = {
  '4x6': 'label-4x6',
  'letter-mailer': 'label-4x2',
};

/** Which sheet a layout prints on as a PDF (office printer or file). */
export const PDF_SHEET: Readonly<Record<LabelLayoutName, SheetName>> = {
  '4x6': 'label-4x6',
  'letter-mailer': 'letter-page',
};

export type TextRole = 'return' | 'banner' | 'caption' | 'delivery' | 'imb-digits' | 'order' | 'disc';

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

export type LayoutElement = TextElement | BoxElement | ImbElement | Code128Element;

export interface LabelLayout {
  sheet: Sheet;
  elements: LayoutElement[];
}

/** Banner text: the mail class in capitals (DMM markings are customarily printed so). */
export function bannerText(label: LabelData): string {
  return label.mailClass.toUpperCase();
}

function blockLines(block: AddressBlock): string[] {
  return [block.name, ...(block.secondaryLine !== undefined ? [block.secondaryLine] : []), block.deliveryLine, block.lastLine];
}

function discText(label: LabelData): string | null {
  if (!label.disc) return null;
  return label.disc.title === '' ? `DISC ${label.disc.barcode}` : `DISC ${label.disc.barcode}  ${label.disc.title}`;
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

/**
 * The address block with its IMb underneath, starting at (x, y); returns the
 * elements and the y just below the human-readable tracking digits.
 */
function addressBlock(
  label: LabelData,
  x: number,
  y: number,
  fontHeight: number,
  pitch: number,
  digitsHeight: number,
  maxWidth: number,
): { elements: LayoutElement[]; bottom: number } {
  const values = blockLines(label.deliveryAddress);
  const elements: LayoutElement[] = lines(x, y, pitch, values, { role: 'delivery', height: fontHeight, maxWidth, bold: true });
  const lastBottom = y + (values.length - 1) * pitch + fontHeight;
  // DMM 202.5: at least 0.028 in (6 dots) between the IMb and the line above; 12 leaves room for descenders.
  const barsTop = lastBottom + 2 * IMB_DOTS.clearZoneY;
  elements.push({ kind: 'imb', x, y: barsTop, bars: imbBars(label.imb.tracking, label.imb.routing) });
  const digitsTop = barsTop + IMB_DOTS.fullHeight + 2 * IMB_DOTS.clearZoneY;
  elements.push(text(x, digitsTop, formatTrackingDigits(label.imb.tracking, label.imb.routing), { role: 'imb-digits', height: digitsHeight, maxWidth: Math.max(maxWidth, IMB_WIDTH_DOTS) }));
  return { elements, bottom: digitsTop + digitsHeight };
}

function layout4x6(label: LabelData): LayoutElement[] {
  const { widthDots: W } = SHEETS['label-4x6'];
  const margin = 30;
  const e: LayoutElement[] = [];
  e.push(...lines(margin, 30, 28, blockLines(label.returnAddress), { role: 'return', height: 24, maxWidth: 480 }));
  e.push({ kind: 'box', x: 0, y: 180, width: W, height: 4 });
  e.push(text(margin, 200, bannerText(label), { role: 'banner', height: 56, maxWidth: W - 2 * margin, bold: true, align: 'center' }));
  e.push({ kind: 'box', x: 0, y: 276, width: W, height: 4 });
  e.push(text(margin, 306, 'SHIP TO:', { role: 'caption', height: 22, maxWidth: 200 }));
  // x = 70: well clear of the 0.125 in IMb clear zone (26 dots) and the label edge.
  const block = addressBlock(label, 70, 346, 40, 48, 22, W - 70 - margin);
  e.push(...block.elements);
  e.push({ kind: 'box', x: 0, y: 760, width: W, height: 4 });
  e.push(text(margin, 790, 'ORDER', { role: 'caption', height: 22, maxWidth: 200 }));
  const barcodeWidth = W - 70 - margin;
  e.push({ kind: 'code128', x: 70, y: 825, height: 120, moduleWidth: code128Module(label.orderNumber, barcodeWidth, 3), text: label.orderNumber });
  e.push(text(70, 955, label.orderNumber, { role: 'order', height: 28, maxWidth: barcodeWidth }));
  const disc = discText(label);
  if (disc !== null) e.push(text(margin, 1170, disc, { role: 'disc', height: 22, maxWidth: W - 2 * margin }));
  return e;
}

function layout4x2(label: LabelData): LayoutElement[] {
  const { widthDots: W } = SHEETS['label-4x2'];
  const e: LayoutElement[] = [];
  e.push(...lines(20, 16, 23, blockLines(label.returnAddress), { role: 'return', height: 20, maxWidth: 400 }));
  e.push(text(440, 16, bannerText(label), { role: 'banner', height: 26, maxWidth: W - 440 - 20, bold: true, align: 'center' }));
  const barcodeWidth = W - 470 - 20;
  e.push({ kind: 'code128', x: 470, y: 52, height: 50, moduleWidth: code128Module(label.orderNumber, barcodeWidth, 2), text: label.orderNumber });
  e.push(text(470, 108, label.orderNumber, { role: 'order', height: 20, maxWidth: barcodeWidth }));
  const block = addressBlock(label, 60, 140, 28, 32, 18, W - 60 - 20);
  e.push(...block.elements);
  const disc = discText(label);
  if (disc !== null) e.push(text(20, 378, disc, { role: 'disc', height: 18, maxWidth: W - 40 }));
  return e;
}

function layoutLetterPage(label: LabelData): LayoutElement[] {
  const inch = 203;
  const e: LayoutElement[] = [];
  // Return window of a #10 double-window envelope: 0.5 in from the left and top.
  e.push(...lines(Math.round(0.5 * inch), Math.round(0.5 * inch), 28, blockLines(label.returnAddress), { role: 'return', height: 24, maxWidth: Math.round(3.25 * inch) }));
  // Address window: the mail class marking just above the address (DMM 202 allows markings above the address).
  const x = inch;
  const top = Math.round(2.125 * inch);
  const maxWidth = Math.round(3.375 * inch);
  e.push(text(x, top, bannerText(label), { role: 'banner', height: 22, maxWidth, bold: true }));
  const block = addressBlock(label, x, top + 30, 28, 32, 18, maxWidth);
  e.push(...block.elements);
  // Fold guides at the thirds of the page, in the margin only.
  for (const fold of [Math.round((11 / 3) * inch), Math.round((22 / 3) * inch)]) {
    e.push({ kind: 'box', x: 0, y: fold, width: 40, height: 2 });
    e.push({ kind: 'box', x: SHEETS['letter-page'].widthDots - 40, y: fold, width: 40, height: 2 });
  }
  // Packer's part on the middle third, inside the fold.
  const packTop = Math.round(4.25 * inch);
  e.push(text(x, packTop, 'ORDER', { role: 'caption', height: 24, maxWidth: 400 }));
  const barcodeWidth = Math.round(4 * inch);
  e.push({ kind: 'code128', x, y: packTop + 36, height: 120, moduleWidth: code128Module(label.orderNumber, barcodeWidth, 3), text: label.orderNumber });
  e.push(text(x, packTop + 166, label.orderNumber, { role: 'order', height: 28, maxWidth: barcodeWidth }));
  const disc = discText(label);
  if (disc !== null) e.push(text(x, packTop + 220, disc, { role: 'disc', height: 24, maxWidth: Math.round(6.5 * inch) }));
  return e;
}

/** Lay a label out on a sheet. `label` must already satisfy `LabelDataSchema`. */
export function layoutLabel(label: LabelData, sheet: SheetName): LabelLayout {
  switch (sheet) {
    case 'label-4x6':
      return { sheet: SHEETS[sheet], elements: layout4x6(label) };
    case 'label-4x2':
      return { sheet: SHEETS[sheet], elements: layout4x2(label) };
    case 'letter-page':
      return { sheet: SHEETS[sheet], elements: layoutLetterPage(label) };
  }
}
