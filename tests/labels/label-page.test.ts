/**
 * The label as a page for an office printer (main/print/label-svg.ts, what
 * the desktop app prints with `webContents.print`): one page per panel at the
 * sheet's size, the same bars as the ZPL and the PDF, customer text as text
 * and never as markup. Drawn by Chromium (Debian's, as Electron would draw it)
 * at 203 dpi and read back: the order's Code 128 and the parcel's IMpb
 * GS1-128 decode with ZXing.
 */
import { chromium, type Browser } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IMB_DOTS, imbBarRects, layoutLabel, testLabelLayout, TEST_LABEL_BARCODE } from '../../core/labels';
import { layoutPage, renderLabelPage } from '../../main/print/label-svg';
import { CHROMIUM_ARGS } from '../../playwright.config';
import { readCode128 } from './barcode-reader';
import { celineLetter, celineParcel } from './fixtures';

let browser: Browser;
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: process.env.BACKLOT_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS });
}, 60_000);
afterAll(async () => browser?.close());

/** Each page of the HTML as a 203-dpi PNG (CSS inches are 96 px; scaled to printer dots). */
async function pagesAsPng(html: string): Promise<Buffer[]> {
  const context = await browser.newContext({ deviceScaleFactor: 203 / 96, javaScriptEnabled: false });
  const page = await context.newPage();
  await page.setContent(html);
  const shots: Buffer[] = [];
  for (const section of await page.locator('section.page').all()) shots.push(await section.screenshot());
  await context.close();
  return shots;
}

describe('a label as pages for an office printer', () => {
  it('a parcel is one 4 x 6 in page whose IMpb and order barcode read back', async () => {
    const label = celineParcel();
    const page = renderLabelPage(label);
    expect(page).toMatchObject({ widthMicrons: 101_600, heightMicrons: 152_400 });
    expect(page.html).toContain('@page{size:4in 6in;margin:0}');
    const [png, ...rest] = await pagesAsPng(page.html);
    expect(rest).toEqual([]);
    const read = (await readCode128(png!)).map((r) => r.text);
    expect(read).toContain(label.orderNumber);
    expect(read.some((t) => t.startsWith('(420)') && t.includes(`(${label.impb.tracking.slice(0, 2)})${label.impb.tracking.slice(2)}`))).toBe(true);
  }, 60_000);

  it('a letter is its outbound and reply panels, two 4 x 4 in pages, with the 65 IMb bars at USPS sizes', async () => {
    const label = celineLetter();
    const page = renderLabelPage(label);
    expect(page).toMatchObject({ widthMicrons: 101_600, heightMicrons: 101_600 });
    expect(await pagesAsPng(page.html)).toHaveLength(2);
    const layout = layoutLabel(label);
    const imb = layout.panels[0]!.elements.find((e) => e.kind === 'imb')!;
    const expected = imbBarRects((imb as { bars: string }).bars, imb.x, imb.y);
    const drawn = /<g class="imb">(.*?)<\/g>/.exec(page.html)![1]!.match(/<rect [^>]+>/g)!;
    expect(drawn).toHaveLength(65);
    expect(drawn[0]).toContain(`width="${IMB_DOTS.barWidth}"`);
    expect(drawn.map((r) => Number(/x="([\d.]+)"/.exec(r)![1]))).toEqual(expected.map((r) => Number(r.x.toFixed(2))));
  }, 60_000);

  it('text is text: markup in it is escaped, and the page runs no script and fetches nothing', async () => {
    const page = layoutPage(testLabelLayout('label-4x6', { stationName: '<img src=x onerror=alert(1)> & Co', printerName: 'Office', printedAt: 'now' }));
    expect(page.html).not.toContain('<img');
    expect(page.html).toContain('&lt;img src=x onerror=alert(1)&gt; &amp; Co');
    expect(page.html).toContain(`content="default-src 'none'; style-src 'unsafe-inline'"`);
    expect(page.html).not.toMatch(/<script|src="http|href=/);
  });

  it('the test label reads back too, on the sheet the printer has loaded', async () => {
    const page = layoutPage(testLabelLayout('label-4x6', { stationName: 'Pack 3', printerName: 'Office', printedAt: '2026-05-01 10:00 UTC' }));
    const [png] = await pagesAsPng(page.html);
    expect((await readCode128(png!)).map((r) => r.text)).toContain(TEST_LABEL_BARCODE);
    expect(page.html).toContain('BACKLOT TEST LABEL');
  }, 60_000);
});
