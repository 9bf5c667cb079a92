/**
 * A label as PDF, for an office printer (Electron print) or a PDF file
 * printer. Drawn from the same layout as the ZPL (core/labels/layout.ts),
 * scaled from 203-dpi dots to points (72/203 pt per dot), so a 4x6 PDF
 * label matches the thermal one bar for bar:
 * - 4x6: a 4 x 6 in page (288 x 432 pt);
 * - letter-mailer: a US Letter page (612 x 792 pt) with the address block at
 *   the address window of a #10 double-window envelope (see layout.ts).
 * Text is real PDF text in the built-in Helvetica (no font files to ship, and
 * the address and tracking digits can be searched and read back). The IMb
 * is 65 vector rectangles at USPS-B-3200 §2.3.1 sizes: a raster could be
 * resampled by the printer driver and move bars across its tolerance.
 * Code 128 comes from bwip-js as a PNG rendered at exactly one image pixel
 * per printer dot, and is placed at that size.
 */
// The Node build explicitly: the package's bare import picks it only under the "node" condition, which TypeScript's bundler resolution does not set.
import bwipjs from 'bwip-js/node';
import PDFDocument from 'pdfkit';
import {
  DOTS_PER_INCH,
  LabelDataSchema,
  PDF_SHEET,
  imbBarRects,
  layoutLabel,
  type Code128Element,
  type LabelData,
  type LabelLayout,
  type TextElement,
} from '../../core/labels';

/** Points per printer dot. */
const PT = 72 / DOTS_PER_INCH;

/** Exact page sizes in points (the layout's dot sizes round to a fraction of a point). */
const PAGE_POINTS: Readonly<Record<LabelLayout['sheet']['name'], [number, number]>> = {
  'label-4x6': [288, 432],
  'label-4x2': [288, 144],
  'letter-page': [612, 792],
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

/** PNG width and height from its IHDR chunk (bytes 16-23, big-endian). */
function pngSize(png: Buffer): { width: number; height: number } {
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

async function code128Png(element: Code128Element): Promise<Buffer> {
  return bwipjs.toBuffer({
    bcid: 'code128',
    text: element.text,
    // bwip-js draws `scale` pixels per module; one pixel = one printer dot here.
    scale: element.moduleWidth,
    // bwip-js takes the height in millimetres at 72 units per inch, times `scale`
    // pixels per unit, and its bounding box counts both edge rows (one extra
    // pixel): asking for height - 1 pixels gives exactly `element.height` dots.
    height: (((element.height - 1) / element.moduleWidth) * 25.4) / 72,
    includetext: false,
    paddingwidth: 0,
    paddingheight: 0,
  });
}

/** Draw an already laid-out label into a new PDF. */
export async function renderLayoutPdf(layout: LabelLayout, opts: RenderLabelPdfOptions = {}): Promise<Buffer> {
  // Barcode images first: they are the only asynchronous part.
  const barcodes = new Map<Code128Element, Buffer>();
  for (const element of layout.elements) {
    if (element.kind === 'code128') barcodes.set(element, await code128Png(element));
  }

  const doc = new PDFDocument({
    size: PAGE_POINTS[layout.sheet.name],
    margin: 0,
    compress: opts.compress ?? true,
    info: { Title: 'Backlot shipping label', Producer: 'Backlot', Creator: 'Backlot' },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  for (const element of layout.elements) {
    switch (element.kind) {
      case 'text':
        drawText(doc, element);
        break;
      case 'box':
        doc.rect(element.x * PT, element.y * PT, element.width * PT, element.height * PT).fill('black');
        break;
      case 'imb':
        for (const bar of imbBarRects(element.bars, element.x, element.y)) {
          doc.rect(bar.x * PT, bar.y * PT, bar.width * PT, bar.height * PT);
        }
        doc.fill('black');
        break;
      case 'code128': {
        const png = barcodes.get(element)!;
        // One image pixel per dot across; exactly the layout's height down.
        const { width } = pngSize(png);
        doc.image(png, element.x * PT, element.y * PT, { width: width * PT, height: element.height * PT });
        break;
      }
    }
  }
  doc.end();
  return done;
}

/**
 * One label as a PDF page: 4x6 in (288 x 432 pt) or, for the letter-mailer,
 * US Letter (612 x 792 pt). Throws a ZodError for a label that fails
 * `LabelDataSchema`.
 */
export async function renderLabelPdf(label: LabelData, opts: RenderLabelPdfOptions = {}): Promise<Buffer> {
  const checked = LabelDataSchema.parse(label);
  return renderLayoutPdf(layoutLabel(checked, PDF_SHEET[checked.layout]), opts);
}
