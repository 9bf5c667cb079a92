/**
 * Issue 16 item 3, honest results: "Match" only for a matching scan; a label
 * the printer has not taken says so in amber and prints when the printer is
 * back; reprint, void, batch and ship say what they did (ship with its
 * count); a reprint panel with no reason stays open; the scan box has the
 * focus after every action. Item 1 in part: the result of the scan just
 * made sits beside the next order's card, and the list marks the order now
 * up. At both floor screen sizes, with screenshots.
 */
import { withCentralDb as central } from '../kit/central-db';
import { test, expect } from '../kit/fixtures';

test.use({ scenario: 'packing-day' });

for (const size of [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
]) {
  test(`pack results at ${size.width}x${size.height}: match only for a match, amber while the printer is off, actions say what they did`, async ({ backlot }) => {
    test.setTimeout(150_000);
    const { page, printer } = backlot;
    const shot = (name: string) => page.screenshot({ path: `test-results/screens/pack-results-${size.width}x${size.height}-${name}.png` });
    const rightDisc = (order: string) =>
      central(backlot.dataDir, async (knex) => (await knex('shipments as s').join('discs as d', 'd.id', 's.disc_id').where('s.order_number', order).first('d.barcode')).barcode as string);
    await page.setViewportSize(size);
    await backlot.signInAs('warehouse');
    await page.getByTestId('nav-pack').click();
    await page.getByTestId('pack-claim').click();
    await expect(page.getByTestId('pack-current')).toBeVisible({ timeout: 20_000 });
    const scanBox = page.getByTestId('pack-scan-input');
    const result = page.getByTestId('pack-scan-result');

    // A match is a match.
    const first = (await page.getByTestId('pack-current').getAttribute('data-order'))!;
    await scanBox.pressSequentially(await rightDisc(first), { delay: 2 });
    await scanBox.press('Enter');
    await expect(result).toHaveAttribute('data-result', 'match');
    await expect(result).toContainText('Match');
    await expect(page.getByTestId('pack-not-printed')).toHaveCount(0);
    // Item 1: the answer to the scan just made sits beside the next order's card (never under it), and the list marks the order now up.
    // The queue reads again after the answer: the card moves on to the next order.
    await expect(page.getByTestId('pack-current')).not.toHaveAttribute('data-order', first);
    const next = (await page.getByTestId('pack-current').getAttribute('data-order'))!;
    const panel = (await result.boundingBox())!;
    const card = (await page.getByTestId('pack-current').boundingBox())!;
    expect(panel.x + panel.width).toBeLessThanOrEqual(card.x + 1);
    expect(Math.abs(panel.y - card.y)).toBeLessThan(4);
    expect(panel.y + panel.height).toBeLessThanOrEqual(size.height);
    await expect(page.getByTestId(`pack-queue-row-${next}`)).toHaveAttribute('data-current', 'true');
    await expect(page.locator('[data-testid^="pack-queue-row-"][data-current="true"]')).toHaveCount(1);
    await shot('0-match-beside-next');

    // The printer unplugged: the next match is packed, and says in amber that its label has not printed yet.
    const port = printer.port;
    await printer.close();
    await expect(page.getByTestId('pack-printer-status')).toHaveAttribute('data-state', 'offline', { timeout: 5000 });
    const second = next;
    await scanBox.pressSequentially(await rightDisc(second), { delay: 2 });
    await scanBox.press('Enter');
    await expect(result).toHaveAttribute('data-result', 'match');
    await expect(page.getByTestId('pack-not-printed')).toContainText('Not printed yet — printer offline');
    const serial = /Label serial (\d+)/.exec((await page.getByTestId('pack-label-serial').textContent()) ?? '')![1]!;
    await shot('1-not-printed-yet');
    await printer.listen(port);
    await expect(page.getByTestId('pack-not-printed')).toHaveCount(0, { timeout: 15_000 });
    await expect.poll(() => printer.received().includes(serial), { timeout: 15_000 }).toBe(true);

    // A reprint with no reason keeps its panel open; with one it says what it did, and is no "Match".
    await page.getByTestId(`pack-reprint-${first}`).click();
    await page.getByTestId('pack-reason-input').press('Enter');
    await expect(page.getByTestId('pack-action-panel')).toBeVisible();
    await expect(page.getByTestId('pack-error')).toContainText('Say why');
    await page.getByTestId('pack-reason-input').fill('label jammed');
    await page.getByTestId('pack-reason-input').press('Enter');
    await expect(result).toHaveAttribute('data-result', 'done');
    await expect(result).toContainText(`Reprinted the label of order ${first} with the same serial`);
    await expect(result).not.toContainText('Match');
    await expect(scanBox).toBeFocused();
    await shot('2-reprinted');

    // A void says what became of the order.
    await page.getByTestId(`pack-void-${second}`).click();
    await page.getByTestId('pack-reason-input').fill('torn mailer');
    await page.getByTestId('pack-action-confirm').click();
    await expect(result).toHaveAttribute('data-result', 'done');
    await expect(result).toContainText(`Voided the label of order ${second}; the order is back in the queue`);
    await expect(scanBox).toBeFocused();

    // Ship all at once after the void, as a packer does (the list may not have followed the void yet):
    // it ships the one order still labeled, never the voided one, and confirms with the count.
    await page.keyboard.press('F8');
    await expect(result).toContainText('1 order marked shipped.');
    await expect(page.getByTestId(`pack-queue-row-${second}`)).not.toHaveAttribute('data-status', 'shipped');
    await expect(scanBox).toBeFocused();

    // The manifest leaves the focus where the next scan goes, not in its download links.
    await page.getByTestId('pack-manifest').click();
    await expect(page.getByTestId('pack-manifest-files')).toBeVisible();
    await expect(scanBox).toBeFocused();
    await shot('3-shipped-manifest');
  });
}
