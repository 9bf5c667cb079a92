/**
 * A station shared between people (issue 11, point 1): sign-out, a sign-in of
 * someone else, and a switch at the lock screen are clean slates. Nothing of
 * the rep's query, results or opened customer reaches the next person's
 * screen, not even for one frame (every DOM change is checked as it happens,
 * before the browser paints it), and nothing is audited in the next person's
 * name that they did not open.
 */
import type { Page } from '@playwright/test';
import { withCentralDb, withStationDb } from '../kit/central-db';
import { test, expect, type Backlot } from '../kit/fixtures';
import { demoStaffId } from '../../../core/demo/staff';

interface Customer {
  id: number;
  full_name: string;
  email: string;
  phone: string;
}

function customerWithPhone(dataDir: string, offset = 0): Promise<Customer> {
  return withCentralDb(dataDir, (knex) => knex('customers').whereNotNull('phone').orderBy('id').offset(offset).first('id', 'full_name', 'email', 'phone'));
}

/** The phone as a caller reads it out, the way the rep typed it into the box. */
const spoken = (phone: string) => {
  const n = phone.slice(2);
  return `(${n.slice(0, 3)}) ${n.slice(3, 6)}-${n.slice(6)}`;
};

/**
 * From now on, records any moment the page's DOM (text, or any input's value)
 * holds one of `secrets`: a MutationObserver runs before the browser paints,
 * so a frame that showed it is caught even if the next render removed it.
 */
async function watchForLeaks(page: Page, secrets: string[]): Promise<() => Promise<string[]>> {
  await page.evaluate((needles) => {
    const w = window as unknown as { __leaks: string[]; __leakObserver?: MutationObserver };
    w.__leaks = [];
    const check = () => {
      // What a person can see: rendered text, and the values of the fields on screen (a hidden shell under the lock screen is not on screen).
      const fields = [...document.querySelectorAll('input, select, textarea')].filter((e) => e.checkVisibility());
      const text = `${document.body.innerText}\n${fields.map((e) => (e as HTMLInputElement).value).join('\n')}`;
      for (const n of needles) if (text.includes(n)) w.__leaks.push(n);
    };
    w.__leakObserver?.disconnect();
    w.__leakObserver = new MutationObserver(check);
    w.__leakObserver.observe(document.body, { subtree: true, childList: true, characterData: true, attributes: true });
    document.addEventListener('input', check, true);
    check();
  }, secrets);
  return () => page.evaluate(() => [...new Set((window as unknown as { __leaks: string[] }).__leaks)]);
}

async function repOpensCustomerByPhone(backlot: Backlot, customer: Customer, reason: string) {
  const { page } = backlot;
  await backlot.signInAs('cs_rep');
  await page.getByTestId('lookup-reason').selectOption(reason);
  await page.getByTestId('lookup-search-input').fill(spoken(customer.phone));
  await expect(page.getByTestId(`lookup-result-customer-${customer.id}`)).toHaveAttribute('aria-selected', 'true');
  await page.getByTestId('lookup-search-input').press('Enter');
  await expect(page.getByTestId('c360-email')).toHaveText(customer.email);
  // Shown in national format, the E.164 form kept underneath.
  await expect(page.getByTestId('c360-phone')).toHaveAttribute('data-e164', customer.phone);
}

const viewedBy = (dataDir: string) =>
  withStationDb(dataDir, (knex) => knex('audit_log').where({ action: 'customer.viewed' }).orderBy('at').select('staff_id', 'customer_id', 'reason'));

test('rep then packer on one station: the packer lands on an empty Lookup, and never sees the rep’s query, results or customer', async ({ backlot }) => {
  const { page } = backlot;
  const customer = await customerWithPhone(backlot.dataDir);
  await repOpensCustomerByPhone(backlot, customer, 'phone_call');
  await backlot.signOut();

  const leaks = await watchForLeaks(page, [customer.email, customer.phone, spoken(customer.phone), customer.full_name]);
  await backlot.signInAs('warehouse');
  await expect(page.getByTestId('screen-lookup')).toBeVisible();
  await expect(page.getByTestId('lookup-search-input')).toHaveValue('');
  await expect(page.getByTestId('lookup-results').locator('[role=option]')).toHaveCount(0);
  await expect(page.getByTestId('customer360')).toHaveCount(0);
  // Long enough for a late answer of the rep's, or a re-opening, to have shown up.
  await page.waitForTimeout(1500);
  expect(await leaks()).toEqual([]);

  // The packer's own search for the same customer still shows no contact details (policy: warehouse staff never see them).
  await page.getByTestId('lookup-search-input').fill(customer.full_name.split(' ').at(-1)!);
  await page.waitForTimeout(500);
  const text = await page.locator('body').innerText();
  expect(text).not.toContain(customer.email);
  expect(text).not.toContain(customer.phone);
  expect((await viewedBy(backlot.dataDir)).map((r) => r.staff_id)).toEqual([demoStaffId('carl')]);
});

test('rep then supervisor on one station: no customer 360, no reason carried over, and the audit names only the rep', async ({ backlot }) => {
  const { page } = backlot;
  const customer = await customerWithPhone(backlot.dataDir, 1);
  await repOpensCustomerByPhone(backlot, customer, 'email');
  await backlot.signOut();

  const leaks = await watchForLeaks(page, [customer.email, customer.phone, spoken(customer.phone), customer.full_name]);
  await backlot.signInAs('supervisor');
  await expect(page.getByTestId('screen-lookup')).toBeVisible();
  await expect(page.getByTestId('lookup-search-input')).toHaveValue('');
  await expect(page.getByTestId('lookup-reason')).toHaveValue('phone_call');
  await expect(page.getByTestId('customer360')).toHaveCount(0);
  await page.waitForTimeout(1500);
  expect(await leaks()).toEqual([]);
  const viewed = await viewedBy(backlot.dataDir);
  expect(viewed).toEqual([{ staff_id: demoStaffId('carl'), customer_id: customer.id, reason: 'email' }]);
});

test('rep locks the station, the supervisor signs in from the lock screen: the locked screen shows nothing of the rep’s work, and the supervisor starts afresh', async ({ backlot }) => {
  const { page } = backlot;
  const customer = await customerWithPhone(backlot.dataDir, 2);
  await repOpensCustomerByPhone(backlot, customer, 'follow_up');
  await page.getByTestId('shell-lock').click();
  await expect(page.getByTestId('lock-screen')).toBeVisible();

  // From the moment the station is locked, the next person at it sees nothing of the rep's customer.
  const leaks = await watchForLeaks(page, [customer.email, customer.phone, spoken(customer.phone), customer.full_name]);
  await expect(page.getByTestId('c360-email')).toBeHidden();
  await page.getByTestId('lock-switch-user').click();
  await page.getByTestId('lock-username').fill('sue');
  await page.getByTestId('lock-secret').fill('3333');
  await page.getByTestId('lock-submit').click();
  await expect(page.getByTestId('statusbar-user')).toContainText('Supervisor');
  await expect(page.getByTestId('lookup-search-input')).toHaveValue('');
  await expect(page.getByTestId('customer360')).toHaveCount(0);
  await page.waitForTimeout(1500);
  expect(await leaks()).toEqual([]);
  // The rep's session ended in main, not only on screen.
  expect((await backlot.rpc('auth.session')).data).toMatchObject({ staff: { username: 'sue' }, locked: false });
  expect((await viewedBy(backlot.dataDir)).map((r) => r.staff_id)).toEqual([demoStaffId('carl')]);
});

test('the rep unlocking their own station finds their work where they left it', async ({ backlot }) => {
  const { page } = backlot;
  const customer = await customerWithPhone(backlot.dataDir, 3);
  await repOpensCustomerByPhone(backlot, customer, 'phone_call');
  await page.keyboard.press('Alt+L');
  await expect(page.getByTestId('lock-screen')).toBeVisible();
  await expect(page.getByTestId('c360-email')).toBeHidden();
  await page.getByTestId('lock-secret').fill('2222');
  await page.getByTestId('lock-submit').click();
  await expect(page.getByTestId('c360-email')).toHaveText(customer.email);
  await expect(page.getByTestId('lookup-search-input')).toHaveValue(spoken(customer.phone));
});
