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
}

interface RawStream {
  object: number;
  dict: string;
  data: Buffer;
}

export interface PdfImage {
  width: number;
  height: number;
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

export function readPdf(pdf: Buffer): PdfContent {
  if (pdf.subarray(0, 5).toString('latin1') !== '%PDF-') throw new Error('not a PDF');
  const pages = [...pdf.toString('latin1').matchAll(/\/MediaBox \[\s*0 0 ([\d.]+) ([\d.]+)\s*\]/g)].map((m) => ({
    width: Number(m[1]),
    height: Number(m[2]),
  }));
  const texts: PdfText[] = [];
  const rects: PdfRect[] = [];
  const images: PdfImage[] = [];
  const all = streams(pdf);
  const masks = new Set(all.flatMap((s) => [...s.dict.matchAll(/\/SMask (\d+) \d+ R/g)].map((m) => Number(m[1]))));
  for (const stream of all) {
    if (/\/Subtype \/Image/.test(stream.dict)) {
      if (!masks.has(stream.object)) {
        images.push({ width: Number(/\/Width (\d+)/.exec(stream.dict)?.[1]), height: Number(/\/Height (\d+)/.exec(stream.dict)?.[1]) });
      }
      continue;
    }
    const content = stream.data.toString('latin1');
    for (const block of content.matchAll(/BT([\s\S]*?)ET/g)) {
      const body = block[1] ?? '';
      const tm = /([-\d.]+) ([-\d.]+) Tm/.exec(body);
      const tf = /\/F\d+ ([\d.]+) Tf/.exec(body);
      let line = '';
      for (const piece of body.matchAll(/<[0-9a-fA-F\s]*>|\((?:\\.|[^\\)])*\)/g)) line += decodeString(piece[0]);
      texts.push({ text: line, x: Number(tm?.[1] ?? NaN), y: Number(tm?.[2] ?? NaN), fontSize: Number(tf?.[1] ?? NaN) });
    }
    for (const m of content.matchAll(/([-\d.]+) ([-\d.]+) ([-\d.]+) ([-\d.]+) re/g)) {
      rects.push({ x: Number(m[1]), y: Number(m[2]), width: Number(m[3]), height: Number(m[4]) });
    }
  }
  return { pages, texts, rects, images };
}
