/**
 * A new site's first run, on screen (issue #14): a station that never joined
 * a central office shows the setup screen, says against each field what is
 * wrong, shows the CA's fingerprint to compare with what the central office
 * printed, and after joining shows the sign-in screen. An admin re-enrolls
 * from Station settings. A damaged settings file opens on defaults, saying so.
 */
import { X509Certificate } from 'node:crypto';
import AxeBuilder from '@axe-core/playwright';
import { readFileSync } from 'node:fs';
import { test, expect } from '../kit/fixtures';
import { createCertificateAuthority } from '../../../platform/local-ca';

test.describe('first run', () => {
  test.use({ stationSetup: 'unregistered', scenario: 'small' });

  test('a station that never joined shows the setup screen, not sign-in; each wrong field says what is wrong; joining leads to sign-in', async ({ backlot }) => {
    const { page, central } = backlot;
    await expect(page.getByTestId('setup-screen')).toBeVisible();
    await expect(page.getByTestId('signin-screen')).toHaveCount(0);
    const ca = readFileSync(central.caFile, 'utf8');

    // Nothing filled in: every field says what it needs.
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('setup-error')).toBeVisible();
    await expect(page.getByTestId('setup-api-url-error')).toContainText('central office’s address');
    await expect(page.getByTestId('setup-enrollment-key-error')).toContainText('enrollment.key');
    await expect(page.getByTestId('setup-dc-error')).toContainText('3-letter code');
    await expect(page.getByTestId('setup-station-name-error')).toContainText('Give this station a name');
    await expect(page.getByTestId('setup-api-url')).toHaveAttribute('aria-invalid', 'true');

    // By keyboard, as an admin at the station would: type, Tab, Enter.
    await page.getByTestId('setup-api-url').fill(central.apiUrl);
    await page.getByTestId('setup-ca').fill(createCertificateAuthority('Some other CA').cert);
    await page.getByTestId('setup-enrollment-key').fill(central.enrollmentKey);
    await page.getByTestId('setup-dc').pressSequentially('sjc');
    await expect(page.getByTestId('setup-dc')).toHaveValue('SJC');
    await page.getByTestId('setup-station-name').fill('Pack 3');
    await page.getByTestId('setup-station-name').press('Enter');
    await expect(page.getByTestId('setup-ca-error')).toContainText('not signed by this CA certificate');
    await expect(page.getByTestId('setup-api-url-error')).toHaveCount(0);

    // The right CA: its fingerprint is the one the central office prints at start.
    await page.getByTestId('setup-ca').fill(ca);
    await expect(page.getByTestId('setup-ca-fingerprint')).toHaveAttribute('data-fingerprint', new X509Certificate(ca).fingerprint256);
    await page.getByTestId('setup-enrollment-key').fill('not-the-key-but-long-enough');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('setup-enrollment-key-error')).toContainText('did not accept this enrollment key');
    await expect(page.getByTestId('setup-ca-error')).toHaveCount(0);

    await page.getByTestId('setup-enrollment-key').fill(central.enrollmentKey);
    await page.getByTestId('setup-dc').fill('ZZZ');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('setup-dc-error')).toContainText('no distribution center ZZZ');

    await page.getByTestId('setup-dc').fill('SJC');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('signin-screen')).toBeVisible();
    await expect(page.getByTestId('signin-station')).toHaveText('Pack 3 · SJC');
    await backlot.signInAs('warehouse');
    await expect(page.getByTestId('statusbar-online')).toHaveAttribute('data-online', 'true');
  });

  test('the CA certificate can be chosen as a file; the fingerprint shows before anything is sent', async ({ backlot }) => {
    const { page, central } = backlot;
    await page.getByTestId('setup-ca-file').setInputFiles(central.caFile);
    await expect(page.getByTestId('setup-ca')).toHaveValue(/BEGIN CERTIFICATE/);
    await expect(page.getByTestId('setup-ca-fingerprint')).toHaveAttribute('data-fingerprint', new X509Certificate(readFileSync(central.caFile)).fingerprint256);
    await expect(page.getByTestId('setup-ca-fingerprint')).toContainText('must be the same as the fingerprint the central office printed');
  });

  test('the setup screen, with its messages showing, has no serious or critical axe violations', async ({ backlot }) => {
    const { page } = backlot;
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('setup-api-url-error')).toBeVisible();
    await page.getByTestId('setup-ca').fill(readFileSync(backlot.central.caFile, 'utf8'));
    await expect(page.getByTestId('setup-ca-fingerprint')).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  test('a certificate that is not one is refused under the field', async ({ backlot }) => {
    const { page } = backlot;
    await page.getByTestId('setup-ca').fill('-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----');
    await expect(page.getByTestId('setup-ca-error')).toContainText('not a readable certificate');
    await expect(page.getByTestId('setup-ca-fingerprint')).toHaveCount(0);
  });
});

test.describe('re-enrollment', () => {
  test.use({ scenario: 'packing-day' });

  test('an admin re-enrolls from Station settings: a new name, everyone signs in again', async ({ backlot }) => {
    // A re-enrollment syncs the station's scope afresh: a packing day's worth.
    test.slow();
    const { page, central } = backlot;
    await backlot.signInAs('admin');
    await page.getByTestId('nav-station').click();
    await expect(page.getByTestId('station-dc')).toContainText('SJC');
    await page.getByTestId('station-reenroll').click();
    await expect(page.getByTestId('setup-api-url')).toHaveValue(central.apiUrl);
    await page.getByTestId('setup-ca').fill(readFileSync(central.caFile, 'utf8'));
    await page.getByTestId('setup-enrollment-key').fill(central.enrollmentKey);
    await page.getByTestId('setup-station-name').fill('Pack 9');
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('signin-screen')).toBeVisible();
    await expect(page.getByTestId('signin-station')).toHaveText('Pack 9 · SJC');
    await backlot.signInAs('admin');
    await expect(page.getByTestId('statusbar-station')).toContainText('Pack 9');
  });

  test('re-enrolling waits for changes not yet sent to the central office', async ({ backlot }) => {
    const { page, central } = backlot;
    await backlot.signInAs('admin');
    const claimed = (await backlot.rpc('packing.claim', { count: 2 })) as { data: { items: Array<{ shipmentId: number; status: string; expectedDiscBarcode: string | null }> } };
    const orders = claimed.data.items.filter((i) => i.status === 'allocated' && i.expectedDiscBarcode);
    expect(orders.length, 'the packing-day scenario gives this station orders to pack').toBeGreaterThanOrEqual(2);
    const pack = async (o: (typeof orders)[number]) => ((await backlot.rpc('packing.scan', { shipmentId: o.shipmentId, barcode: o.expectedDiscBarcode })) as { ok: boolean; data?: { ok: boolean } }).data?.ok;
    // The first online (the station takes its label serials then), the second while the central office is cut off: it waits in the outbox.
    expect(await pack(orders[0]!)).toBe(true);
    await backlot.network.cut();
    expect(await pack(orders[1]!)).toBe(true);
    await page.getByTestId('nav-station').click();
    await page.getByTestId('station-reenroll').click();
    await page.getByTestId('setup-ca').fill(readFileSync(central.caFile, 'utf8'));
    await page.getByTestId('setup-enrollment-key').fill(central.enrollmentKey);
    await page.getByTestId('setup-submit').click();
    await expect(page.getByTestId('setup-error')).toContainText('not reached the central office yet');
    await expect(page.getByTestId('nav')).toBeVisible();
  });
});

test.describe('a damaged settings file', () => {
  test.use({ stationSetup: 'unregistered', settingsFile: 'damaged' });

  test('opens on defaults with a message saying where the damaged file was kept', async ({ backlot }) => {
    await expect(backlot.page.getByTestId('setup-screen')).toBeVisible();
    await expect(backlot.page.getByTestId('station-notice')).toContainText('settings file was damaged, so Backlot started on default settings');
    await expect(backlot.page.getByTestId('station-notice')).toContainText('station-settings.json.damaged-');
  });
});
