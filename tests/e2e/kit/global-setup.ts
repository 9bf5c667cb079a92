import { execFileSync } from 'node:child_process';

/** Builds the renderer and the Electron bundle once for the whole run: the app under test is the built app. */
export default function globalSetup(): void {
  execFileSync('npx', ['vite', 'build', '--logLevel', 'warn'], { stdio: 'inherit' });
  execFileSync('npx', ['tsx', 'scripts/build-electron.ts'], { stdio: 'inherit' });
}
