/**
 * Reads back what pdfkit wrote, from the PDF exactly as production makes it
 * (compressed): each stream's bytes are cut out by its /Length and, when
 * /FlateDecode, inflated with node:zlib. Text comes from the BT...ET blocks
 * of the content streams: pdfkit writes the built-in fonts' text as hex
 * strings in TJ arrays (<48656c6c6f> -10 <...>), one array per line; the
 * numbers between strings are kerning, not spaces.
 */
import { inflateSync } from 'node:zlib';

export interface PdfText {
  text: string;
  /** Baseline position in PDF user space (origin bottom-left, points). */
  x: number;
  y: number;
  fontSize: number;
}

export interface PdfRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PdfContent {
  /** MediaBox width and height of each page, in points. */
  pages: Array<{ width: number; height: number }>;
  texts: PdfText[];
  rects: PdfRect[];
  /** Images drawn on the page; an image's alpha channel (its /SMask) is not counted as another image. */
  images: PdfImage[];
  /** The same, page by page, in page order. */
  byPage: PdfPage[];
}

interface RawStream {
  object: number;
  dict: string;
  data: Buffer;
}

export interface PdfImage {
  width: number;
  height: number;
  /** Which page (0-based) draws it. */
  page: number;
  /** Luminance 0 (black) .. 255 (white) per pixel, composited over white paper through its /SMask. */
  luma: Uint8Array;
}

export interface PdfPage {
  width: number;
  height: number;
  texts: PdfText[];
  rects: PdfRect[];
  images: PdfImage[];
}

function streams(pdf: Buffer): RawStream[] {
  const text = pdf.toString('latin1');
  const found: RawStream[] = [];
  // One object's dictionary, never running past its own endobj, followed by a stream.
  const pattern = /(\d+) \d+ obj\s*<<((?:(?!endobj)[\s\S])*?)>>\s*stream\r?\n/g;
  for (let match = pattern.exec(text); match; match = pattern.exec(text)) {
    const dict = match[2] ?? '';
    const length = /\/Length (\d+)/.exec(dict);
    if (!length) throw new Error(`stream without a direct /Length: ${dict}`);
    const start = match.index + match[0].length;
    const raw = pdf.subarray(start, start + Number(length[1]));
    found.push({ object: Number(match[1]), dict, data: /\/FlateDecode/.test(dict) ? inflateSync(raw) : Buffer.from(raw) });
    pattern.lastIndex = start + Number(length[1]);
  }
  return found;
}

function decodeString(token: string): string {
  if (token.startsWith('<')) {
    return Buffer.from(token.slice(1, -1).replace(/\s+/g, ''), 'hex').toString('latin1');
  }
  // Literal string: only the escapes pdfkit writes.
  return token.slice(1, -1).replace(/\\([nrtbf()\\])/g, (_m, c: string) => ({ n: '\n', r: '\r', t: '\t', b: '\b', f: '\f' })[c] ?? c);
}

/** 8-bit DeviceGray or DeviceRGB samples of an image stream, as luminance. */
function lumaOf(dict: string, data: Buffer, width: number, height: number): Uint8Array {
  const channels = /\/DeviceRGB/.test(dict) ? 3 : 1;
  if (!/\/BitsPerComponent 8/.test(dict)) throw new Error(`image is not 8 bits per component: ${dict}`);
  if (/\/DecodeParms/.test(dict)) throw new Error('PNG-predicted image data is not read here');
  const luma = new Uint8Array(width * height);
  for (let i = 0; i < width * height; i++) {
    luma[i] = channels === 1 ? (data[i] ?? 255) : Math.round(0.299 * (data[i * 3] ?? 255) + 0.587 * (data[i * 3 + 1] ?? 255) + 0.114 * (data[i * 3 + 2] ?? 255));
  }
  return luma;
}

export function readPdf(pdf: Buffer): PdfContent {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('not a PDF');
  const text = pdf.toString('latin1');
  const all = streams(pdf);
  const byObject = new Map(all.map((s) => [s.object, s]));
  const masks = new Set(all.flatMap((s) => [...s.dict.matchAll(/\/SMask (\d+) \d+ R/g)].map((m) => Number(m[1]))));

  // Pages in the order of the page tree: each page names its /Contents stream and its image XObjects.
  const pageObjects = [...text.matchAll(/(\d+) 0 obj\s*<<\s*\/Type \/Page\b([\s\S]*?)endobj/g)].map((m) => m[2] ?? '');
  const kids = /\/Kids \[([^\]]*)\]/.exec(text)?.[1]?.match(/\d+ 0 R/g)?.map((ref) => Number(ref.split(' ')[0])) ?? [];
  const pageBodies = kids.length > 0
    ? kids.map((id) => new RegExp(`(?:^|\\s)${id} 0 obj\\s*<<([\\s\\S]*?)endobj`).exec(text)?.[1] ?? '')
    : pageObjects;
  const resourcesOf = (body: string): string => {
    const ref = /\/Resources (\d+) 0 R/.exec(body);
    return ref ? (new RegExp(`(?:^|\\s)${ref[1]} 0 obj\\s*<<([\\s\\S]*?)endobj`).exec(text)?.[1] ?? '') : body;
  };

  const byPage: PdfPage[] = pageBodies.map((body, pageIndex) => {
    const box = /\/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/.exec(body);
    const page: PdfPage = { width: Number(box?.[1]), height: Number(box?.[2]), texts: [], rects: [], images: [] };
    const contentIds = [...(/\/Contents (\d+) 0 R/.exec(body) ?? [])].slice(1).map(Number);
    for (const id of contentIds) {
      const content = byObject.get(id)?.data.toString('latin1') ?? '';
      for (const block of content.matchAll(/BT([\s\S]*?)ET/g)) {
        const blockBody = block[1] ?? '';
        const tm = /([-\d.]+) ([-\d.]+) Tm/.exec(blockBody);
        const tf = /\/F\d+ ([\d.]+) Tf/.exec(blockBody);
        let line = '';
        for (const piece of blockBody.matchAll(/<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\)/g)) line += decodeString(piece[0]);
        page.texts.push({ text: line, x: Number(tm?.[1] ?? NaN), y: Number(tm?.[2] ?? NaN), fontSize: Number(tf?.[1] ?? NaN) });
      }
      for (const m of content.matchAll(/([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re/g)) {
        page.rects.push({ x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]) });
      }
    }
    const xobjects = /\/XObject <<([^>]*)>>/.exec(resourcesOf(body))?.[1] ?? '';
    for (const ref of xobjects.matchAll(/\/\w+ (\d+) 0 R/g)) {
      const image = byObject.get(Number(ref[1]));
      if (!image || !/\/Subtype \/Image/.test(image.dict) || masks.has(image.object)) continue;
      const width = Number(/\/Width (\d+)/.exec(image.dict)?.[1]);
      const height = Number(/\/Height (\d+)/.exec(image.dict)?.[1]);
      const luma = lumaOf(image.dict, image.data, width, height);
      const maskId = /\/SMask (\d+) \d+ R/.exec(image.dict)?.[1];
      const mask = maskId ? byObject.get(Number(maskId)) : undefined;
      if (mask) {
        const alpha = lumaOf(mask.dict, mask.data, width, height);
        for (let i = 0; i < luma.length; i++) luma[i] = Math.round(((luma[i] ?? 255) * (alpha[i] ?? 255) + 255 * (255 - (alpha[i] ?? 255))) / 255);
      }
      page.images.push({ width, height, page: pageIndex, luma });
    }
    return page;
  });

  return {
    pages: byPage.map((p) => ({ width: p.width, height: p.height })),
    texts: byPage.flatMap((p) => p.texts),
    rects: byPage.flatMap((p) => p.rects),
    images: byPage.flatMap((p) => p.images),
    byPage,
  };
}
