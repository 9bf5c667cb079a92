/**
 * The testers' kit: Playwright fixtures that start Backlot on a fresh data dir
 * with a named demo scenario (the real Electron app where its binary exists,
 * else the web host in Chromium), sign in as a role, capture what a TCP label
 * printer received, cut and restore the network to the central API, and move
 * the clock. See tests/README.md.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { test as base, expect, _electron, type Page, type ElectronApplication } from '@playwright/test';
import type { Role } from '../../../core/roles';
import { DEMO_STAFF } from '../../../core/demo/staff';
import type { ScenarioName } from '../../../core/demo/scenarios';
import { ciSandboxArgs, electronBinary } from './electron-binary';
import { TcpPrinter } from './tcp-printer';
import { FakeCups } from './fake-cups';

export interface Backlot {
  page: Page;
  mode: 'web' | 'electron';
  dataDir: string;
  /** What the station's label printer (a TCP listener) received. */
  printer: TcpPrinter;
  signInAs(role: Role): Promise<void>;
  signOut(): Promise<void>;
  network: { cut(): Promise<void>; restore(): Promise<void> };
  /** Moves the station's clock (main decides idle lock, lock-out, ship-by); the page sees the effect at its next poll (≤ 5 s). */
  clock: { advance(ms: number): Promise<void> };
  /** Calls a station method the way the renderer does (for setup shortcuts and response checks). */
  rpc(method: string, input?: unknown): Promise<{ ok: boolean; data?: unknown; error?: { code: string; message: string } }>;
  /** What a site admin is given to set a station up: the central office's address (through the cuttable network), its CA file and enrollment key. */
  central: { apiUrl: string; caFile: string; enrollmentKey: string };
  /** The computer's print system (a stand-in lp/lpstat on the station's PATH) when `fakeCups` is on. */
  cups: FakeCups | null;
}

export interface KitOptions {
  scenario: ScenarioName;
  /** `unregistered`: a station never set up (the first-run setup screen shows). */
  stationSetup: 'registered' | 'unregistered';
  /** `damaged`: the station's settings file is cut off mid-write before it starts. */
  settingsFile: 'ok' | 'damaged';
  /** A stand-in CUPS (lp, lpstat) on the station's PATH, with printers Zebra_USB and Office_Laser. */
  fakeCups: boolean;
  /** The station computer's time zone (IANA name) for the web host's page; the machine's own when empty. */
  stationTimeZone: string;
}

interface Ready {
  url?: string;
  token?: string;
  openUrl?: string;
  apiUrl: string;
  enrollmentKey: string;
  caFile: string;
  controlUrl: string;
}

const USER_FOR_ROLE: Record<Role, { username: string; secret: string }> = Object.fromEntries(
  (['warehouse', 'cs_rep', 'supervisor', 'admin'] as const).map((role) => {
    const member = DEMO_STAFF.find((s) => s.role === role)!;
    return [role, { username: member.username, secret: member.secret }];
  }),
) as Record<Role, { username: string; secret: string }>;

async function startKitProcess(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<{ child: ChildProcess; ready: Ready }> {
  const child = spawn('npx', ['tsx', 'tests/e2e/kit/station-process.ts', ...args], { stdio: ['ignore', 'pipe', 'pipe'], detached: true, env });
  let stderr = '';
  child.stderr!.on('data', (c: Buffer) => (stderr += c.toString()));
  const lines = createInterface({ input: child.stdout! });
  const ready = await new Promise<Ready>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`station did not start in 60 s\n${stderr}`)), 60_000);
    lines.on('line', (line) => {
      if (line.startsWith('READY ')) {
        clearTimeout(timer);
        resolve(JSON.parse(line.slice(6)) as Ready);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`station process exited with ${code}\n${stderr}`));
    });
  });
  return { child, ready };
}

function stopKitProcess(child: ChildProcess): void {
  // The process group: npx, tsx and the node process under them.
  try {
    process.kill(-child.pid!, 'SIGTERM');
  } catch {
    /* already gone */
  }
}

export const test = base.extend<KitOptions & { backlot: Backlot }>({
  scenario: ['small', { option: true }],
  stationSetup: ['registered', { option: true }],
  settingsFile: ['ok', { option: true }],
  fakeCups: [false, { option: true }],
  stationTimeZone: ['', { option: true }],

  backlot: async ({ scenario, stationSetup, settingsFile, fakeCups, stationTimeZone, browser }, use, testInfo) => {
    const mode = testInfo.project.name === 'electron' ? 'electron' : 'web';
    let electronPath: string | null = null;
    if (mode === 'electron') {
      const binary = electronBinary();
      if ('missing' in binary) {
        console.log(`[electron] skipping "${testInfo.title}": ${binary.missing}. The same flow runs in the web project.`);
        testInfo.skip(true, binary.missing);
        return;
      }
      electronPath = binary.path;
    }

    const dataDir = mkdtempSync(join(tmpdir(), 'backlot-e2e-'));
    const printer = await new TcpPrinter().listen();
    if (settingsFile === 'damaged') {
      mkdirSync(join(dataDir, 'station'), { recursive: true });
      writeFileSync(join(dataDir, 'station', 'station-settings.json'), '{"settings":{"stationName":"Pack 3","apiUrl":"https://backl');
    }
    const cups = fakeCups ? new FakeCups() : null;
    const args = ['--data-dir', dataDir, '--scenario', scenario, '--printer-port', String(printer.port), ...(stationSetup === 'unregistered' ? ['--unregistered'] : [])];
    const { child, ready } = await startKitProcess(mode === 'electron' ? [...args, '--no-station'] : args, cups ? cups.env() : process.env);

    let page: Page;
    let electronApp: ElectronApplication | null = null;
    let rpc: Backlot['rpc'];
    if (mode === 'electron') {
      electronApp = await _electron.launch({
        executablePath: electronPath!,
        args: [
          ...ciSandboxArgs(),
          'dist/main/electron.mjs',
          '--data-dir',
          join(dataDir, 'station'),
          ...(stationSetup === 'registered' ? ['--api-url', ready.apiUrl, '--api-ca-file', ready.caFile] : []),
        ],
        env: { ...(cups ? cups.env() : process.env), ...(stationSetup === 'registered' ? { BACKLOT_ENROLLMENT_KEY: ready.enrollmentKey } : {}) },
      });
      page = await electronApp.firstWindow();
      rpc = (method, input = {}) => page.evaluate(([m, i]) => window.backlot!.invoke(m as string, i) as never, [method, input] as const);
    } else {
      const context = await browser.newContext(stationTimeZone ? { timezoneId: stationTimeZone } : {});
      page = await context.newPage();
      await page.goto(ready.openUrl!);
      rpc = (method, input = {}) =>
        page.evaluate(
          async ([m, i]) => {
            const res = await fetch(`/rpc/${m}`, {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'x-backlot-token': sessionStorage.getItem('backlot.launchToken') ?? '',
                'x-backlot-client': sessionStorage.getItem('backlot.clientId') ?? '',
              },
              body: JSON.stringify({ input: i }),
            });
            return res.json();
          },
          [method, input] as const,
        );
    }

    // A CSP violation is a bug even when the page still works: collect them and fail the test on any.
    const cspViolations: string[] = [];
    page.on('console', (msg) => {
      if (/Content.Security.Policy/i.test(msg.text())) cspViolations.push(msg.text());
    });

    const backlot: Backlot = {
      page,
      mode,
      dataDir,
      printer,
      rpc,
      central: { apiUrl: ready.apiUrl, caFile: ready.caFile, enrollmentKey: ready.enrollmentKey },
      cups,
      async signInAs(role) {
        const user = USER_FOR_ROLE[role];
        await page.getByTestId('signin-username').fill(user.username);
        await page.getByTestId('signin-secret').fill(user.secret);
        await page.getByTestId('signin-submit').click();
        await expect(page.getByTestId('nav')).toBeVisible();
      },
      async signOut() {
        await page.getByTestId('shell-signout').click();
        await expect(page.getByTestId('signin-screen')).toBeVisible();
      },
      network: {
        cut: async () => void (await fetch(`${ready.controlUrl}/network/cut`, { method: 'POST' })),
        restore: async () => void (await fetch(`${ready.controlUrl}/network/restore`, { method: 'POST' })),
      },
      clock: {
        async advance(ms) {
          if (mode === 'web') {
            const res = await fetch(`${ready.url}/__test/clock`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-backlot-token': ready.token! },
              body: JSON.stringify({ advanceMs: ms }),
            });
            if (!res.ok) throw new Error(`moving the station clock failed: ${res.status}`);
          } else {
            throw new Error('clock.advance is only available on the web host (Electron main has no test hooks)');
          }
        },
      },
    };

    await use(backlot);
    expect(cspViolations, 'Content-Security-Policy violations in the page').toEqual([]);

    await electronApp?.close().catch(() => undefined);
    if (mode === 'web') await page.context().close().catch(() => undefined);
    stopKitProcess(child);
    await printer.close();
    cups?.close();
    rmSync(dataDir, { recursive: true, force: true });
  },
});

export { expect };
