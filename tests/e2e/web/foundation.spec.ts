import AxeBuilder from '@axe-core/playwright';
import { screensFor, SCREENS, ROLES, ROLE_LABELS } from '../../../core/roles';
import { test, expect } from '../kit/fixtures';

test.describe('sign-in and role screens', () => {
  for (const role of ROLES) {
    test(`a ${role} signs in and sees exactly the screens of the role`, async ({ backlot }) => {
      const { page } = backlot;
      await backlot.signInAs(role);
      const allowed = screensFor(role).map((s) => s.id);
      for (const screen of SCREENS) {
        await expect(page.getByTestId(`nav-${screen.id}`)).toHaveCount(allowed.includes(screen.id) ? 1 : 0);
      }
      await expect(page.getByTestId('statusbar-user')).toContainText(`(${ROLE_LABELS[role]})`);
      await expect(page.getByTestId('statusbar-online')).toHaveText('Online');
      await backlot.signOut();
    });
  }

  test('a wrong PIN is refused in words and signs nobody in', async ({ backlot }) => {
    const { page } = backlot;
    await page.getByTestId('signin-username').fill('carl');
    await page.getByTestId('signin-secret').fill('9999');
    await page.getByTestId('signin-submit').click();
    await expect(page.getByTestId('signin-error')).toHaveText('Wrong username or PIN.');
    await expect(page.getByTestId('nav')).toHaveCount(0);
    expect((await backlot.rpc('auth.session')).data).toBeNull();
  });

  test('five wrong PINs lock the account until a supervisor clears it', async ({ backlot }) => {
    const { page } = backlot;
    for (let i = 0; i < 5; i++) {
      await page.getByTestId('signin-username').fill('carl');
      await page.getByTestId('signin-secret').fill('0000');
      await page.getByTestId('signin-submit').click();
      await expect(page.getByTestId('signin-error')).toBeVisible();
    }
    await page.getByTestId('signin-username').fill('carl');
    await page.getByTestId('signin-secret').fill('2222');
    await page.getByTestId('signin-submit').click();
    await expect(page.getByTestId('signin-error')).toHaveAttribute('data-error-code', 'ACCOUNT_LOCKED');

    await backlot.signInAs('supervisor');
    await page.getByTestId('nav-staff').click();
    await expect(page.getByTestId('staff-state-carl')).toHaveText('Locked out');
    await page.getByTestId('staff-unlock-carl').click();
    await expect(page.getByTestId('staff-state-carl')).toHaveText('Active');
    await backlot.signOut();
    await backlot.signInAs('cs_rep');
  });

  test('a forbidden method is refused by the station, not only hidden in the UI', async ({ backlot }) => {
    await backlot.signInAs('warehouse');
    await expect(backlot.page.getByTestId('nav-staff')).toHaveCount(0);
    const result = await backlot.rpc('staff.list');
    expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
    const settings = await backlot.rpc('station.settings.update', { stationName: 'Renamed' });
    expect(settings).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
  });

  test('an admin changes station settings; bad values get field messages and save nothing', async ({ backlot }) => {
    const { page } = backlot;
    await backlot.signInAs('admin');
    await page.getByTestId('nav-station').click();
    await page.getByTestId('station-idle').fill('5');
    await page.getByTestId('station-save').click();
    // The message sits under the field, in words, and the field says it is wrong; no property names anywhere.
    await expect(page.getByTestId('station-idle-error')).toHaveText('Lock after at least 30 seconds without typing or clicking.');
    await expect(page.getByTestId('station-idle')).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByTestId('station-error')).toHaveCount(0);
    await expect(page.getByTestId('screen-station')).not.toContainText('idleLockSeconds');
    await page.getByTestId('station-idle').fill('120');
    await page.getByTestId('station-name').fill('Pack line 2');
    await page.getByTestId('station-save').click();
    await expect(page.getByTestId('station-saved')).toBeVisible();
    await expect(page.getByTestId('statusbar-station')).toContainText('Pack line 2');
  });
});

test.describe('the web host guards', () => {
  test('a page opened without the launch token cannot call anything', async ({ backlot, browser }) => {
    const url = new URL(backlot.page.url());
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${url.origin}/`);
    await expect(page.getByTestId('app-loading')).toBeVisible();
    const res = await page.evaluate(async () => {
      const r = await fetch('/rpc/auth.signIn', {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-backlot-client': crypto.randomUUID() },
        body: JSON.stringify({ input: { username: 'adam', secret: '4444' } }),
      });
      return { status: r.status, body: await r.json() };
    });
    expect(res.status).toBe(401);
    expect(res.body.error.message).toMatch(/launch link/);
    await context.close();
  });

  test('the page carries a strict CSP without unsafe-inline', async ({ backlot }) => {
    const res = await backlot.page.request.get(new URL(backlot.page.url()).origin + '/');
    const csp = res.headers()['content-security-policy'] ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });
});

test.describe('kiosk behaviour', () => {
  test('the station locks itself after idle time and unlocks with the PIN', async ({ backlot }) => {
    const { page } = backlot;
    await backlot.signInAs('warehouse');
    await backlot.clock.advance(301_000);
    await expect(page.getByTestId('lock-screen')).toBeVisible({ timeout: 10_000 });
    await page.getByTestId('lock-secret').fill('0000');
    await page.getByTestId('lock-submit').click();
    await expect(page.getByTestId('lock-error')).toContainText('Wrong PIN');
    await page.getByTestId('lock-secret').fill('1111');
    await page.getByTestId('lock-submit').click();
    await expect(page.getByTestId('lock-screen')).toHaveCount(0);
    await expect(page.getByTestId('nav')).toBeVisible();
  });

  test('the status bar shows when the central office is unreachable, and when it is back', async ({ backlot }) => {
    const { page } = backlot;
    await backlot.signInAs('cs_rep');
    await backlot.network.cut();
    await expect(page.getByTestId('statusbar-online')).toHaveText('Offline', { timeout: 15_000 });
    await backlot.network.restore();
    await expect(page.getByTestId('statusbar-online')).toHaveText('Online', { timeout: 15_000 });
  });
});

test.describe('accessibility', () => {
  test('the sign-in screen has no serious or critical axe violations', async ({ backlot }) => {
    const results = await new AxeBuilder({ page: backlot.page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });

  test('every screen an admin can open has no serious or critical axe violations', async ({ backlot }) => {
    const { page } = backlot;
    await backlot.signInAs('admin');
    for (const screen of screensFor('admin')) {
      await page.getByTestId(`nav-${screen.id}`).click();
      await expect(page.getByTestId(`screen-${screen.id}`)).toBeVisible();
      const results = await new AxeBuilder({ page }).analyze();
      const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      expect(bad, `${screen.id}: ${bad.map((v) => v.id).join(', ')}`).toEqual([]);
    }
    await page.getByTestId('shell-lock').click();
    await expect(page.getByTestId('lock-screen')).toBeVisible();
    const results = await new AxeBuilder({ page }).analyze();
    expect(results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')).toEqual([]);
  });
});
