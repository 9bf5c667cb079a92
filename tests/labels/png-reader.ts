/**
 * A small PNG decoder (non-interlaced; grey, RGB, palette, with or without
 * alpha; 1-16 bit) so a rendered label can be checked pixel by pixel without
 * an image library. Transparent pixels count as paper (white).
 */
import { deflateSync, inflateSync } from 'node:zlib';

export interface Bitmap {
  width: number;
  height: number;
  /** Luminance 0 (black) .. 255 (white), row-major. */
  luma: Uint8Array;
}

const CHANNELS: Record<number, number> = { 0: 1, 2: 3, 3: 1, 4: 2, 6: 4 };

function paeth(a: number, b: number, c: number): number {
  const p = a + b - c;
  const pa = Math.abs(p - a);
  const pb = Math.abs(p - b);
  const pc = Math.abs(p - c);
  return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
}

export function decodePng(png: Buffer): Bitmap {
  if (png.readUInt32BE(0) !== 0x89504e47) throw new Error('not a PNG');
  let offset = 8;
  let width = 0;
  let height = 0;
  let depth = 8;
  let colorType = 0;
  let palette: Buffer | null = null;
  let transparency: Buffer | null = null;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      depth = data[8] ?? 8;
      colorType = data[9] ?? 0;
      if (data[12] !== 0) throw new Error('interlaced PNGs are not supported here');
    } else if (type === 'PLTE') {
      palette = Buffer.from(data);
    } else if (type === 'tRNS') {
      transparency = Buffer.from(data);
    } else if (type === 'IDAT') {
      idat.push(data);
    } else if (type === 'IEND') {
      break;
    }
    offset += 12 + length;
  }
  const channels = CHANNELS[colorType];
  if (channels === undefined) throw new Error(`PNG colour type ${colorType} is not supported`);
  const bitsPerPixel = channels * depth;
  const stride = Math.ceil((width * bitsPerPixel) / 8);
  const step = Math.max(1, bitsPerPixel / 8);
  const raw = inflateSync(Buffer.concat(idat));
  const luma = new Uint8Array(width * height);
  let prior = new Uint8Array(stride);
  const maxSample = (1 << depth) - 1;

  for (let y = 0; y < height; y++) {
    const at = y * (stride + 1);
    const filter = raw[at];
    const row = Uint8Array.from(raw.subarray(at + 1, at + 1 + stride));
    for (let i = 0; i < stride; i++) {
      const a = i >= step ? (row[i - step] ?? 0) : 0;
      const b = prior[i] ?? 0;
      const c = i >= step ? (prior[i - step] ?? 0) : 0;
      const value = row[i] ?? 0;
      if (filter === 1) row[i] = (value + a) & 255;
      else if (filter === 2) row[i] = (value + b) & 255;
      else if (filter === 3) row[i] = (value + ((a + b) >> 1)) & 255;
      else if (filter === 4) row[i] = (value + paeth(a, b, c)) & 255;
    }
    const sample = (index: number): number => {
      if (depth === 8) return row[index] ?? 0;
      if (depth === 16) return row[index * 2] ?? 0;
      const bitOffset = index * depth;
      const byte = row[bitOffset >> 3] ?? 0;
      return (byte >> (8 - depth - (bitOffset & 7))) & maxSample;
    };
    const scale = depth >= 8 ? 1 : 255 / maxSample;
    for (let x = 0; x < width; x++) {
      let r: number;
      let g: number;
      let bl: number;
      let alpha = 255;
      const base = x * channels;
      if (colorType === 3) {
        const index = sample(base);
        r = palette?.[index * 3] ?? 0;
        g = palette?.[index * 3 + 1] ?? 0;
        bl = palette?.[index * 3 + 2] ?? 0;
        alpha = transparency?.[index] ?? 255;
      } else if (colorType === 0 || colorType === 4) {
        r = g = bl = sample(base) * scale;
        if (colorType === 4) alpha = sample(base + 1);
      } else {
        r = sample(base);
        g = sample(base + 1);
        bl = sample(base + 2);
        if (colorType === 6) alpha = sample(base + 3);
      }
      const lum = 0.299 * r + 0.587 * g + 0.114 * bl;
      // Composite over white paper.
      luma[y * width + x] = Math.round((lum * alpha + 255 * (255 - alpha)) / 255);
    }
    prior = row;
  }
  return { width, height, luma };
}

export function isDark(bitmap: Bitmap, x: number, y: number): boolean {
  return (bitmap.luma[y * bitmap.width + x] ?? 255) < 128;
}

/** Runs of columns, within [x0, x1), that have a dark pixel in every row of [y0, y1). */
export function darkColumnRuns(bitmap: Bitmap, x0: number, x1: number, y0: number, y1: number): Array<{ start: number; end: number }> {
  const runs: Array<{ start: number; end: number }> = [];
  let start = -1;
  for (let x = x0; x <= x1; x++) {
    let dark = x < x1;
    for (let y = y0; dark && y < y1; y++) dark = isDark(bitmap, x, y);
    if (dark && start < 0) start = x;
    if (!dark && start >= 0) {
      runs.push({ start, end: x });
      start = -1;
    }
  }
  return runs;
}

/** A minimal 8-bit greyscale PNG of `luma` (filter 0 on every row), e.g. an image cut out of a PDF, for a barcode reader. */
export function encodeGreyPng(width: number, height: number, luma: Uint8Array, border = 0): Buffer {
  const w = width + 2 * border;
  const h = height + 2 * border;
  const raw = Buffer.alloc((w + 1) * h, 255);
  for (let y = 0; y < h; y++) {
    raw[y * (w + 1)] = 0;
    for (let x = 0; x < w; x++) {
      const sx = x - border;
      const sy = y - border;
      if (sx >= 0 && sy >= 0 && sx < width && sy < height) raw[y * (w + 1) + 1 + x] = luma[sy * width + sx] ?? 255;
    }
  }
  const chunk = (type: string, data: Buffer): Buffer => {
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const length = Buffer.alloc(4);
    length.writeUInt32BE(data.length);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([length, body, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 0;
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

function crc32(data: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of data) {
    crc ^= byte;
    for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0xedb88320 : crc >>> 1;
  }
  return (crc ^ 0xffffffff) >>> 0;
}
