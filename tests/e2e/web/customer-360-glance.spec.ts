import { withCentralDb } from '../kit/central-db';
import { test, expect } from '../kit/fixtures';

/**
 * The 360 at a glance (issue 15 item 3): a summary that stays in view, the
 * shell (navigation, status bar) fixed while only the content scrolls,
 * sections by keyboard, long lists paged ("20 of 26 · show all"), the phone
 * in national format with E.164 underneath, the customer number shown and
 * searchable, history by staff name, the address form prefilled.
 */
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
] as const;

interface Busy {
  id: number;
  full_name: string;
  email: string;
  phone: string;
  zip5: string;
  last4: string;
  queued: number;
}

/** The seeded customer with the longest queue (and a current address and card), from the central database. */
function busyCustomer(dataDir: string): Promise<Busy> {
  return withCentralDb(dataDir, async (knex) => {
    const row = await knex('customers as c')
      .join('addresses as a', (j) => j.on('a.customer_id', 'c.id').andOn('a.is_current', knex.raw('1')))
      .join('payment_methods as p', (j) => j.on('p.customer_id', 'c.id').andOn('p.is_current', knex.raw('1')))
      .join('rental_queue as q', 'q.customer_id', 'c.id')
      .whereNotNull('c.phone')
      .where('c.status', 'active')
      .groupBy('c.id', 'c.full_name', 'c.email', 'c.phone', 'a.zip5', 'p.last4')
      .orderByRaw('count(*) desc, c.id')
      .first('c.id', 'c.full_name', 'c.email', 'c.phone', 'a.zip5', 'p.last4', knex.raw('count(*) as queued'));
    return { ...row, queued: Number(row.queued) } as Busy;
  });
}

for (const size of SIZES) {
  test(`the 360 reads at a glance and keeps its summary and the shell in view (${size.width}x${size.height})`, async ({ backlot }) => {
    test.setTimeout(90_000);
    const { page } = backlot;
    await page.setViewportSize(size);
    const customer = await busyCustomer(backlot.dataDir);
    expect(customer.queued, 'the seeded data has a customer with a queue longer than one page').toBeGreaterThan(20);
    await backlot.signInAs('cs_rep');

    // Found by customer number; the hit shows it and the phone in national format.
    await page.getByTestId('lookup-search-input').fill(`#${customer.id}`);
    const hit = page.getByTestId(`lookup-result-customer-${customer.id}`);
    await expect(hit).toContainText(`#${customer.id}`);
    const national = `(${customer.phone.slice(2, 5)}) ${customer.phone.slice(5, 8)}-${customer.phone.slice(8)}`;
    await expect(hit).toContainText(national);
    await page.getByTestId('lookup-search-input').press('Enter');

    await expect(page.getByTestId('c360-name')).toHaveText(customer.full_name);
    await expect(page.getByTestId('c360-number')).toHaveText(`Customer #${customer.id}`);
    await expect(page.getByTestId('c360-phone')).toHaveText(national);
    await expect(page.getByTestId('c360-phone')).toHaveAttribute('data-e164', customer.phone);
    for (const fact of ['status', 'plan', 'discs-out', 'last-payment', 'age', 'last-contact']) await expect(page.getByTestId(`c360-${fact}`)).toBeVisible();
    await expect(page.getByTestId('c360-discs-out')).toHaveText(/^\d+ of \d+$/);

    // The queue says how much it shows, and shows the rest on request.
    await expect(page.getByTestId('c360-queue')).toContainText(`20 of ${customer.queued}`);
    await expect(page.getByTestId('c360-queue-list').locator('li')).toHaveCount(20);

    // The history names staff by display name, and the opening shows there (read again, not opened again).
    await expect(page.getByTestId('c360-history-list')).toContainText('Opened');
    await expect(page.getByTestId('c360-history-list')).toContainText('Carl');
    await expect(page.getByTestId('c360-history-list')).not.toContainText('stf_');

    // Keyboard: Alt+Shift+8 jumps to the history; the summary, the navigation and the status bar stay in view.
    await page.keyboard.press('Alt+Shift+Digit8');
    await expect(page.locator('#c360-history-title')).toBeFocused();
    await expect(page.getByTestId('c360-summary')).toBeInViewport();
    await expect(page.getByTestId('c360-name')).toBeInViewport();
    await expect(page.getByTestId('nav')).toBeInViewport();
    await expect(page.getByTestId('statusbar')).toBeInViewport();
    await page.screenshot({ path: `test-results/c360-history-${size.width}.png` });

    await page.keyboard.press('Alt+Shift+Digit3');
    await expect(page.locator('#c360-queue-title')).toBeFocused();
    await page.getByTestId('c360-queue-all').click();
    await expect(page.getByTestId('c360-queue-list').locator('li')).toHaveCount(customer.queued);
    await expect(page.getByTestId('statusbar')).toBeInViewport();
    await page.screenshot({ path: `test-results/c360-queue-${size.width}.png` });

    // The address form starts with the address on file.
    await page.getByTestId('c360-verify-zip').fill(customer.zip5);
    await page.getByTestId('c360-verify-last4').fill(customer.last4);
    await page.getByTestId('c360-verify-last4').press('Enter');
    await expect(page.getByTestId('c360-verified')).toContainText('Caller verified');
    await expect(page.getByTestId('address-zip')).toHaveValue(new RegExp(`^${customer.zip5}`));
    await expect(page.getByTestId('address-line1')).not.toHaveValue('');
  });
}
