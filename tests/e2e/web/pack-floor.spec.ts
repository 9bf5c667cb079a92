/**
 * Issue 16 items 1, 2, 4 and 6 as a packer walks a shift, by keyboard and
 * scanner only: F2 claims, every scan answers, the shift counter counts,
 * command cards scanned at scanner speed do what their keys do, a disc of
 * another DC is named with its DC, and a second window of the same station
 * sees the whole batch (also after the first window closes and its packer
 * is gone). At both floor screen sizes, with screenshots.
 */
import type { Page } from '@playwright/test';
import { withCentralDb as central } from '../kit/central-db';
import { test, expect } from '../kit/fixtures';

test.use({ scenario: 'packing-day' });

/** A handheld scanner: the whole code in about 30 ms, then Enter. */
async function scanAtScannerSpeed(page: Page, code: string): Promise<void> {
  const box = page.getByTestId('pack-scan-input');
  await box.pressSequentially(code, { delay: Math.max(1, Math.floor(30 / code.length)) });
  await box.press('Enter');
}

for (const size of [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
]) {
  test(`a packer's shift by keys and scanner at ${size.width}x${size.height}: claim, scan, counter, command cards, a stray disc, one batch for every window`, async ({ backlot }) => {
    test.setTimeout(180_000);
    const { page } = backlot;
    const shot = (p: Page, name: string) => p.screenshot({ path: `test-results/screens/pack-floor-${size.width}x${size.height}-${name}.png` });
    const rightDisc = (order: string) =>
      central(backlot.dataDir, async (knex) => (await knex('shipments as s').join('discs as d', 'd.id', 's.disc_id').where('s.order_number', order).first('d.barcode')).barcode as string);
    await page.setViewportSize(size);
    await backlot.signInAs('warehouse');
    await page.getByTestId('nav-pack').click();
    const scanBox = page.getByTestId('pack-scan-input');
    const result = page.getByTestId('pack-scan-result');

    // Nothing claimed yet: the scan box is there anyway (for the claim card), with the focus; F2 claims.
    await expect(page.getByTestId('pack-empty')).toBeVisible({ timeout: 20_000 });
    await expect(scanBox).toBeFocused();
    await expect(page.getByTestId('pack-claim')).toHaveAttribute('aria-keyshortcuts', 'F2');
    for (const [id, key] of [['pack-reprint-last', 'F4'], ['pack-void-last', 'F7'], ['pack-ship-all', 'F8'], ['pack-manifest', 'F9']] as const) {
      await expect(page.getByTestId(id)).toHaveAttribute('aria-keyshortcuts', key);
      await expect(page.getByTestId(id)).toContainText(key);
    }
    await expect(page.getByTestId('pack-shift-today')).toHaveText('0');
    await page.keyboard.press('F2');
    await expect(page.getByTestId('pack-current')).toBeVisible({ timeout: 20_000 });
    await expect(page.locator('[data-testid^="pack-queue-row-"]')).toHaveCount(5);
    await expect(scanBox).toBeFocused();

    // Two matches at scanner speed: the counter counts them.
    const first = (await page.getByTestId('pack-current').getAttribute('data-order'))!;
    await scanAtScannerSpeed(page, await rightDisc(first));
    await expect(result).toHaveAttribute('data-result', 'match');
    await expect(page.getByTestId('pack-current')).not.toHaveAttribute('data-order', first);
    const second = (await page.getByTestId('pack-current').getAttribute('data-order'))!;
    await scanAtScannerSpeed(page, await rightDisc(second));
    await expect(result).toHaveAttribute('data-result', 'match');
    await expect(page.getByTestId('pack-shift-today')).toHaveText('2');
    await expect(page.getByTestId('pack-shift-hour')).toHaveText('2');
    await expect(page.getByTestId('pack-shift-rate')).toHaveText('2');
    const counter = (await page.getByTestId('pack-shift-today').boundingBox())!;
    expect(counter.height, 'the count reads from arm’s length').toBeGreaterThanOrEqual(30);
    await shot(page, '0-counter');

    // The "reprint last" card, scanned at scanner speed, asks why for the last label; Enter reprints it.
    await scanAtScannerSpeed(page, 'CMD-REPRINT-LAST');
    await expect(page.getByTestId('pack-action-panel')).toContainText(`reprint the label of ${second}`);
    await expect(page.getByTestId('pack-reason-input')).toBeFocused();
    await page.keyboard.type('label smudged');
    await page.keyboard.press('Enter');
    await expect(result).toContainText(`Reprinted the label of order ${second}`);
    await expect(scanBox).toBeFocused();

    // F7 asks to void the last label; Esc backs out without voiding.
    await page.keyboard.press('F7');
    await expect(page.getByTestId('pack-action-panel')).toContainText(`void the label of ${second}`);
    await shot(page, '1-void-last-asks-why');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('pack-action-panel')).toHaveCount(0);
    await expect(scanBox).toBeFocused();
    await expect(page.getByTestId(`pack-queue-row-${second}`)).toHaveAttribute('data-status', 'labeled');

    // A disc of another distribution center: named, with what to do.
    const stray = await central(backlot.dataDir, async (knex) =>
      (await knex('discs as d').join('distribution_centers as dc', 'dc.code', 'd.home_dc').whereNot('d.home_dc', 'SJC').first('d.barcode', 'dc.name', 'dc.code')) as { barcode: string; name: string; code: string },
    );
    await scanAtScannerSpeed(page, stray.barcode);
    await expect(result).toHaveAttribute('data-result', 'mismatch');
    await expect(result).toHaveAttribute('data-reason', 'DISC_OTHER_DC');
    await expect(result).toContainText(`belongs to ${stray.name} (${stray.code})`);
    await expect(result).toContainText('Do not pack it');
    await expect(result).not.toContainText('No disc has barcode');
    await shot(page, '2-other-dc');

    // A second window of this station (a supervisor at the same bench) sees the whole batch.
    const token = await page.evaluate(() => sessionStorage.getItem('backlot.launchToken'));
    const other = await page.context().newPage();
    await other.setViewportSize(size);
    await other.goto(`${new URL(page.url()).origin}/#token=${token}`);
    await other.getByTestId('signin-username').fill('sue');
    await other.getByTestId('signin-secret').fill('3333');
    await other.getByTestId('signin-submit').click();
    await other.getByTestId('nav-pack').click();
    await expect(other.locator('[data-testid^="pack-queue-row-"]')).toHaveCount(5, { timeout: 20_000 });
    await expect(other.getByTestId('pack-shift-today')).toHaveText('2');

    // The first window claims more by card: the second window's list follows.
    await scanAtScannerSpeed(page, 'CMD-CLAIM');
    await expect(page.locator('[data-testid^="pack-queue-row-"]')).toHaveCount(10, { timeout: 20_000 });
    await expect(other.locator('[data-testid^="pack-queue-row-"]')).toHaveCount(10, { timeout: 20_000 });

    // Ship all by card: the count is said.
    await scanAtScannerSpeed(page, 'CMD-SHIP-ALL');
    await expect(result).toContainText('2 orders marked shipped.');
    await expect(scanBox).toBeFocused();
    // F9: the manifest; the focus stays in the scan box.
    await page.keyboard.press('F9');
    await expect(page.getByTestId('pack-manifest-files')).toBeVisible();
    await expect(scanBox).toBeFocused();
    await shot(page, '3-shipped-manifest');

    // The first window closes with its packer signed in: the batch stays at the station for the next person.
    await page.close();
    await other.getByTestId('shell-signout').click();
    await other.getByTestId('signin-username').fill('wanda');
    await other.getByTestId('signin-secret').fill('1111');
    await other.getByTestId('signin-submit').click();
    await other.getByTestId('nav-pack').click();
    await expect(other.locator('[data-testid^="pack-queue-row-"]')).toHaveCount(8, { timeout: 20_000 });
    await expect(other.getByTestId('pack-scan-input')).toBeFocused();
    await shot(other, '4-next-packer-sees-the-batch');
  });
}

for (const size of [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
]) {
  test(`a packer beside a customer-service tab at ${size.width}x${size.height} is told what to do instead of claiming orders the station would never show`, async ({ backlot }) => {
    test.setTimeout(150_000);
    const { page } = backlot;
    await page.setViewportSize(size);
    // The first tab of this web host: a customer-service rep (the station's data follows the first sign-in).
    await backlot.signInAs('cs_rep');
    const token = await page.evaluate(() => sessionStorage.getItem('backlot.launchToken'));
    const packer = await page.context().newPage();
    await packer.setViewportSize(size);
    await packer.goto(`${new URL(page.url()).origin}/#token=${token}`);
    await packer.getByTestId('signin-username').fill('wanda');
    await packer.getByTestId('signin-secret').fill('1111');
    await packer.getByTestId('signin-submit').click();
    await packer.getByTestId('nav-pack').click();
    await expect(packer.getByTestId('pack-scan-input')).toBeFocused({ timeout: 20_000 });
    await packer.keyboard.press('F2');
    await expect(packer.getByTestId('pack-error')).toContainText('Sign out in that window, then claim again.');
    await expect(packer.locator('[data-testid^="pack-queue-row-"]')).toHaveCount(0);
    const claimedCentrally = () => central(backlot.dataDir, async (knex) => Number((await knex('shipments').whereNotNull('claimed_by').count({ n: '*' }).first())?.n));
    expect(await claimedCentrally()).toBe(0);
    await packer.screenshot({ path: `test-results/screens/pack-floor-${size.width}x${size.height}-5-desk-tab-first.png` });

    // The rep signs out in their tab: the packer's claim now brings all five orders.
    await page.getByTestId('shell-signout').click();
    await expect(page.getByTestId('signin-screen')).toBeVisible();
    await packer.getByTestId('pack-scan-input').focus();
    await packer.keyboard.press('F2');
    await expect(packer.locator('[data-testid^="pack-queue-row-"]')).toHaveCount(5, { timeout: 30_000 });
    expect(await claimedCentrally()).toBe(5);
  });
}
