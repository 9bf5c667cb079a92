import { defineConfig } from '@playwright/test';

/**
 * Two projects: `web` drives the whole UI through the web host in Debian's
 * Chromium (never a downloaded browser); `electron` drives the real app where
 * its binary exists and prints why it skips where it does not.
 */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-quic',
  '--no-first-run',
];

export default defineConfig({
  testDir: 'tests/e2e',
  globalSetup: './tests/e2e/kit/global-setup.ts',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: false,
  // Each test starts its own central API and station: two at a time fit two cores.
  workers: 2,
  forbidOnly: true,
  retries: 0,
  reporter: process.env.CI ? [['list']] : [['list']],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    {
      name: 'web',
      testDir: 'tests/e2e/web',
      use: {
        browserName: 'chromium',
        launchOptions: { executablePath: process.env.BACKLOT_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS },
      },
    },
    {
      name: 'electron',
      testDir: 'tests/e2e/electron',
      // The kit's fixtures take Playwright's `browser`; point it at Debian's Chromium here too so nothing is downloaded.
      use: { launchOptions: { executablePath: process.env.BACKLOT_CHROMIUM ?? '/usr/bin/chromium', args: CHROMIUM_ARGS } },
    },
  ],
});
