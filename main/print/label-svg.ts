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
import PDFDocument from 'pdfkit';
import { DOTS_PER_INCH, checkedLabel, fimBarRects, imbBarRects, layoutLabel, type Code128Element, type Gs1128Element, type LabelData, type LabelLayout, type PanelLayout, type TextElement } from '../../core/labels';
import { barWidths } from './label-pdf';

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

/** Code 128 and GS1-128 from the same bar widths as the PDF (bwip-js's encoder), at `moduleWidth` dots per module like ZPL's ^BY. */
function linearSvg(element: Code128Element | Gs1128Element): string {
  const rects: string[] = [];
  let at = element.x;
  barWidths(element).forEach((modules, i) => {
    const w = modules * element.moduleWidth;
    if (i % 2 === 0) rects.push(`<rect x="${at}" y="${element.y}" width="${w}" height="${element.height}"/>`);
    at += w;
  });
  return `<g class="${element.kind}">${rects.join('')}</g>`;
}

const rect = (r: { x: number; y: number; width: number; height: number }) => `<rect x="${fixed(r.x)}" y="${fixed(r.y)}" width="${fixed(r.width)}" height="${fixed(r.height)}"/>`;

/** One panel of a label as SVG, in printer dots, sized to its sheet in inches. */
export function renderPanelSvg(panel: PanelLayout): string {
  const { widthDots, heightDots } = panel.sheet;
  const parts: string[] = [];
  for (const element of panel.elements) {
    switch (element.kind) {
      case 'text':
        parts.push(textSvg(element));
        break;
      case 'box':
        parts.push(rect(element));
        break;
      case 'imb':
        parts.push(`<g class="imb">${imbBarRects(element.bars, element.x, element.y).map(rect).join('')}</g>`);
        break;
      case 'fim':
        parts.push(`<g class="fim">${fimBarRects(element.fim, element.x, element.y).map(rect).join('')}</g>`);
        break;
      case 'code128':
      case 'gs1-128':
        parts.push(linearSvg(element));
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

/** The sheet's exact paper size in inches (the dot sizes round). */
const SHEET_INCHES: Readonly<Record<PanelLayout['sheet']['name'], [number, number]>> = {
  'label-4x4': [4, 4],
  'label-4x6': [4, 6],
};

/**
 * An HTML page per panel (a parcel: one 4 x 6 in page; a letter: its outbound
 * and reply panels, two 4 x 4 in pages), with no script and nothing fetched:
 * what Electron's hidden print window loads.
 */
export function layoutPage(layout: LabelLayout, title = 'Backlot label'): LabelPage {
  const first = layout.panels[0];
  if (!first) throw new Error('a label has at least one panel');
  const [w, h] = SHEET_INCHES[first.sheet.name];
  const pages = layout.panels.map((panel) => `<section class="page">${renderPanelSvg(panel)}</section>`).join('');
  const html =
    '<!doctype html><html><head><meta charset="utf-8">' +
    `<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">` +
    `<title>${escapeXml(title)}</title>` +
    `<style>@page{size:${w}in ${h}in;margin:0}html,body{margin:0;padding:0;background:#fff}.page{width:${w}in;height:${h}in;overflow:hidden;break-after:page}.page:last-child{break-after:auto}svg{display:block}</style>` +
    `</head><body>${pages}</body></html>`;
  return { html, widthMicrons: Math.round(w * MICRONS_PER_INCH), heightMicrons: Math.round(h * MICRONS_PER_INCH) };
}

/** One label as pages for an office printer, from the same layout as the ZPL and the PDF. */
export function renderLabelPage(label: LabelData): LabelPage {
  const checked = checkedLabel(label);
  return layoutPage(layoutLabel(checked), `Label ${checked.orderNumber}`);
}
