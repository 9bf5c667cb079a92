import { test, expect } from '../kit/fixtures';

test('the Electron app opens the sign-in screen and an admin signs in', async ({ backlot }) => {
  await expect(backlot.page.getByTestId('signin-screen')).toBeVisible();
  await backlot.signInAs('admin');
  await expect(backlot.page.getByTestId('nav-station')).toBeVisible();
});

test('the renderer has no Node and only the one bridge function', async ({ backlot }) => {
  const exposed = await backlot.page.evaluate(() => ({
    require: typeof (globalThis as { require?: unknown }).require,
    process: typeof (globalThis as { process?: unknown }).process,
    bridge: Object.keys(window.backlot ?? {}),
  }));
  expect(exposed).toEqual({ require: 'undefined', process: 'undefined', bridge: ['invoke'] });
});
