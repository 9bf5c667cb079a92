import { withCentralDb } from '../kit/central-db';
import { test, expect } from '../kit/fixtures';

/**
 * The phone desk finds a customer however the caller says the name (issue 15
 * item 1): a fresh desk holds nobody, so these answers come from the central
 * office. Last name alone, reversed, lower-case word starts, one typo per
 * word, the customer number; and when nothing matches, what was searched and
 * the closest names.
 */
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
] as const;

/** A customer with a plain two-word name of long enough words (the test's own knowledge of the seeded data). */
async function twoWordCustomer(dataDir: string): Promise<{ id: number; full_name: string }> {
  const rows = (await withCentralDb(dataDir, (knex) => knex('customers').orderBy('id').select('id', 'full_name'))) as { id: number; full_name: string }[];
  const found = rows.find((r) => /^[A-Za-z]{5,} [A-Za-z]{5,}$/.test(r.full_name));
  if (!found) throw new Error('the seeded scenario has no plain two-word name');
  return found;
}

for (const size of SIZES) {
  test(`a rep finds a customer by last name, reversed, word starts, a typo, and the customer number (${size.width}x${size.height})`, async ({ backlot }) => {
    const { page } = backlot;
    await page.setViewportSize(size);
    const customer = await twoWordCustomer(backlot.dataDir);
    const [first, last] = customer.full_name.toLowerCase().split(' ') as [string, string];
    const dropSecond = (w: string) => w.slice(0, 1) + w.slice(2);
    await backlot.signInAs('cs_rep');
    const box = page.getByTestId('lookup-search-input');
    for (const query of [last, `${last} ${first}`, `${first.slice(0, 4)} ${last.slice(0, 3)}`, `${dropSecond(first)} ${dropSecond(last)}`, `#${customer.id}`]) {
      await box.fill(query);
      await expect(page.getByTestId(`lookup-result-customer-${customer.id}`), query).toBeVisible();
    }
    await expect(page.getByTestId(`lookup-result-customer-${customer.id}`)).toContainText(`#${customer.id}`);
    await page.screenshot({ path: `test-results/search-typo-${size.width}.png` });

    // Two letters wrong in each word: no match, but the desk says what it searched and offers the nearest names.
    const far = `${first.slice(0, 2)}xq${first.slice(4)} ${last.slice(0, 2)}zq${last.slice(4)}`;
    await box.fill(far);
    await expect(page.getByTestId('lookup-empty')).toBeVisible();
    await expect(page.getByTestId('lookup-searched')).toContainText(`“${far}”`);
    await expect(page.getByTestId('lookup-searched')).toContainText('central office');
    await expect(page.getByTestId(`lookup-closest-${customer.id}`)).toBeVisible();
    await page.screenshot({ path: `test-results/search-closest-${size.width}.png` });
    await page.getByTestId(`lookup-closest-${customer.id}`).click();
    await expect(page.getByTestId('c360-name')).toHaveText(customer.full_name);
  });
}
