/**
 * The label printer on screen (issue #14): an admin chooses the kind of
 * printer and where it is, prints a test label that says whether it arrived
 * (TCP: connected and every byte sent; PDF file: written; a printer of the
 * computer: the print system accepted the job), and saves it. The pack screen
 * knows within 2 s that a network printer went away, and that it is back.
 */
import { existsSync, readFileSync } from 'node:fs';
import AxeBuilder from '@axe-core/playwright';
import { join } from 'node:path';
import { test, expect, type Backlot } from '../kit/fixtures';

async function openPrinterSettings(backlot: Backlot): Promise<void> {
  await backlot.signInAs('admin');
  await backlot.page.getByTestId('nav-station').click();
  await expect(backlot.page.getByTestId('station-printer')).toBeVisible();
}

test.describe('a ZPL printer on the network', () => {
  test('test print says it arrived (connection and bytes), the printer got the test label, and it saves', async ({ backlot }) => {
    const { page, printer } = backlot;
    await openPrinterSettings(backlot);
    const before = printer.jobs.length;
    await page.getByTestId('station-printer-kind').selectOption('zpl-tcp');
    await page.getByTestId('station-printer-host').fill('127.0.0.1');
    await page.getByTestId('station-printer-port').fill(String(printer.port));
    await page.getByTestId('station-printer-name').fill('Zebra at line 1');
    await page.getByTestId('station-printer-layout').selectOption('4x6');
    await page.getByTestId('station-printer-test').click();
    const result = page.getByTestId('station-printer-test-result');
    await expect(result).toHaveAttribute('data-arrived', 'true');
    await expect(result).toContainText(`The test label arrived. Connected to 127.0.0.1:${printer.port} and sent all`);
    await expect.poll(() => printer.jobs.length).toBe(before + 1);
    const job = printer.jobs.at(-1)!.toString('latin1');
    expect(job).toMatch(/^\^XA/);
    expect(job).toContain('BACKLOT TEST LABEL');
    expect(job).toContain('NOT FOR MAILING');
    expect(job).toContain('^PW812');

    await page.getByTestId('station-printer-save').click();
    await expect(page.getByTestId('station-printer-saved')).toBeVisible();
    const saved = (await backlot.rpc('station.settings.get')) as { data: { printer: unknown; apiCa: string | null } };
    expect(saved).toMatchObject({ data: { printer: { kind: 'zpl-tcp', name: 'Zebra at line 1', host: '127.0.0.1', port: printer.port, layout: '4x6' } } });
    // Only the printer changed: the station still trusts its central office's CA (a patch never resets other settings).
    expect(saved.data.apiCa).toContain('-----BEGIN CERTIFICATE-----');
  });

  test('a printer that is not there: the test says it did not arrive, and why, in words', async ({ backlot }) => {
    const { page } = backlot;
    await openPrinterSettings(backlot);
    await page.getByTestId('station-printer-kind').selectOption('zpl-tcp');
    await page.getByTestId('station-printer-host').fill('127.0.0.1');
    await page.getByTestId('station-printer-port').fill('1');
    await page.getByTestId('station-printer-name').fill('Nowhere');
    await page.getByTestId('station-printer-test').click();
    const result = page.getByTestId('station-printer-test-result');
    await expect(result).toHaveAttribute('data-arrived', 'false');
    await expect(result).toContainText('The test label did not arrive.');
    await expect(result).toContainText('check that it is switched on and on the network');
    await expect(result).not.toContainText(/ECONN|E[A-Z]{5,}/);
  });

  test('each wrong field says what is wrong, next to it', async ({ backlot }) => {
    const { page } = backlot;
    await openPrinterSettings(backlot);
    await page.getByTestId('station-printer-kind').selectOption('zpl-tcp');
    await page.getByTestId('station-printer-host').fill('');
    await page.getByTestId('station-printer-port').fill('ninety-one hundred');
    await page.getByTestId('station-printer-name').fill('Zebra');
    await page.getByTestId('station-printer-save').click();
    await expect(page.getByTestId('station-printer-host-error')).toContainText('network address');
    await expect(page.getByTestId('station-printer-port-error')).toContainText('9100');
    await expect(page.getByTestId('station-printer-port')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('station-printer-saved')).toHaveCount(0);
  });
});

test.describe('PDF files', () => {
  test('test print says where it wrote the label, and the file is a PDF', async ({ backlot }) => {
    const { page } = backlot;
    const folder = join(backlot.dataDir, 'labels');
    await openPrinterSettings(backlot);
    await page.getByTestId('station-printer-kind').selectOption('pdf-file');
    await page.getByTestId('station-printer-directory').fill(folder);
    await page.getByTestId('station-printer-name').fill('Label folder');
    await page.getByTestId('station-printer-layout').selectOption('letter-mailer');
    await page.getByTestId('station-printer-test').click();
    const result = page.getByTestId('station-printer-test-result');
    await expect(result).toHaveAttribute('data-arrived', 'true');
    const path = /Wrote (\S+\.pdf)/.exec((await result.textContent()) ?? '')?.[1];
    expect(path?.startsWith(folder)).toBe(true);
    expect(existsSync(path!)).toBe(true);
    const pdf = readFileSync(path!);
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    // The letter mailer's labels are 4 x 4 in panels: the test label is one.
    expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 288 288\]/);
  });
});

test.describe('a printer of this computer', () => {
  test.use({ fakeCups: true });

  test('lists the computer’s printers; a USB ZPL printer gets the test label raw, an office printer as a page; the print system’s acceptance is the answer', async ({ backlot }) => {
    const { page } = backlot;
    const cups = backlot.cups!;
    await openPrinterSettings(backlot);
    await page.getByTestId('station-printer-kind').selectOption('system');
    await expect(page.getByTestId('station-printer-list-note')).toContainText('2 printers found');
    await expect(page.getByTestId('station-printer-name').locator('option')).toHaveText(['Choose a printer…', 'Zebra_USB', 'Office_Laser']);

    await page.getByTestId('station-printer-name').selectOption('Zebra_USB');
    await page.getByTestId('station-printer-language').selectOption('zpl');
    await page.getByTestId('station-printer-test').click();
    await expect(page.getByTestId('station-printer-test-result')).toHaveAttribute('data-arrived', 'true');
    await expect(page.getByTestId('station-printer-test-result')).toContainText('The print system accepted the job for “Zebra_USB” (Zebra_USB-1)');
    const raw = cups.jobs()[0]!;
    expect(raw.args).toEqual(expect.arrayContaining(['-d', 'Zebra_USB', '-o', 'raw']));
    expect(raw.data.toString('latin1')).toMatch(/^\^XA[\s\S]*BACKLOT TEST LABEL[\s\S]*\^XZ\s*$/);

    await page.getByTestId('station-printer-name').selectOption('Office_Laser');
    await page.getByTestId('station-printer-language').selectOption('page');
    await page.getByTestId('station-printer-test').click();
    await expect(page.getByTestId('station-printer-test-result')).toContainText('(Office_Laser-2)');
    const office = cups.jobs()[1]!;
    expect(office.args).toEqual(expect.arrayContaining(['-d', 'Office_Laser', '-o', 'media=na_index-4x6_4x6in', '-o', 'print-scaling=none']));
    expect(office.args).not.toContain('raw');
    expect(office.data.subarray(0, 5).toString()).toBe('%PDF-');
  });

  test('the printer settings, in every kind, have no serious or critical axe violations', async ({ backlot }) => {
    // Four axe runs.
    test.slow();
    const { page } = backlot;
    await openPrinterSettings(backlot);
    for (const kind of ['zpl-tcp', 'system', 'pdf-file', 'none']) {
      await page.getByTestId('station-printer-kind').selectOption(kind);
      if (kind === 'system') await expect(page.getByTestId('station-printer-list-note')).toContainText('2 printers found');
      const results = await new AxeBuilder({ page }).include('[data-testid="station-printer"]').analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad, `${kind}: ${bad.map((v) => v.id).join(', ')}`).toEqual([]);
    }
  });

  test('a printer the computer no longer has: the test says so', async ({ backlot }) => {
    const { page } = backlot;
    await openPrinterSettings(backlot);
    await page.getByTestId('station-printer-kind').selectOption('system');
    await expect(page.getByTestId('station-printer-list-note')).toContainText('2 printers found');
    await page.getByTestId('station-printer-name').selectOption('Zebra_USB');
    backlot.cups!.setPrinters(['Office_Laser']);
    await page.getByTestId('station-printer-test').click();
    await expect(page.getByTestId('station-printer-test-result')).toHaveAttribute('data-arrived', 'false');
    await expect(page.getByTestId('station-printer-test-result')).toContainText('This computer has no printer named “Zebra_USB”');
  });
});

test.describe('the pack screen and a network printer that goes away', () => {
  test.use({ scenario: 'packing-day' });

  test('shows it offline within 2 s of being unplugged, and online again within 2 s of coming back', async ({ backlot }) => {
    const { page, printer } = backlot;
    await backlot.signInAs('warehouse');
    await page.getByTestId('nav-pack').click();
    const status = page.getByTestId('pack-printer-status');
    await expect(status).toHaveAttribute('data-state', 'online');
    const port = printer.port;

    await printer.close();
    await expect(status).toHaveAttribute('data-state', 'offline', { timeout: 2000 });
    await expect(page.getByTestId('pack-printer-problem')).toContainText('does not answer');

    await printer.listen(port);
    await expect(status).toHaveAttribute('data-state', 'online', { timeout: 2000 });
  });
});
