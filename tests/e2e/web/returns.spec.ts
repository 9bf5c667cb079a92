/**
 * Issue 16 item 5, returns that always submit: Enter in any field or the
 * button submits; the damaged path books the disc damaged with its reason;
 * each result replaces the one before; the next title shown is the one of
 * the return just made. At both floor screen sizes, with screenshots.
 */
import type { Knex } from 'knex';
import { withCentralDb as central } from '../kit/central-db';
import { test, expect } from '../kit/fixtures';

test.use({ scenario: 'packing-day' });

/** Discs out with SJC customers whose queue holds a title in stock at SJC: a check-in allocates their next title. */
async function returnsWithNextTitle(knex: Knex, count: number): Promise<Array<{ barcode: string; customer_id: number; order_number: string }>> {
  const rows = await knex('shipments as s')
    .join('discs as d', 'd.id', 's.disc_id')
    .join('customers as c', 'c.id', 's.customer_id')
    .where({ 's.status': 'shipped', 's.dc': 'SJC', 'c.status': 'active' })
    .orderBy('s.id')
    .select('d.barcode', 's.customer_id', 's.order_number');
  const found: Array<{ barcode: string; customer_id: number; order_number: string }> = [];
  for (const r of rows) {
    if (found.some((f) => f.customer_id === r.customer_id)) continue;
    const queued = await knex('rental_queue as q')
      .join('discs as d', function () {
        this.on('d.title_id', 'q.title_id').andOnVal('d.home_dc', 'SJC').andOnVal('d.status', 'in_stock');
      })
      .where('q.customer_id', r.customer_id)
      .whereNotIn('q.title_id', knex('shipments').select('title_id').where('customer_id', r.customer_id))
      .first('q.title_id');
    if (queued) found.push(r);
    if (found.length === count) return found;
  }
  throw new Error(`the packing-day scenario has fewer than ${count} returns with a queued title in stock`);
}

for (const size of [
  { width: 1024, height: 768 },
  { width: 1366, height: 768 },
]) {
  test(`returns at ${size.width}x${size.height}: a damaged disc is booked with its reason from the keyboard, each result replaces the last, the next title is that return's`, async ({ backlot }) => {
    test.setTimeout(120_000);
    const { page } = backlot;
    const shot = (name: string) => page.screenshot({ path: `test-results/screens/returns-${size.width}x${size.height}-${name}.png` });
    await page.setViewportSize(size);
    await backlot.signInAs('warehouse');
    await page.getByTestId('nav-returns').click();
    const [broken, good] = await central(backlot.dataDir, (knex) => returnsWithNextTitle(knex, 2));

    // Damaged, with no reason yet: Enter is refused in words, the disc stays out and the barcode stays typed.
    const scan = page.getByTestId('returns-scan-input');
    await expect(scan).toBeFocused();
    await scan.pressSequentially(broken!.barcode, { delay: 2 });
    await page.getByTestId('returns-damaged').check();
    await expect(page.getByTestId('returns-damage-reason')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('returns-error')).toContainText('Say what is damaged');
    await expect(page.getByTestId('returns-damage-reason')).toBeFocused();
    await expect(scan).toHaveValue(broken!.barcode);
    await shot('1-damage-reason-missing');

    // The reason typed, Enter in that field books it damaged.
    await page.keyboard.type('cracked hub');
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('returns-result')).toHaveAttribute('data-disc-status', 'damaged');
    await expect(page.getByTestId('returns-result')).toContainText('booked damaged');
    await expect(page.getByTestId('returns-error')).toHaveCount(0);
    await expect(scan).toBeFocused();
    await expect.poll(() => central(backlot.dataDir, (knex) => knex('discs').where('barcode', broken!.barcode).first('status', 'damage_reason')), { timeout: 20_000 }).toEqual({ status: 'damaged', damage_reason: 'cracked hub' });
    await expect(page.getByTestId('returns-next')).toHaveAttribute('data-for-order', broken!.order_number, { timeout: 20_000 });
    await shot('2-booked-damaged');

    // An unknown barcode, submitted with the button: its error replaces the result and the next title.
    await scan.fill('BLD000000000');
    await page.getByTestId('returns-submit').click();
    await expect(page.getByTestId('returns-error')).toBeVisible();
    await expect(page.getByTestId('returns-result')).toHaveCount(0);
    await expect(page.getByTestId('returns-next')).toHaveCount(0);
    await expect(scan).toBeFocused();
    await shot('3-unknown-replaces');

    // A good disc, Enter from the checkbox: back in stock, and the next title shown is this customer's new order.
    await scan.pressSequentially(good!.barcode, { delay: 2 });
    await page.getByTestId('returns-damaged').focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('returns-result')).toHaveAttribute('data-disc-status', 'in_stock');
    await expect(page.getByTestId('returns-result')).toContainText(good!.order_number);
    await expect(page.getByTestId('returns-next')).toHaveAttribute('data-for-order', good!.order_number, { timeout: 20_000 });
    const allocated = await central(backlot.dataDir, (knex) =>
      knex('shipments as s').join('titles as t', 't.id', 's.title_id').where({ 's.customer_id': good!.customer_id, 's.status': 'allocated' }).orderBy('s.created_at', 'desc').first('s.order_number', 't.name'),
    );
    await expect(page.getByTestId('returns-next')).toContainText(allocated.order_number);
    await expect(page.getByTestId('returns-next')).toContainText(allocated.name);
    await shot('4-next-title');
  });
}
