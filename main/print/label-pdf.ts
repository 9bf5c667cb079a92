/**
 * A label as PDF, for a PDF label printer (Electron print) or a PDF file
 * printer. Drawn from the same layout as the ZPL (core/labels/layout.ts),
 * scaled from 203-dpi dots to points (72/203 pt per dot), one page per panel,
 * so a PDF label matches the thermal one bar for bar:
 * - parcel: one 4 x 6 in page (288 x 432 pt);
 * - letter: two 4 x 4 in pages (288 x 288 pt), the outbound label and the
 *   Business Reply label.
 * Text is real PDF text in the built-in Helvetica (no font files to ship, and
 * the address and tracking digits can be searched and read back). Every bar
 * is a vector rectangle at its exact size in dots: the IMb and the FIM at
 * their USPS sizes, Code 128 and GS1-128 from bwip-js's encoding (its bar
 * and space widths in modules) times the layout's module width. A raster
 * could be resampled by the printer driver and move bars across their
 * tolerances.
 */
// The Node build explicitly: the package's bare import picks it only under the "node" condition, which TypeScript's bundler resolution does not set.
import bwipjs from 'bwip-js/node';
import PDFDocument from 'pdfkit';
import {
  DOTS_PER_INCH,
  checkedLabel,
  fimBarRects,
  imbBarRects,
  layoutLabel,
  type Code128Element,
  type Gs1128Element,
  type LabelData,
  type LabelLayout,
  type TextElement,
} from '../../core/labels';

/** Points per printer dot. */
const PT = 72 / DOTS_PER_INCH;

/** Exact page sizes in points (the layout's dot sizes round to a fraction of a point). */
const PAGE_POINTS: Readonly<Record<LabelLayout['panels'][number]['sheet']['name'], [number, number]>> = {
  'label-4x4': [288, 288],
  'label-4x6': [288, 432],
};

export interface RenderLabelPdfOptions {
  /**
   * Flate-compress the content streams (pdfkit's default, and ours). Tests
   * read production output by inflating the streams, so they leave it on.
   */
  compress?: boolean;
}

function fontName(element: TextElement): string {
  return element.bold ? 'Helvetica-Bold' : 'Helvetica';
}

/** Font size in points: the layout's cell height, made smaller only if the line would overflow maxWidth. */
function fittedSize(doc: PDFKit.PDFDocument, element: TextElement): number {
  const size = element.height * PT;
  doc.font(fontName(element)).fontSize(size);
  const width = doc.widthOfString(element.text);
  const maxWidth = element.maxWidth * PT;
  return width <= maxWidth ? size : (size * maxWidth) / width;
}

function drawText(doc: PDFKit.PDFDocument, element: TextElement): void {
  const size = fittedSize(doc, element);
  doc.font(fontName(element)).fontSize(size);
  let x = element.x * PT;
  if (element.align === 'center') x += (element.maxWidth * PT - doc.widthOfString(element.text)) / 2;
  doc.fillColor('black').text(element.text, x, element.y * PT, { lineBreak: false });
}

/**
 * Bar and space widths, in modules, of a Code 128 or GS1-128 as bwip-js
 * encodes it (BWIPP: GS1 bracket notation puts FNC1 first and after the
 * variable-length AI 420), starting with a bar.
 */
export function barWidths(element: Code128Element | Gs1128Element): number[] {
  const options = element.kind === 'code128' ? { bcid: 'code128', text: element.text } : { bcid: 'gs1-128', text: element.parts.map(([ai, data]) => `(${ai})${data}`).join('') };
  const [symbol] = bwipjs.raw(options) as unknown as Array<{ sbs: number[] }>;
  if (!symbol) throw new Error(`bwip-js encoded nothing for ${options.text}`);
  return symbol.sbs;
}

function drawLinear(doc: PDFKit.PDFDocument, element: Code128Element | Gs1128Element): void {
  let x = element.x;
  barWidths(element).forEach((modules, i) => {
    const width = modules * element.moduleWidth;
    if (i % 2 === 0) doc.rect(x * PT, element.y * PT, width * PT, element.height * PT);
    x += width;
  });
  doc.fill('black');
}

/** Draw an already laid-out label into a new PDF, one page per panel. */
export async function renderLayoutPdf(layout: LabelLayout, opts: RenderLabelPdfOptions = {}): Promise<Buffer> {
  const first = layout.panels[0];
  if (!first) throw new Error('a label has at least one panel');
  const doc = new PDFDocument({
    size: PAGE_POINTS[first.sheet.name],
    margin: 0,
    autoFirstPage: true,
    compress: opts.compress ?? true,
    info: { Title: 'Backlot mailpiece label', Producer: 'Backlot', Creator: 'Backlot' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  layout.panels.forEach((panel, index) => {
    if (index > 0) doc.addPage({ size: PAGE_POINTS[panel.sheet.name], margin: 0 });
    for (const element of panel.elements) {
      switch (element.kind) {
        case 'text':
          drawText(doc, element);
          break;
        case 'box':
          doc.rect(element.x * PT, element.y * PT, element.width * PT, element.height * PT).fill('black');
          break;
        case 'imb':
          for (const bar of imbBarRects(element.bars, element.x, element.y)) doc.rect(bar.x * PT, bar.y * PT, bar.width * PT, bar.height * PT);
          doc.fill('black');
          break;
        case 'fim':
          for (const bar of fimBarRects(element.fim, element.x, element.y)) doc.rect(bar.x * PT, bar.y * PT, bar.width * PT, bar.height * PT);
          doc.fill('black');
          break;
        case 'code128':
        case 'gs1-128':
          drawLinear(doc, element);
          break;
      }
    }
  });
  doc.end();
  return done;
}

/**
 * A label as PDF pages: a parcel on one 4 x 6 in page, a letter on two
 * 4 x 4 in pages. Throws a ZodError for a label that fails `LabelDataSchema`.
 */
export async function renderLabelPdf(label: LabelData, opts: RenderLabelPdfOptions = {}): Promise<Buffer> {
  return renderLayoutPdf(layoutLabel(checkedLabel(label)), opts);
}
