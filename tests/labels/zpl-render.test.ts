/**
 * Renders our ZPL with an independent ZPL interpreter (zpl-renderer-js, a
 * WebAssembly build of Zebrash) and looks at the pixels, when that package
 * is installed. It is an optional dev dependency: without it this file says
 * so on the console and runs only the checks that need no renderer.
 */
import bwipjs from 'bwip-js/node';
import { describe, expect, it } from 'vitest';
import { IMB_DOTS, IMB_WIDTH_DOTS, layoutLabel, renderZpl, type ImbElement } from '../../core/labels';
import { imbBars } from '../../core/postal';
import { celineLabel } from './fixtures';
import { darkColumnRuns, decodePng, isDark } from './png-reader';

interface ZplRendererApi {
  zplToBase64Async(zpl: string, widthMm?: number, heightMm?: number, dpmm?: number): Promise<string>;
}

async function loadRenderer(): Promise<ZplRendererApi | null> {
  // A variable specifier: neither TypeScript nor Vite may insist the package exists.
  const specifier = 'zpl-renderer-js';
  try {
    type Module = { ready?: Promise<{ api: ZplRendererApi }> };
    const mod = (await import(/* @vite-ignore */ specifier)) as Module & { default?: Module };
    // Its CommonJS build may surface the named export only on `default`, depending on how it is loaded.
    const ready = mod.ready ?? mod.default?.ready;
    if (!ready) return null;
    return (await ready).api;
  } catch {
    return null;
  }
}

const renderer = await loadRenderer();
const available = renderer !== null;
if (!available) {
  console.warn(
    '[tests/labels/zpl-render.test.ts] zpl-renderer-js is not installed, so the ZPL is not rendered to pixels here. ' +
      'Add it as a dev dependency (npm install --save-dev zpl-renderer-js) to check the printed bars.',
  );
}

describe('ZPL rendered by an independent interpreter', () => {
  it.runIf(available)('draws a non-blank 4x6 label whose IMb region holds 65 bars of the encoded kinds', async () => {
    const label = celineLabel();
    const png = Buffer.from(await renderer!.zplToBase64Async(renderZpl(label), 101.6, 152.4, 8), 'base64');
    const bitmap = decodePng(png);
    expect(bitmap.width).toBeGreaterThanOrEqual(812);

    let dark = 0;
    for (let i = 0; i < bitmap.luma.length; i++) if ((bitmap.luma[i] ?? 255) < 128) dark++;
    const share = dark / bitmap.luma.length;
    expect(share).toBeGreaterThan(0.01);
    expect(share).toBeLessThan(0.6);

    const imb = layoutLabel(label, 'label-4x6').elements.find((e): e is ImbElement => e.kind === 'imb')!;
    // Every bar kind covers the tracker band; scan it across the barcode and its clear zone.
    const trackerTop = imb.y + IMB_DOTS.extenderHeight;
    const runs = darkColumnRuns(bitmap, imb.x - IMB_DOTS.clearZoneX, imb.x + IMB_WIDTH_DOTS + IMB_DOTS.clearZoneX, trackerTop + 2, trackerTop + IMB_DOTS.trackerHeight - 2);
    expect(runs).toHaveLength(65);
    const kinds = runs
      .map((run) => {
        const x = Math.floor((run.start + run.end) / 2);
        const up = isDark(bitmap, x, imb.y + 3);
        const down = isDark(bitmap, x, imb.y + IMB_DOTS.fullHeight - 3);
        return up && down ? 'F' : up ? 'A' : down ? 'D' : 'T';
      })
      .join('');
    expect(kinds).toBe(imbBars(label.imb.tracking, label.imb.routing));
  });

  it('the pixel reader used above decodes a real PNG (bwip-js Code 128) into the right number of bars', async () => {
    const scale = 2;
    const png = await bwipjs.toBuffer({ bcid: 'code128', text: 'SH000000337', scale, height: 5, includetext: false, paddingwidth: 0, paddingheight: 0 });
    const bitmap = decodePng(png);
    const modules = bitmap.width / scale;
    // Code 128: 11 modules and 3 bars per symbol, then a 13-module stop of 4 bars.
    const symbols = (modules - 13) / 11;
    expect(Number.isInteger(symbols)).toBe(true);
    const middle = Math.floor(bitmap.height / 2);
    expect(darkColumnRuns(bitmap, 0, bitmap.width, middle, middle + 1)).toHaveLength(3 * symbols + 4);
  });
});
