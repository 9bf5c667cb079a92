import { createRequire } from 'node:module';

/**
 * The Electron binary's path, or why there is none. The npm package's index
 * throws when its postinstall download was skipped (ELECTRON_SKIP_BINARY_DOWNLOAD)
 * or failed, which is the case on machines without internet access.
 */
export function electronBinary(): { path: string } | { missing: string } {
  try {
    const path = createRequire(import.meta.url)('electron') as unknown;
    if (typeof path === 'string') return { path };
    return { missing: 'the electron package did not return a binary path' };
  } catch (err) {
    return { missing: `the Electron binary is not installed here (${(err as Error).message.split('\n')[0]})` };
  }
}

/**
 * Chromium will not start as root with its sandbox on. CI runs as root, so
 * there (and only there) the app is launched with --no-sandbox; an installed
 * station never is (main/electron/main.ts enables the sandbox for every
 * renderer, and nothing in the app turns it off).
 */
export function ciSandboxArgs(env: NodeJS.ProcessEnv = process.env): string[] {
  const root = typeof process.getuid === 'function' && process.getuid() === 0;
  return root && env.CI === 'true' ? ['--no-sandbox'] : [];
}
