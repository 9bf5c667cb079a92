/**
 * ZPL II for 203-dpi Zebra printers (8 dots/mm), generated from the shared
 * layout. Same label in, same bytes out: no dates, no counters.
 *
 * References are to the Zebra "ZPL II Programming Guide":
 * - ^XA/^XZ start and end a format; ^PW print width and ^LL label length in
 *   dots; ^LH0,0 puts the origin at the label's top-left corner; ^CI0 pins
 *   code page USA1 so a printer left in another ^CI maps nothing differently.
 * - ^FO field origin, ^A0N,h,w the scalable font 0 (h and w in dots), ^FD
 *   field data, ^FS field separator; ^FB (field block) centres the banner.
 * - ^FH_ makes "_" + two hex digits stand for a byte inside the following
 *   ^FD. Every piece of data goes through it, with "^", "~", "_" and "\"
 *   written as hex, so text a customer typed can never start a command
 *   (^XZ ends the format early, ~JA cancels every queued label; tilde
 *   commands act the moment the printer reads them).
 * - ^GBw,h,t draws a box; a thickness equal to the smaller side fills it.
 *   The IMb is drawn as 65 such boxes at USPS-B-3200 dimensions (see
 *   imb-geometry.ts) rather than with a printer barcode command, so every
 *   printer prints the same bars.
 * - ^BY sets the Code 128 narrow bar width; ^BCN,h,N,N,N,A prints Code 128
 *   in automatic subset mode without the printer's own interpretation line
 *   (the order number is printed as ordinary text under it instead).
 * - ^FX is a comment; the IMb block is bracketed by ^FXIMB-BEGIN/^FXIMB-END
 *   so a test (or a person reading a job) can find the 65 bars.
 */
import { imbBarRects } from './imb-geometry';
import { LabelDataSchema, type LabelData } from './label-data';
import { THERMAL_SHEET, layoutLabel, type LabelLayout, type LayoutElement, type TextElement } from './layout';

/** The ^FH indicator: "_" followed by two hex digits in ^FD data. */
export const ZPL_HEX_INDICATOR = '_';

/**
 * Field data safe inside `^FH_^FD...^FS`: the command prefixes "^" and "~",
 * the hex indicator itself and the ^FB escape "\" become hex escapes;
 * control characters become spaces and anything outside ASCII "?" (the
 * schema already keeps both out; this is the second lock on the door).
 */
export function escapeZplFieldData(value: string): string {
  let out = '';
  for (const ch of value) {
    const code = ch.codePointAt(0) ?? 0x3f;
    if (ch === '^' || ch === '~' || ch === ZPL_HEX_INDICATOR || ch === '\\') {
      out += `${ZPL_HEX_INDICATOR}${code.toString(16).toUpperCase().padStart(2, '0')}`;
    } else if (code < 0x20 || code === 0x7f) {
      out += ' ';
    } else if (code > 0x7e) {
      out += '?';
    } else {
      out += ch;
    }
  }
  return out;
}

/**
 * Font 0 (CG Triumvirate Bold Condensed) averages a little under 0.6 of its
 * width parameter per capital; 0.62 errs towards narrowing a line early
 * rather than running it off the label.
 */
const FONT0_ADVANCE = 0.62;
/** Below this a 203-dpi character stops being legible to a carrier. */
const MIN_FONT_WIDTH = 14;

/** ^A0 width for a line: the layout's height, narrowed (never shortened) until it fits `maxWidth`. */
export function zplFontWidth(element: Pick<TextElement, 'height' | 'maxWidth' | 'text'>): number {
  const fit = Math.floor(element.maxWidth / (Math.max(1, element.text.length) * FONT0_ADVANCE));
  return Math.max(MIN_FONT_WIDTH, Math.min(element.height, fit));
}

function textField(element: TextElement): string {
  const width = zplFontWidth(element);
  const font = `^A0N,${element.height},${width}`;
  const data = `^FH${ZPL_HEX_INDICATOR}^FD${escapeZplFieldData(element.text)}^FS`;
  if (element.align === 'center') {
    // ^FBwidth,lines,spacing,justification: one line, centred across maxWidth.
    return `^FO${element.x},${element.y}${font}^FB${element.maxWidth},1,0,C,0${data}`;
  }
  return `^FO${element.x},${element.y}${font}${data}`;
}

function box(x: number, y: number, width: number, height: number): string {
  return `^FO${x},${y}^GB${width},${height},${Math.min(width, height)}^FS`;
}

function renderElement(element: LayoutElement): string[] {
  switch (element.kind) {
    case 'text':
      return [textField(element)];
    case 'box':
      return [box(element.x, element.y, element.width, element.height)];
    case 'imb':
      return [
        '^FXIMB-BEGIN USPS-B-3200 65 bars',
        ...imbBarRects(element.bars, element.x, element.y).map((r) => box(r.x, r.y, r.width, r.height)),
        '^FXIMB-END',
      ];
    case 'code128':
      return [
        `^FO${element.x},${element.y}^BY${element.moduleWidth}^BCN,${element.height},N,N,N,A^FH${ZPL_HEX_INDICATOR}^FD${escapeZplFieldData(element.text)}^FS`,
      ];
  }
}

/** ZPL for an already laid-out label. */
export function renderLayoutZpl(layout: LabelLayout): string {
  const out = ['^XA', '^CI0', `^PW${layout.sheet.widthDots}`, `^LL${layout.sheet.heightDots}`, '^LH0,0'];
  for (const element of layout.elements) out.push(...renderElement(element));
  out.push('^PQ1', '^XZ');
  return `${out.join('\n')}\n`;
}

/**
 * One label as ZPL: 4x6 on ^PW812 ^LL1218, letter-mailer on a 4 x 2 in
 * label ^PW812 ^LL406 (see layout.ts for why). Throws a ZodError when the
 * label does not satisfy `LabelDataSchema`.
 */
export function renderZpl(label: LabelData): string {
  const checked = LabelDataSchema.parse(label);
  return renderLayoutZpl(layoutLabel(checked, THERMAL_SHEET[checked.layout]));
}
