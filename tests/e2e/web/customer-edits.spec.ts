import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { withCentralDb } from '../kit/central-db';
import { test, expect, type Backlot } from '../kit/fixtures';

/**
 * A rep on the phone (issue #5): verifies the caller, unsubscribes them from
 * newsletters and partner mailings, corrects their address after seeing the
 * Pub 28 form, changes their card; after a sync the central office holds it
 * all, the 360 view shows the consent history with the rep and the channel,
 * and no file of the run holds the card number (policy: only the processor's
 * token and the last 4 are ever kept).
 */

const CARD = '4111 1111 1111 1111';
const MISTYPED = '4111 1111 1111 1112';
const YEAR = String(new Date().getUTCFullYear() + 3);

/** A caller the test knows about from the central database: email, ZIP of the current address, last 4 of the current card. */
function aCaller(dataDir: string) {
  return withCentralDb(dataDir, async (knex) => {
    const row = await knex('customers as c')
      .join('addresses as a', (j) => j.on('a.customer_id', 'c.id').andOn('a.is_current', knex.raw('1')))
      .join('payment_methods as p', (j) => j.on('p.customer_id', 'c.id').andOn('p.is_current', knex.raw('1')))
      .join('preferences as pr', 'pr.customer_id', 'c.id')
      .where({ 'c.status': 'active', 'pr.email_newsletter': 1, 'pr.partner_mailings_excluded': 0 })
      .orderBy('c.id')
      .first('c.id', 'c.email', 'c.full_name', 'a.zip5', 'p.last4');
    return row as { id: number; email: string; full_name: string; zip5: string; last4: string };
  });
}

async function noSeriousAxeViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).include('[data-testid="customer360"]').analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `${where}: ${bad.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`).join(', ')}`).toEqual([]);
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

function spellings(number: string): string[] {
  const digits = number.replace(/\D/g, '');
  const groups = digits.match(/.{1,4}/g)!;
  return [digits, groups.join(' '), groups.join('-')];
}

async function openCustomer(backlot: Backlot, email: string) {
  const { page } = backlot;
  await page.getByTestId('lookup-search-input').fill(email);
  await expect(page.getByTestId('lookup-results').locator('[role=option]').first()).toBeVisible();
  await page.getByTestId('lookup-search-input').press('Enter');
  await expect(page.getByTestId('customer360')).toBeVisible();
}

test('a rep verifies a caller, changes preferences, address and card; the central office holds it all and no file holds the card number', async ({ backlot }) => {
  test.setTimeout(120_000);
  const { page } = backlot;
  const caller = await aCaller(backlot.dataDir);
  await backlot.signInAs('cs_rep');
  await openCustomer(backlot, caller.email);
  await expect(page.getByTestId('c360-name')).toHaveText(caller.full_name);

  // Nothing can be changed before the caller is verified: the forms are not there, and main refuses anyway.
  await expect(page.getByTestId('prefs-newsletter-toggle')).toHaveCount(0);
  const refused = await backlot.rpc('customers.setPreference', { customerId: caller.id, field: 'emailNewsletter', value: false });
  expect(refused.error?.code).toBe('FORBIDDEN');

  // 1. Verify the caller, by keyboard: ZIP, Tab, last 4, Enter.
  await page.getByTestId('c360-verify-zip').focus();
  await page.keyboard.type(caller.zip5);
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('c360-verify-last4')).toBeFocused();
  await page.keyboard.type(caller.last4);
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('c360-verified')).toContainText('Caller verified');
  await noSeriousAxeViolations(page, 'edit forms');

  // 2. Unsubscribe from newsletters, exclude from partner mailings.
  await expect(page.getByTestId('prefs-newsletter-toggle')).toBeChecked();
  await page.getByTestId('prefs-newsletter-toggle').uncheck();
  await expect(page.getByTestId('prefs-saved')).toContainText('Newsletters (email): off');
  await expect(page.getByTestId('c360-pref-emailNewsletter')).toContainText('no');
  await page.getByTestId('prefs-partner-excluded-toggle').check();
  await expect(page.getByTestId('prefs-saved')).toContainText('left out');
  await expect(page.getByTestId('c360-pref-partnerMailingsExcluded')).toContainText('yes');

  // 3. Correct the address: an unmailable entry is refused next to its field, the rep previews the Pub 28 form, then saves.
  await page.getByTestId('address-line1').fill('1600 north Pennsylvania avenue');
  await page.getByTestId('address-line2').fill('Apartment 4b');
  await page.getByTestId('address-city').fill('Springfield');
  await page.getByTestId('address-state').fill('Illinois');
  await page.getByTestId('address-zip').fill('6270');
  await expect(page.getByTestId('address-save')).toBeDisabled();
  await page.getByTestId('address-preview').click();
  await expect(page.getByTestId('address-zip-error')).toBeVisible();
  await expect(page.getByTestId('address-not-mailable')).toBeVisible();
  await page.getByTestId('address-zip').fill('62704-1234');
  await page.getByTestId('address-preview').click();
  await expect(page.getByTestId('address-normalized')).toContainText('1600 N PENNSYLVANIA AVE APT 4B');
  await expect(page.getByTestId('address-normalized')).toContainText('SPRINGFIELD IL  62704-1234');
  await expect(page.getByTestId('address-zip-error')).toHaveCount(0);
  await page.getByTestId('address-save').click();
  await expect(page.getByTestId('address-saved')).toContainText('1600 N PENNSYLVANIA AVE APT 4B');
  await expect(page.getByTestId('c360-address')).toContainText('SPRINGFIELD IL  62704-1234');

  // 4. Change the card: a mistyped number is caught as it is typed, the right one is sent.
  await page.getByTestId('card-number').fill(MISTYPED);
  await expect(page.getByTestId('card-number-error')).toHaveText('This card number is mistyped (check digit does not match).');
  await page.getByTestId('card-number').fill(CARD);
  await expect(page.getByTestId('card-number-error')).toHaveCount(0);
  await page.getByTestId('card-exp-month').fill('9');
  await page.getByTestId('card-exp-year').fill(YEAR);
  await page.getByTestId('card-save').click();
  await expect(page.getByTestId('card-saved')).toContainText('VISA ending 1111');
  await expect(page.getByTestId('c360-card')).toHaveText(`VISA ending 1111 (exp 09/${YEAR})`);
  await expect(page.getByTestId('card-number')).toHaveValue('');
  expect(await page.locator('body').innerText()).not.toMatch(/\d{13,19}|\d{4} \d{4} \d{4} \d{4}/);

  // 5. Sync, then read the central database.
  const synced = await backlot.rpc('sync.now', {});
  expect(synced.ok).toBe(true);
  expect(synced.data).toMatchObject({ pendingMutations: 0, rejectedMutations: 0 });
  await withCentralDb(backlot.dataDir, async (k) => {
    const prefs = await k('preferences').where({ customer_id: caller.id }).first();
    expect([Boolean(prefs.email_newsletter), Boolean(prefs.partner_mailings_excluded), Boolean(prefs.email_offers)]).toEqual([false, true, true]);
    const events = await k('consent_events').where({ customer_id: caller.id, channel: 'phone' }).orderBy('at');
    expect(events.map((e) => [e.field, e.old_value, e.new_value, e.staff_id])).toEqual([
      ['email_newsletter', 'true', 'false', 'stf_carl'],
      ['partner_mailings_excluded', 'false', 'true', 'stf_carl'],
    ]);
    const address = await k('addresses').where({ customer_id: caller.id, is_current: 1 }).first();
    expect(address).toMatchObject({ line1: '1600 N PENNSYLVANIA AVE APT 4B', city: 'SPRINGFIELD', state: 'IL', zip5: '62704', zip4: '1234' });
    expect(JSON.parse(address.raw)).toMatchObject({ line1: '1600 north Pennsylvania avenue', zip: '62704-1234' });
    const card = await k('payment_methods').where({ customer_id: caller.id, is_current: 1 }).first();
    expect(card).toMatchObject({ brand: 'visa', last4: '1111', exp_month: 9, exp_year: Number(YEAR) });
    expect(card.processor_token).toMatch(/^tok_demo_/);
    const audit = await k('audit_log').where({ customer_id: caller.id }).pluck('action');
    expect(audit).toEqual(expect.arrayContaining(['customer.caller_verified', 'customer.address_updated', 'customer.card_changed']));
  });

  // 6. The consent history in the 360 view: the rep and the channel.
  const rows = page.getByTestId('c360-consent-row');
  await expect(rows).toHaveCount(2);
  for (const field of ['email_newsletter', 'partner_mailings_excluded']) {
    const row = page.locator(`[data-testid="c360-consent-row"][data-field="${field}"]`);
    await expect(row.getByTestId('c360-consent-rep')).toHaveText('Carl Service');
    await expect(row.getByTestId('c360-consent-channel')).toHaveText('by phone');
  }

  // 7. No file of the run holds the card number, or the mistyped one, in any spelling.
  await page.waitForTimeout(500); // the station's and the API's log writers flush
  const files = filesUnder(backlot.dataDir);
  expect(files.some((f) => f.endsWith(join('central', 'central.sqlite')))).toBe(true);
  expect(files.some((f) => f.endsWith(join('station', 'station.sqlite')))).toBe(true);
  expect(files.some((f) => f.endsWith('.log'))).toBe(true);
  for (const file of files) {
    const text = readFileSync(file).toString('latin1');
    for (const s of [...spellings(CARD), ...spellings(MISTYPED)]) expect(text.includes(s), `${s} in ${file}`).toBe(false);
  }
});

test('card changes need the central office and say so; the other edits still work offline', async ({ backlot }) => {
  const { page } = backlot;
  const caller = await aCaller(backlot.dataDir);
  await backlot.signInAs('cs_rep');
  await openCustomer(backlot, caller.email);
  await page.getByTestId('c360-verify-method-email').check();
  await page.getByTestId('c360-verify-email').fill(caller.email.toUpperCase());
  await page.getByTestId('c360-verify-submit').click();
  await expect(page.getByTestId('c360-verified')).toBeVisible();

  await backlot.network.cut();
  await page.getByTestId('card-number').fill('4242 4242 4242 4242');
  await page.getByTestId('card-exp-month').fill('12');
  await page.getByTestId('card-exp-year').fill(YEAR);
  await page.getByTestId('card-save').click();
  await expect(page.getByTestId('card-error')).toHaveAttribute('data-error-code', 'OFFLINE');
  await expect(page.getByTestId('card-error')).toContainText('needs the central office');

  await page.getByTestId('prefs-surveys-toggle').uncheck();
  await expect(page.getByTestId('prefs-saved')).toContainText('next sync');
  await page.getByTestId('contact-phone').fill('408 555 01');
  await page.getByTestId('contact-save').click();
  await expect(page.getByTestId('contact-phone-error')).toBeVisible();
  await expect(page.getByTestId('contact-phone')).toHaveAttribute('aria-invalid', 'true');
  await page.getByTestId('contact-phone').fill('(408) 555-0177');
  await page.getByTestId('contact-save').click();
  await expect(page.getByTestId('contact-saved')).toContainText('phone');
  await backlot.network.restore();
});
