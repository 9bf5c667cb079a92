import { withCentralDb as central } from '../kit/central-db';
import { test, expect } from '../kit/fixtures';

test.use({ scenario: 'packing-day' });

test('an order packed offline that the customer cancelled meanwhile is refused at sync: the packer reads why and clears it', async ({ backlot }) => {
  test.setTimeout(90_000);
  const { page } = backlot;
  await backlot.signInAs('warehouse');
  await page.getByTestId('nav-pack').click();
  await page.getByTestId('pack-claim').click();
  await expect(page.getByTestId('pack-current')).toBeVisible({ timeout: 20_000 });
  const discFor = (order: string) =>
    central(backlot.dataDir, async (knex) => {
      const s = await knex('shipments as s').join('discs as d', 'd.id', 's.disc_id').where('s.order_number', order).first('d.barcode');
      return s.barcode as string;
    });
  const scan = async (barcode: string) => {
    await page.getByTestId('pack-scan-input').fill(barcode);
    await page.getByTestId('pack-scan-input').press('Enter');
    await expect(page.getByTestId('pack-scan-result')).toHaveAttribute('data-result', 'match');
  };
  // The first order online: the station takes a range of label serials it can print from offline.
  const first = (await page.getByTestId('pack-current').getAttribute('data-order'))!;
  await scan(await discFor(first));
  await expect(page.getByTestId(`pack-queue-row-${first}`)).toHaveAttribute('data-status', 'labeled');
  await expect(page.getByTestId('pack-current')).not.toHaveAttribute('data-order', first);
  const order = (await page.getByTestId('pack-current').getAttribute('data-order'))!;
  const barcode = await discFor(order);
  await page.getByTestId('statusbar-sync-now').click();
  await expect(page.getByTestId('statusbar-pending')).toHaveText('0 pending', { timeout: 15_000 });

  await backlot.network.cut();
  await expect(page.getByTestId('statusbar-online')).toHaveAttribute('data-online', 'false', { timeout: 15_000 });
  await scan(barcode);
  await expect(page.getByTestId(`pack-queue-row-${order}`)).toHaveAttribute('data-status', 'labeled');
  await expect(page.getByTestId('statusbar-pending')).not.toHaveText('0 pending', { timeout: 10_000 });

  // Meanwhile the customer cancels on the website.
  await central(backlot.dataDir, (knex) => knex('shipments').where({ order_number: order }).update({ status: 'void' }));
  await backlot.network.restore();
  await page.getByTestId('statusbar-sync-now').click();

  await expect(page.getByTestId('statusbar-rejected')).toBeVisible({ timeout: 20_000 });
  await page.getByTestId('statusbar-rejected').click();
  const panel = page.getByTestId('sync-rejections');
  await expect(panel).toBeVisible();
  await expect(panel.getByTestId('sync-rejection')).toHaveCount(1);
  await expect(panel.getByTestId('sync-rejection-reason')).toContainText(/void|not open|cancel/i);
  // Nothing is left waiting to go, and the cancelled order has left the packing queue.
  await expect(page.getByTestId('statusbar-pending')).toHaveText('0 pending', { timeout: 10_000 });
  await expect(page.getByTestId(`pack-queue-row-${order}`)).toHaveCount(0, { timeout: 10_000 });
  await expect(page.getByTestId(`pack-queue-row-${first}`)).toHaveAttribute('data-status', 'labeled');

  await panel.getByTestId('sync-rejection-dismiss').click();
  await expect(panel.getByTestId('sync-rejection')).toHaveCount(0);
  await expect(panel.getByTestId('sync-rejections-empty')).toBeVisible();
  await expect(page.getByTestId('statusbar-rejected')).toHaveCount(0);
  // Escape closes it, as the close button does.
  await page.keyboard.press('Escape');
  await expect(panel).toHaveCount(0);

  // Who cleared it reaches the central office's audit trail.
  await page.getByTestId('statusbar-sync-now').click();
  await expect
    .poll(() => central(backlot.dataDir, async (knex) => (await knex('audit_log').where({ action: 'sync.rejection_dismissed' }).first('staff_id', 'reason')) ?? null), { timeout: 20_000 })
    .toMatchObject({ reason: expect.stringContaining('shipment.') });
});
