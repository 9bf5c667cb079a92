import type { Page } from '@playwright/test';
import pino from 'pino';
import { wallClock } from '../../../core/clock';
import { ProblemMailSender } from '../../../api/mail/problem-mail-sender';
import { withCentralDb, withStationDb } from '../kit/central-db';
import { startSmtpSink } from '../../mail/smtp-sink';
import { test, expect } from '../kit/fixtures';

/**
 * Order problems on the call (issue 15 item 5), walked by keyboard: a rep
 * verifies the caller, reports that a mailed disc never arrived while the
 * station is offline (the 360 shows it reported and open at once), and once
 * the station syncs the central office's settlement shows: the replacement
 * order, and the customer's email waiting (the kit's central office has no
 * mail relay) until a mail sender on the central database sends it to a
 * local SMTP server, when the row says the customer was emailed.
 */
const SIZES = [
  { width: 1366, height: 768 },
  { width: 1024, height: 768 },
] as const;

interface Caller {
  id: number;
  email: string;
  full_name: string;
  zip5: string;
  last4: string;
  shipment_id: number;
  order_number: string;
  title_name: string;
}

/** An active, age-certified caller with a disc mailed and still out, and a copy of that title in stock for the replacement. */
function aCallerWithADiscOut(dataDir: string): Promise<Caller> {
  return withCentralDb(dataDir, async (knex) => {
    const row = (await knex('customers as c')
      .join('addresses as a', (j) => j.on('a.customer_id', 'c.id').andOn('a.is_current', knex.raw('1')))
      .join('payment_methods as p', (j) => j.on('p.customer_id', 'c.id').andOn('p.is_current', knex.raw('1')))
      .join('shipments as s', 's.customer_id', 'c.id')
      .join('titles as t', 't.id', 's.title_id')
      .where({ 'c.status': 'active', 's.status': 'shipped' })
      .whereNotNull('s.disc_id')
      .orderBy('c.id')
      .first('c.id', 'c.email', 'c.full_name', 'c.home_dc', 'a.zip5', 'p.last4', 's.id as shipment_id', 's.order_number', 's.title_id', 't.name as title_name')) as Caller & { home_dc: string; title_id: number };
    await knex('customers').where({ id: row.id }).update({ age_certified_at: '2020-01-01T00:00:00.000Z' });
    await knex('discs').insert({ title_id: row.title_id, barcode: `E2EPRB${row.shipment_id}`, home_dc: row.home_dc, status: 'in_stock', version: 1 });
    return row;
  });
}

/** The 360 and every box around it that is wider than it shows (content pushed sideways): none should be. */
function widerThanItsBox(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const out: string[] = [];
    for (let el: Element | null = document.querySelector('[data-testid="customer360"]'); el; el = el.parentElement) {
      if (el.scrollWidth > el.clientWidth + 1) out.push(`${el.tagName.toLowerCase()}.${el.className}: ${el.scrollWidth} > ${el.clientWidth}`);
    }
    return out;
  });
}

for (const size of SIZES) {
  test(`a caller's disc never arrived: reported by keyboard offline, settled by the central office after sync (${size.width}x${size.height})`, async ({ backlot }) => {
    test.setTimeout(120_000);
    const { page } = backlot;
    await page.setViewportSize(size);
    const caller = await aCallerWithADiscOut(backlot.dataDir);
    await backlot.signInAs('cs_rep');
    await page.getByTestId('lookup-search-input').fill(caller.email);
    await expect(page.getByTestId(`lookup-result-customer-${caller.id}`)).toBeVisible();
    await page.getByTestId('lookup-search-input').press('Enter');
    await expect(page.getByTestId('c360-name')).toHaveText(caller.full_name);
    await expect(page.getByTestId('c360-open-problems')).toHaveText('0');

    // The caller check, by keyboard.
    await page.getByTestId('c360-verify-zip').focus();
    await page.keyboard.type(caller.zip5);
    await page.keyboard.press('Tab');
    await page.keyboard.type(caller.last4);
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('c360-verified')).toContainText('Caller verified');

    await page.getByTestId('c360-tab-shipments').click();
    await page.screenshot({ path: `test-results/order-problem-shipments-${size.width}.png` });
    // Nothing wider than the window: the shipment table with its "Report a problem" column fits beside the search.
    expect(await widerThanItsBox(page)).toEqual([]);

    await backlot.network.cut();
    // "Report a problem" on the order's row; the form takes focus on what happened, Escape leaves it.
    const open = page.getByTestId(`problem-report-open-${caller.shipment_id}`);
    await open.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('problem-report-kind')).toBeFocused();
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('problem-report-form')).toHaveCount(0);
    await expect(open).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('problem-report-kind')).toHaveValue('not_received');
    await page.keyboard.press('Tab');
    await expect(page.getByTestId('problem-report-reason')).toBeFocused();
    await page.keyboard.press('Enter');
    await expect(page.getByTestId('problem-report-error')).toContainText('what the caller told you');
    await page.getByTestId('problem-report-reason').focus();
    await page.keyboard.type('Mailbox empty for two weeks');
    await page.screenshot({ path: `test-results/order-problem-form-${size.width}.png` });
    expect(await widerThanItsBox(page)).toEqual([]);
    await page.keyboard.press('Enter');

    const row = page.getByTestId('problem-row');
    await expect(row).toHaveCount(1);
    await expect(row).toHaveAttribute('data-state', 'reported');
    await expect(row.getByTestId('problem-state')).toHaveText('Reported, waiting for the central office');
    await expect(row).toContainText(caller.order_number);
    await expect(row).toContainText('Mailbox empty for two weeks');
    await expect(row.getByTestId('problem-email')).toHaveCount(0);
    await expect(page.getByTestId('c360-open-problems')).toHaveText('1');
    await expect(page.getByTestId(`problem-report-open-${caller.shipment_id}`)).toHaveCount(0);
    await expect(page.locator('#c360-problems-title')).toBeFocused();
    await page.screenshot({ path: `test-results/order-problem-reported-${size.width}.png` });

    await backlot.network.restore();
    await expect.poll(async () => (await backlot.rpc('sync.now', {})).data?.pendingMutations, { timeout: 20_000 }).toBe(0);
    await expect(row).toHaveAttribute('data-state', 'replacement_allocated', { timeout: 15_000 });
    await expect(row.getByTestId('problem-state')).toContainText(`Replacement on its way to packing: order SH`);
    await expect(row.getByTestId('problem-state')).toContainText(caller.title_name);
    const email = row.getByTestId('problem-email');
    await expect(email).toHaveAttribute('data-email-state', 'queued');
    await expect(email).toHaveText('Email to the customer waiting to be sent');

    // A mail sender on the central database (as an API instance with BACKLOT_SMTP_URL runs it): the desk hears with its next pull.
    const smtp = await startSmtpSink();
    try {
      const sent = await withCentralDb(backlot.dataDir, async (knex) => {
        const sender = new ProblemMailSender({ knex, kind: 'sqlite', clock: wallClock, logger: pino({ level: 'silent' }), config: smtp.config() });
        try {
          return await sender.drain();
        } finally {
          await sender.close();
        }
      });
      expect(sent.sent).toBe(1);
      expect(smtp.received.map((m) => m.envelopeTo)).toEqual([[caller.email]]);
    } finally {
      await smtp.stop();
    }
    await expect(email).toHaveAttribute('data-email-state', 'sent', { timeout: 15_000 });
    await expect(email).toContainText('Customer emailed');
    await expect(email.locator('time')).toHaveAttribute('datetime', /^\d{4}-\d{2}-\d{2}T/);
    await expect(page.getByTestId('c360-open-problems')).toHaveText('0');
    await page.getByTestId('c360-tab-problems').click();
    await page.screenshot({ path: `test-results/order-problem-settled-${size.width}.png` });

    const audited = await withStationDb(backlot.dataDir, (knex) => knex('audit_log').where({ customer_id: caller.id, action: 'shipment.problem_reported' }).count({ n: '*' }).first());
    expect(Number(audited?.n)).toBe(1);
    const central = await withCentralDb(backlot.dataDir, (knex) => knex('shipments').where({ id: caller.shipment_id }).first('status'));
    expect(central).toEqual({ status: 'lost' });
  });
}
