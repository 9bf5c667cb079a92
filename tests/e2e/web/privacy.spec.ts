import { readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import type { Locator, Page } from '@playwright/test';
import { privacyMethods } from '../../../core/privacy/contract';
import { withCentralDb } from '../kit/central-db';
import { test, expect } from '../kit/fixtures';

// 600 customers: enough rentals in a month for some groups of 10 or more, and still small groups to withhold.
test.use({ scenario: 'packing-day' });

interface Person {
  email: string;
  phone: string | null;
  full_name: string;
}

/** The central database the kit seeded: the test's own knowledge of every customer's contact details. */
function everyCustomer(dataDir: string): Promise<Person[]> {
  return withCentralDb(dataDir, (knex) => knex('customers').select('email', 'phone', 'full_name'));
}

async function download(page: Page, link: Locator): Promise<{ name: string; text: string }> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const path = await file.path();
  return { name: file.suggestedFilename(), text: readFileSync(path, 'utf8') };
}

function expectNoContactDetails(text: string, people: Person[]) {
  expect(text).not.toMatch(/@/);
  expect(text).not.toMatch(/\+1\d{10}|\(\d{3}\) ?\d{3}-\d{4}|\b\d{3}-\d{3}-\d{4}\b/);
  for (const p of people) {
    if (p.phone) expect(text).not.toContain(p.phone.slice(2));
    expect(text).not.toContain(p.email);
  }
}

async function noSeriousAxeViolations(page: Page, where: string) {
  const results = await new AxeBuilder({ page }).analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(bad, `${where}: ${bad.map((v) => `${v.id} (${v.nodes.map((n) => n.target.join(' ')).join('; ')})`).join(', ')}`).toEqual([]);
}

test('a supervisor approves an affiliate, runs a partner campaign, a report and a redaction, and finds each on record', async ({ backlot }) => {
  test.setTimeout(120_000);
  const { page } = backlot;
  const people = await everyCustomer(backlot.dataDir);
  await backlot.signInAs('supervisor');
  await page.getByTestId('nav-privacy').click();
  await expect(page.getByTestId('privacy-screen')).toBeVisible();
  await noSeriousAxeViolations(page, 'affiliates');

  // 1. Approve an affiliate application, with a reason.
  const applied = (await backlot.rpc('privacy.affiliates.list', { status: 'applied' })).data as { affiliates: { id: number; siteName: string }[] };
  const affiliate = applied.affiliates[0]!;
  await page.getByTestId(`privacy-affiliate-open-${affiliate.id}`).click();
  await expect(page.getByTestId('privacy-affiliate-detail')).toContainText(affiliate.siteName);
  await page.getByTestId('privacy-affiliate-reason').fill('Family-friendly film site, links checked.');
  await page.getByTestId('privacy-affiliate-approve').click();
  await expect(page.getByTestId(`privacy-affiliate-status-${affiliate.id}`)).toHaveText('Approved');
  await expect(page.getByTestId('privacy-affiliate-history')).toContainText('Family-friendly film site, links checked.');

  // 2. A postal partner campaign; both files downloaded and read.
  await page.getByTestId('privacy-tab-campaigns').click();
  await page.getByTestId('privacy-campaign-name').fill('Autumn thrillers');
  await page.getByTestId('privacy-campaign-partner').fill('Criterion Club');
  await page.getByTestId('privacy-campaign-vendor').fill('Acme Mailing House');
  for (const genre of ['thriller', 'horror', 'crime', 'drama', 'comedy']) await page.getByTestId(`privacy-campaign-genre-${genre}`).check();
  await page.getByTestId('privacy-campaign-days').fill('120');
  await page.getByTestId('privacy-campaign-preview').click();
  await expect(page.getByTestId('privacy-campaign-eligible')).toHaveText(/^[1-9]\d*$/);
  const eligible = Number(await page.getByTestId('privacy-campaign-eligible').textContent());
  await noSeriousAxeViolations(page, 'campaigns');
  await page.getByTestId('privacy-campaign-export').click();
  await expect(page.getByTestId('privacy-campaign-created')).toContainText(`${eligible} recipients`);
  await expect(page.getByTestId('privacy-campaign-file-0')).toHaveAttribute('data-audience', 'vendor');
  await expect(page.getByTestId('privacy-campaign-file-1')).toHaveAttribute('data-audience', 'partner');
  const vendor = await download(page, page.getByTestId('privacy-campaign-file-0-download'));
  const partner = await download(page, page.getByTestId('privacy-campaign-file-1-download'));
  expect(vendor.name).toMatch(/^vendor-acme-mailing-house-autumn-thrillers-.*-mailing-list\.csv$/);
  const vendorLines = vendor.text.trim().split('\r\n');
  expect(vendorLines[0]).toBe('vendor_token,line1,line2,city,state,zip5,zip4');
  expect(vendorLines).toHaveLength(eligible + 1);
  expectNoContactDetails(vendor.text, people);
  for (const p of people) expect(vendor.text.toUpperCase()).not.toContain(p.full_name.toUpperCase());
  const partnerLines = partner.text.trim().split('\r\n');
  expect(partnerLines[0]).toBe('campaign_ref,channel,recipient_count,vendor_token');
  expect(partnerLines).toHaveLength(eligible + 1);
  expect(partnerLines.slice(1).every((l) => /^[0-9A-Z]{26},postal,\d+,vt_[0-9a-f]{20}$/.test(l))).toBe(true);
  expectNoContactDetails(partner.text, people);
  // The fallback view shows the same text (a textarea's value has LF line ends).
  await page.getByTestId('privacy-campaign-file-1-view').click();
  await expect(page.getByTestId('privacy-campaign-file-1-content')).toHaveValue(partner.text.replace(/\r\n/g, '\n'));

  // 3. An aggregate report with withheld figures, as a table and a chart, exported.
  await page.getByTestId('privacy-tab-reports').click();
  await page.getByTestId('privacy-report-k').fill('10');
  await page.getByTestId('privacy-report-run').click();
  await expect(page.getByTestId('privacy-report-table')).toBeVisible();
  await expect(page.locator('[data-testid^="privacy-report-cell-"][data-suppressed="true"]').first()).toBeVisible();
  await expect(page.locator('[data-testid^="privacy-report-cell-"][data-suppressed="false"]').first()).toBeVisible();
  await expect(page.getByTestId('privacy-report-chart')).toBeVisible();
  await page.getByTestId('privacy-report-chart-region').selectOption({ label: 'West' });
  await expect(page.getByTestId('privacy-report-chart').locator('[data-withheld="true"]').first()).toBeAttached();
  await noSeriousAxeViolations(page, 'reports');
  await page.getByTestId('privacy-report-recipient').fill('Acme Advertising');
  await page.getByTestId('privacy-report-export').click();
  const report = await download(page, page.getByTestId('privacy-report-file-0-download'));
  expect(report.text.split('\r\n')[0]).toBe('month,genre,region,rentals,status');
  expect(report.text).toContain(',withheld');

  // 4. Redact an email address from a review.
  const queue = (await backlot.rpc('privacy.reviews.queue', {})).data as { items: { reviewId: number; body: string; flags: { kind: string; start: number; end: number }[] }[] };
  const leaky = queue.items.find((i) => i.flags.some((f) => f.kind === 'email'))!;
  const flag = leaky.flags.find((f) => f.kind === 'email')!;
  const email = leaky.body.slice(flag.start, flag.end);
  await page.getByTestId('privacy-tab-reviews').click();
  await expect(page.getByTestId(`privacy-review-body-${leaky.reviewId}`).locator('mark[data-kind="email"]')).toContainText(email);
  await noSeriousAxeViolations(page, 'reviews');
  await page.getByTestId(`privacy-review-redact-${leaky.reviewId}`).click();
  await expect(page.getByTestId('privacy-review-result')).toContainText('[removed]');
  await expect(page.getByTestId('privacy-review-result')).not.toContainText(email);
  await expect(page.getByTestId(`privacy-review-${leaky.reviewId}`)).toHaveCount(0);

  // 5. The disclosure register has the campaign's files and the report.
  await page.getByTestId('privacy-tab-disclosures').click();
  await page.getByTestId('privacy-disclosures-refresh').click();
  const register = page.getByTestId('privacy-disclosures-table');
  await expect(register.locator('[data-kind="campaign_vendor_list"]')).toContainText('Acme Mailing House');
  await expect(register.locator('[data-kind="campaign_partner_file"]')).toContainText('Criterion Club');
  await expect(register.locator('[data-kind="aggregate_report"]')).toContainText('Acme Advertising');
  await noSeriousAxeViolations(page, 'disclosures');
  for (const tab of ['statements', 'policy'] as const) {
    await page.getByTestId(`privacy-tab-${tab}`).click();
    await expect(page.getByTestId(`privacy-panel-${tab}`)).toBeVisible();
    await noSeriousAxeViolations(page, tab);
  }

  // 6. The audit viewer shows the approval and the redaction, by the supervisor.
  await page.getByTestId('nav-audit').click();
  await page.getByTestId('audit-staff').fill('sue');
  await page.getByTestId('audit-search').click();
  const audit = page.getByTestId('audit-table');
  await expect(audit.locator('[data-action="affiliate.decided"]')).toContainText(affiliate.siteName);
  await expect(audit.locator('[data-action="review.moderated"]')).toContainText('redact');
  await expect(audit.locator('[data-action="campaign.exported"]')).toBeVisible();
  await noSeriousAxeViolations(page, 'audit');
});

test('the privacy tabs are keyboard usable', async ({ backlot }) => {
  const { page } = backlot;
  await backlot.signInAs('admin');
  await page.keyboard.press('Alt+4');
  await expect(page.getByTestId('privacy-screen')).toBeVisible();
  await page.getByTestId('privacy-tab-affiliates').focus();
  await page.keyboard.press('ArrowRight');
  await expect(page.getByTestId('privacy-tab-campaigns')).toBeFocused();
  await expect(page.getByTestId('privacy-panel-campaigns')).toBeVisible();
  await page.keyboard.press('End');
  await expect(page.getByTestId('privacy-tab-policy')).toHaveAttribute('aria-selected', 'true');
  await page.keyboard.press('Home');
  await expect(page.getByTestId('privacy-panel-affiliates')).toBeVisible();
  await page.keyboard.press('Alt+5');
  await expect(page.getByTestId('audit-screen')).toBeVisible();
});

test('a rep cannot open either screen and gets FORBIDDEN from every back-office method', async ({ backlot }) => {
  const { page } = backlot;
  await backlot.signInAs('cs_rep');
  await expect(page.getByTestId('nav-privacy')).toHaveCount(0);
  await expect(page.getByTestId('nav-audit')).toHaveCount(0);
  await page.keyboard.press('Alt+4');
  await page.keyboard.press('Alt+5');
  await expect(page.getByTestId('privacy-screen')).toHaveCount(0);
  await expect(page.getByTestId('audit-screen')).toHaveCount(0);
  for (const method of Object.keys(privacyMethods)) {
    const res = await backlot.rpc(method, {});
    expect(res.ok, method).toBe(false);
    expect(res.error?.code, method).toBe('FORBIDDEN');
  }
});
