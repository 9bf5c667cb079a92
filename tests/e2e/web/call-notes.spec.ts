import { withCentralDb, withStationDb } from '../kit/central-db';
import { test, expect } from '../kit/fixtures';

/** Call notes (issue 15 item 6): a rep notes the call; it is in the 360's history by name at once, audited, and queued for the central office. */
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
] as const;

for (const size of SIZES) {
  test(`a rep adds a short note to the customer on the phone (${size.width}x${size.height})`, async ({ backlot }) => {
    const { page } = backlot;
    await page.setViewportSize(size);
    const customer = (await withCentralDb(backlot.dataDir, (knex) => knex('customers').where({ status: 'active' }).orderBy('id').first('id', 'email', 'full_name'))) as { id: number; email: string; full_name: string };
    await backlot.signInAs('cs_rep');
    await page.getByTestId('lookup-search-input').fill(customer.email);
    await expect(page.getByTestId(`lookup-result-customer-${customer.id}`)).toBeVisible();
    await page.getByTestId('lookup-search-input').press('Enter');
    await expect(page.getByTestId('c360-name')).toHaveText(customer.full_name);

    const note = 'Disc never arrived; told them a replacement ships tomorrow.';
    await page.getByTestId('c360-note-body').fill(note);
    await page.getByTestId('c360-note-save').click();
    await expect(page.getByTestId('c360-note-saved')).toBeVisible();
    await expect(page.getByTestId('c360-note-body')).toHaveValue('');
    const entry = page.getByTestId('c360-history-list').locator('li', { has: page.getByTestId('c360-history-note') });
    await expect(entry).toContainText(note);
    await expect(entry).toContainText('Carl Service');
    await expect(entry).toContainText('phone call');
    await page.keyboard.press('Alt+Shift+Digit8');
    await page.screenshot({ path: `test-results/call-note-${size.width}.png` });

    const audited = await withStationDb(backlot.dataDir, (knex) => knex('audit_log').where({ customer_id: customer.id, action: 'customer.note_added' }).count({ n: '*' }).first());
    expect(Number(audited?.n)).toBe(1);
  });
}
