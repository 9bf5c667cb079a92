import type { Page } from '@playwright/test';
import { test, expect } from '../kit/fixtures';

/**
 * Supervisor and admin screens at a kiosk's 1024×768: nothing wider than the
 * window (a wide table scrolls inside its own box), and a "Review" brings its
 * detail into view with the keyboard on it. Screenshots at 1024 and 1366 go
 * with the test's output for a person to look at.
 */
test.use({ scenario: 'packing-day' });

const KIOSK = { width: 1024, height: 768 };
const LAPTOP = { width: 1366, height: 768 };

/** How far the page, or the screen's own scrolling box, reaches past the window's width (<= 0: it fits). */
async function pageOverflow(page: Page): Promise<number> {
  return page.evaluate(() => {
    const doc = document.documentElement;
    const screen = document.querySelector<HTMLElement>('main.screen');
    const shell = document.querySelector<HTMLElement>('.shell');
    return Math.max(
      doc.scrollWidth - doc.clientWidth,
      screen ? screen.scrollWidth - screen.clientWidth : 0,
      shell ? shell.getBoundingClientRect().right - doc.clientWidth : 0,
    );
  });
}

/** Elements sticking out past the window's right edge (outside any box that scrolls on its own), for the failure message. */
async function overflowing(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const width = document.documentElement.clientWidth;
    const out: string[] = [];
    for (const el of document.querySelectorAll<HTMLElement>('body *')) {
      const r = el.getBoundingClientRect();
      if (r.right <= width + 0.5 || r.width === 0) continue;
      let clipped = false;
      for (let p = el.parentElement; p && p !== document.body; p = p.parentElement) {
        const o = getComputedStyle(p).overflowX;
        // The screen's own box does not count: scrolling it sideways is what must not happen.
        if ((o === 'auto' || o === 'scroll' || o === 'hidden') && !p.matches('main.screen')) {
          clipped = true;
          break;
        }
      }
      if (!clipped) out.push(`${el.tagName.toLowerCase()}${el.dataset.testid ? `[${el.dataset.testid}]` : el.className ? `.${String(el.className).split(' ')[0]}` : ''} → ${Math.round(r.right)} px`);
    }
    return out.slice(0, 8);
  });
}

async function shoot(page: Page, name: string) {
  for (const size of [LAPTOP, KIOSK]) {
    await page.setViewportSize(size);
    await page.screenshot({ path: test.info().outputPath(`${name}-${size.width}.png`), fullPage: true });
    if (process.env.BACKLOT_SHOTS) await page.screenshot({ path: `${process.env.BACKLOT_SHOTS}/${name}-${size.width}.png`, fullPage: true });
  }
}

/**
 * Waits until the screen's own calls have answered: nothing in flight for half
 * a second, not counting the shell's "tables changed" long-poll
 * (`sync.changes`), which is always waiting and so never lets the page reach
 * Playwright's networkidle. Tracks from the moment it is set up, so a call a
 * click started just before is counted.
 */
function trackCalls(page: Page): () => Promise<void> {
  const inFlight = new Set<unknown>();
  const counts = (url: string) => !url.endsWith('/rpc/sync.changes');
  page.on('request', (r) => counts(r.url()) && inFlight.add(r));
  page.on('requestfinished', (r) => inFlight.delete(r));
  page.on('requestfailed', (r) => inFlight.delete(r));
  return async () => {
    let quietSince = Date.now();
    await expect
      .poll(
        () => {
          if (inFlight.size > 0) quietSince = Date.now();
          return Date.now() - quietSince;
        },
        { message: 'the screen kept calling the station', intervals: [100] },
      )
      .toBeGreaterThanOrEqual(500);
  };
}

async function fitsKiosk(page: Page, where: string) {
  await page.setViewportSize(KIOSK);
  await expect.poll(() => pageOverflow(page), { message: `${where} is wider than 1024 px: ${(await overflowing(page)).join(', ')}` }).toBeLessThanOrEqual(0);
  await shoot(page, where);
  await page.setViewportSize(KIOSK);
}

test('every supervisor and admin screen fits 1024×768 without scrolling sideways', async ({ backlot }) => {
  test.setTimeout(120_000);
  const { page } = backlot;
  const settled = trackCalls(page);
  await page.setViewportSize(KIOSK);
  await backlot.signInAs('admin');
  for (const screen of ['lookup', 'pack', 'returns', 'privacy', 'audit', 'staff', 'station', 'floor'] as const) {
    await page.getByTestId(`nav-${screen}`).click();
    await expect(page.getByTestId(`screen-${screen}`)).toBeVisible();
    if (screen === 'privacy') {
      for (const tab of ['affiliates', 'campaigns', 'reports', 'reviews', 'statements', 'disclosures', 'policy']) {
        await page.getByTestId(`privacy-tab-${tab}`).click();
        await expect(page.getByTestId(`privacy-panel-${tab}`)).toBeVisible();
        await settled();
        await fitsKiosk(page, `privacy-${tab}`);
      }
      continue;
    }
    await settled();
    await fitsKiosk(page, screen);
  }
});

test('"Review" on an affiliate brings its detail into view and puts the keyboard on it', async ({ backlot }) => {
  const { page } = backlot;
  await page.setViewportSize(KIOSK);
  await backlot.signInAs('supervisor');
  await page.getByTestId('nav-privacy').click();
  const all = (await backlot.rpc('privacy.affiliates.list', {})).data as { affiliates: { id: number; siteName: string; status: string }[] };
  // The last application still waiting in the list: its detail opens furthest below the table, with decisions to make.
  const affiliate = all.affiliates.filter((a) => a.status === 'applied').at(-1)!;
  await page.getByTestId(`privacy-affiliate-open-${affiliate.id}`).click();
  const title = page.locator('#privacy-affiliate-title');
  await expect(title).toHaveText(affiliate.siteName);
  await expect(title).toBeFocused();
  await expect(title).toBeInViewport();
  await shoot(page, 'affiliate-review');
  // Keyboard on: Tab reaches the detail's own controls next, not the top of the page.
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('privacy-affiliate-reason')).toBeFocused();
});

test('a campaign preview and a report open in view, with the keyboard on them', async ({ backlot }) => {
  const { page } = backlot;
  await page.setViewportSize(KIOSK);
  await backlot.signInAs('supervisor');
  await page.getByTestId('nav-privacy').click();
  await page.getByTestId('privacy-tab-campaigns').click();
  await page.getByTestId('privacy-campaign-name').fill('Spring classics');
  await page.getByTestId('privacy-campaign-partner').fill('Criterion Club');
  await page.getByTestId('privacy-campaign-vendor').fill('Acme Mailing House');
  await page.getByTestId('privacy-campaign-genres').locator('input').first().check();
  await page.getByTestId('privacy-campaign-preview').click();
  const preview = page.locator('#privacy-campaign-preview-title');
  await expect(preview).toBeFocused();
  await expect(preview).toBeInViewport();

  await page.getByTestId('privacy-tab-reports').click();
  await page.getByTestId('privacy-report-run').click();
  const report = page.locator('#privacy-report-title');
  await expect(report).toBeFocused();
  await expect(report).toBeInViewport();
  await shoot(page, 'report-opened');
});
