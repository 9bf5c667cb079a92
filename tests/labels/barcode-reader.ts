/**
 * Independent readers and encoders for the label tests, so what we print is
 * checked against code that is not ours:
 * - zxing-wasm (ZXing-C++ in WebAssembly) reads Code 128 and GS1-128 from a
 *   PNG, as a scanner at the Post Office or at our returns desk would;
 * - bwip-js (a port of BWIPP) encodes an IMb ("onecode"), which we draw to
 *   pixels and read back bar by bar to compare with what we printed;
 * - zpl-renderer-js (Zebrash in WebAssembly) draws our ZPL.
 * The wasm files are loaded from node_modules: nothing is fetched.
 */
import bwipjs from 'bwip-js/node';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { prepareZXingModule, readBarcodes, type ReadResult } from 'zxing-wasm/reader';
import { decodePng, isDark, type Bitmap } from './png-reader';

const require = createRequire(import.meta.url);
prepareZXingModule({
  overrides: { wasmBinary: readFileSync(require.resolve('zxing-wasm/reader/zxing_reader.wasm')).buffer as ArrayBuffer },
  fireImmediately: true,
});

export interface ReadCode128 {
  /** GS1 symbols in bracket notation "(420)95112(93)...", plain Code 128 as its data. */
  text: string;
  isGs1: boolean;
  left: number;
  top: number;
}

/** Every Code 128 / GS1-128 symbol ZXing finds in a PNG. */
export async function readCode128(png: Buffer): Promise<ReadCode128[]> {
  const results: ReadResult[] = await readBarcodes(new Blob([new Uint8Array(png)]), { formats: ['Code128'], tryHarder: true, maxNumberOfSymbols: 8 });
  return results
    .filter((r) => r.isValid)
    .map((r) => ({ text: r.text, isGs1: r.symbologyIdentifier === ']C1', left: r.position.topLeft.x, top: r.position.topLeft.y }));
}

/** An IMb as bwip-js (BWIPP "onecode") draws it, read back to F/A/D/T from its pixels. */
export async function bwipImbBars(tracking: string, routing: string): Promise<string> {
  const png = await bwipjs.toBuffer({ bcid: 'onecode', text: `${tracking}${routing}`, scale: 2, height: 4, paddingwidth: 0, paddingheight: 0 } as never);
  const bitmap = decodePng(png);
  return barsFromBitmap(bitmap, 0, bitmap.width, 0, bitmap.height);
}

/**
 * Reads a four-state barcode from pixels: each run of dark columns is a bar;
 * a bar reaching the top of [y0, y1) has an ascender, one reaching the bottom
 * a descender.
 */
export function barsFromBitmap(bitmap: Bitmap, x0: number, x1: number, y0: number, y1: number): string {
  const top = y0 + 1;
  const bottom = y1 - 2;
  const middle = Math.floor((y0 + y1) / 2);
  let out = '';
  let inBar = false;
  for (let x = x0; x < x1; x++) {
    let dark = false;
    for (let y = y0; y < y1 && !dark; y++) dark = isDark(bitmap, x, y);
    if (dark && !inBar) {
      // Look a pixel into the bar, so anti-aliased edges do not count.
      const cx = Math.min(x + 1, x1 - 1);
      if (!isDark(bitmap, cx, middle)) throw new Error(`a bar at x=${x} misses the tracker region`);
      const up = isDark(bitmap, cx, top);
      const down = isDark(bitmap, cx, bottom);
      out += up && down ? 'F' : up ? 'A' : down ? 'D' : 'T';
    }
    inBar = dark;
  }
  return out;
}

interface ZplRendererApi {
  zplToBase64Async(zpl: string, widthMm?: number, heightMm?: number, dpmm?: number): Promise<string>;
}

let renderer: Promise<ZplRendererApi> | undefined;

/** One ZPL format drawn at 8 dots/mm by zpl-renderer-js: a PNG of exactly its ^PW x ^LL dots. */
export async function renderZplFormat(zpl: string, widthDots: number, heightDots: number): Promise<Buffer> {
  renderer ??= (async () => {
    type Module = { ready?: Promise<{ api: ZplRendererApi }> };
    const mod = (await import('zpl-renderer-js')) as Module & { default?: Module };
    const ready = mod.ready ?? mod.default?.ready;
    if (!ready) throw new Error('zpl-renderer-js has no ready promise');
    return (await ready).api;
  })();
  const api = await renderer;
  return Buffer.from(await api.zplToBase64Async(zpl, (widthDots / 203) * 25.4, (heightDots / 203) * 25.4, 8), 'base64');
}
