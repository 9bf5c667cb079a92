/**
 * A label as a page an ordinary printer can print from Electron: an HTML
 * document holding one SVG drawn from the shared layout (core/labels/layout.ts),
 * sized to the sheet with CSS `@page`.
 *
 * Why not the PDF: Electron prints a web page, and a PDF loaded into a window
 * is shown by Chromium's PDF viewer, which `webContents.print` cannot print
 * (electron#27383; blank pages, electron#30947). An SVG is a web page's own
 * vector format: the IMb bars stay exact rectangles at USPS-B-3200 sizes and
 * text stays text.
 *
 * Units: the SVG's user units are printer dots (203 per inch), the same
 * numbers as the ZPL and the PDF, so all three agree bar for bar. Text is
 * sized with the same Helvetica metrics as the PDF (pdfkit's built-in AFM),
 * narrowed where a line would overflow its width.
 *
 * Everything customer-typed is XML-escaped, and the print window runs no
 * script at all (see main/electron/system-printing.ts): a name cannot become
 * markup.
 */
import bwipjs from 'bwip-js/node';
import PDFDocument from 'pdfkit';
import { DOTS_PER_INCH, LabelDataSchema, PDF_SHEET, imbBarRects, layoutLabel, type LabelData, type LabelLayout, type TextElement } from '../../core/labels';

/** A printable page: the HTML and its paper size (what Electron's `pageSize` takes, in microns). */
export interface LabelPage {
  html: string;
  widthMicrons: number;
  heightMicrons: number;
}

const MICRONS_PER_INCH = 25_400;
const FONT_FAMILY = 'Helvetica, Arial, &apos;Liberation Sans&apos;, sans-serif';

let metrics: PDFKit.PDFDocument | null = null;
/** pdfkit's standard-font metrics, for the same text widths as the PDF label (never written out). */
function measure(): PDFKit.PDFDocument {
  metrics ??= new PDFDocument({ autoFirstPage: false });
  return metrics;
}

export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[ch]!);
}

function fixed(n: number): string {
  return Number.isInteger(n) ? String(n) : n.toFixed(2);
}

function textSvg(element: TextElement): string {
  const doc = measure();
  doc.font(element.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(element.height);
  const width = doc.widthOfString(element.text);
  const size = width <= element.maxWidth ? element.height : (element.height * element.maxWidth) / width;
  doc.fontSize(size);
  // pdfkit puts the top of the text at y; SVG places the baseline, one ascender lower.
  const ascender = ((doc as unknown as { _font: { ascender: number } })._font.ascender / 1000) * size;
  const drawn = doc.widthOfString(element.text);
  const x = element.align === 'center' ? element.x + (element.maxWidth - drawn) / 2 : element.x;
  return `<text x="${fixed(x)}" y="${fixed(element.y + ascender)}" font-size="${fixed(size)}"${element.bold ? ' font-weight="bold"' : ''}>${escapeXml(element.text)}</text>`;
}

/** Code 128 from bwip-js's encoder (bar/space widths in modules), drawn at `moduleWidth` dots per module like ZPL's ^BY. */
function code128Svg(x: number, y: number, height: number, moduleWidth: number, text: string): string {
  const [symbol] = bwipjs.raw('code128', text, '') as Array<{ sbs: number[] }>;
  const rects: string[] = [];
  let at = x;
  symbol!.sbs.forEach((modules, i) => {
    const w = modules * moduleWidth;
    if (i % 2 === 0) rects.push(`<rect x="${at}" y="${y}" width="${w}" height="${height}"/>`);
    at += w;
  });
  return `<g class="code128">${rects.join('')}</g>`;
}

/** One laid-out label as SVG, in printer dots, sized to its sheet in inches. */
export function renderLayoutSvg(layout: LabelLayout): string {
  const { widthDots, heightDots } = layout.sheet;
  const parts: string[] = [];
  for (const element of layout.elements) {
    switch (element.kind) {
      case 'text':
        parts.push(textSvg(element));
        break;
      case 'box':
        parts.push(`<rect x="${element.x}" y="${element.y}" width="${element.width}" height="${element.height}"/>`);
        break;
      case 'imb':
        parts.push(
          `<g class="imb">${imbBarRects(element.bars, element.x, element.y)
            .map((bar) => `<rect x="${fixed(bar.x)}" y="${fixed(bar.y)}" width="${fixed(bar.width)}" height="${fixed(bar.height)}"/>`)
            .join('')}</g>`,
        );
        break;
      case 'code128':
        parts.push(code128Svg(element.x, element.y, element.height, element.moduleWidth, element.text));
        break;
    }
  }
  const w = widthDots / DOTS_PER_INCH;
  const h = heightDots / DOTS_PER_INCH;
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${fixed(w)}in" height="${fixed(h)}in" viewBox="0 0 ${widthDots} ${heightDots}" ` +
    `font-family="${FONT_FAMILY}" fill="black" shape-rendering="crispEdges" text-rendering="geometricPrecision">${parts.join('')}</svg>`
  );
}

/** The sheet's exact paper size in inches (the dot sizes round; Letter is 8.5 x 11 in, labels 4 x 6 and 4 x 2). */
const SHEET_INCHES: Readonly<Record<LabelLayout['sheet']['name'], [number, number]>> = {
  'label-4x6': [4, 6],
  'label-4x2': [4, 2],
  'letter-page': [8.5, 11],
};

/** An HTML page holding the label, with no script and nothing fetched: what Electron's hidden print window loads. */
export function layoutPage(layout: LabelLayout, title = 'Backlot label'): LabelPage {
  const [w, h] = SHEET_INCHES[layout.sheet.name];
  const html =
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<title>${escapeXml(title)}</title>` +
    `<style>@page{size:${w}in ${h}in;margin:0}html,body{margin:0;padding:0;background:#fff}svg{display:block;width:${w}in;height:${h}in}</style>` +
    `</head><body>${renderLayoutSvg(layout)}</body></html>`;
  return { html, widthMicrons: Math.round(w * MICRONS_PER_INCH), heightMicrons: Math.round(h * MICRONS_PER_INCH) };
}

/** One label as a page for an office printer: the PDF sheet of its layout (4x6, or Letter for the letter-mailer). */
export function renderLabelPage(label: LabelData): LabelPage {
  const checked = LabelDataSchema.parse(label);
  return layoutPage(layoutLabel(checked, PDF_SHEET[checked.layout]), `Label ${checked.orderNumber}`);
}
