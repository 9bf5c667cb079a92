import { screensFor } from '../../../core/roles';
import { test, expect } from '../kit/fixtures';

// Issue #14, start-up: the page a station opens on carries the sign-in screen and nothing it does not need yet.
test('the sign-in screen loads only its own code; every screen still opens after signing in', async ({ backlot }) => {
  const { page } = backlot;
  const origin = new URL(page.url()).origin;
  const index = await page.request.get(`${origin}/`);
  // The page is asked for fresh every time (it names the current build); the files it names are kept.
  expect(index.headers()['cache-control']).toBe('no-store');
  const entry = /<script type="module"[^>]*src="\.\/(assets\/[^"]+\.js)"/.exec(await index.text())?.[1];
  expect(entry, 'the page names its script').toMatch(/^assets\/index-[\w-]+\.js$/);
  const script = await page.request.get(`${origin}/${entry}`);
  expect(script.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  expect(script.headers()['content-security-policy']).toContain("script-src 'self'");
  const code = await script.text();
  expect(code).toContain('signin-username');
  for (const screenOnly of ['pack-claim', 'privacy-screen', 'lookup-search-input', 'station-printer-kind', 'setup-enrollment-key']) expect(code).not.toContain(screenOnly);

  await backlot.signInAs('admin');
  for (const screen of screensFor('admin')) {
    await page.getByTestId(`nav-${screen.id}`).click();
    await expect(page.getByTestId(`screen-${screen.id}`)).toBeVisible();
    // Its chunk came and it shows its own content, not the placeholder shown while the chunk loads.
    await expect(page.getByTestId(`screen-${screen.id}`).getByText('Opening…')).toHaveCount(0);
    await expect(page.getByTestId(`screen-${screen.id}`).locator('> *').first()).toBeVisible();
  }
});
