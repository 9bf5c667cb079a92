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
 * - GS1-128 (the IMpb) is ^BC in no-mode (N) with explicit invocation codes:
 *   ">;" starts in subset C and ">8" is FNC1, written before each element
 *   string (FNC1 in first position makes it GS1-128; the next one ends the
 *   variable-length AI 420). All its data are digits in even counts.
 * - ^FX is a comment; the IMb block is bracketed by ^FXIMB-BEGIN/^FXIMB-END
 *   and the FIM by ^FXFIM-BEGIN/^FXFIM-END so a test (or a person reading a
 *   job) can find the bars.
 * - A letter prints two formats in one job: the outbound label, then the
 *   Business Reply label.
 */
import { fimBarRects } from './fim-geometry';
import { imbBarRects } from './imb-geometry';
import { checkedLabel, type LabelData } from './label-data';
import { layoutLabel, type LabelLayout, type LayoutElement, type PanelLayout, type TextElement } from './layout';

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
    case 'gs1-128': {
      for (const [ai, data] of element.parts) {
        if (!/^[0-9]+$/.test(ai + data) || (ai + data).length % 2 !== 0) throw new Error(`GS1-128 part (${ai})${data} must be digits of even length`);
      }
      const data = `>;${element.parts.map(([ai, value]) => `>8${ai}${value}`).join('')}`;
      return [`^FO${element.x},${element.y}^BY${element.moduleWidth}^BCN,${element.height},N,N,N,N^FD${data}^FS`];
    }
    case 'fim':
      return ['^FXFIM-BEGIN DMM 708.9 FIM ' + element.fim, ...fimBarRects(element.fim, element.x, element.y).map((r) => box(r.x, r.y, r.width, r.height)), '^FXFIM-END'];
  }
}

/** ZPL for one laid-out panel: one ^XA...^XZ format. */
export function renderPanelZpl(panel: PanelLayout): string {
  const out = ['^XA', '^CI0', `^PW${panel.sheet.widthDots}`, `^LL${panel.sheet.heightDots}`, '^LH0,0', `^FX${panel.panel}`];
  for (const element of panel.elements) out.push(...renderElement(element));
  out.push('^PQ1', '^XZ');
  return `${out.join('\n')}\n`;
}

/** ZPL for an already laid-out label: one format per panel. */
export function renderLayoutZpl(layout: LabelLayout): string {
  return layout.panels.map(renderPanelZpl).join('');
}

/**
 * A label as ZPL: a parcel is one 4 x 6 in format (^PW812 ^LL1218); a letter
 * is two 4 x 4 in formats (^PW812 ^LL812), outbound then reply. Throws a
 * ZodError when the label does not satisfy `LabelDataSchema`.
 */
export function renderZpl(label: LabelData): string {
  return renderLayoutZpl(layoutLabel(checkedLabel(label)));
}
