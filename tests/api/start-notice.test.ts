/**
 * `npm run api` tells whoever sets stations up, in words, where the
 * enrollment key and the CA certificate are and the CA's SHA-256
 * fingerprint: the one the station's setup screen shows (issue #14).
 */
import { spawn } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { certificateNames } from '../../platform/local-ca';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** Starts `npm run api` with these arguments, returns what it printed once it printed the notice, and stops it. */
async function startupText(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ text: string; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'i14-api-notice-'));
  dirs.push(dataDir);
  const child = spawn('npx', ['tsx', 'api/cli.ts', '--data-dir', dataDir, '--port', '0', ...args], { env: { ...process.env, BACKLOT_ENROLLMENT_KEY: undefined, ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  let text = '';
  child.stdout.on('data', (c: Buffer) => (text += c.toString()));
  child.stderr.on('data', (c: Buffer) => (text += c.toString()));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no start-up notice in 60 s:\n${text}`)), 60_000);
    const poll = setInterval(() => {
      if (/CA certificate:[\s\S]*\n\n/.test(text)) {
        clearInterval(poll);
        clearTimeout(timer);
        resolve();
      }
    }, 100);
    child.once('exit', () => {
      clearInterval(poll);
      clearTimeout(timer);
      reject(new Error(`the API exited:\n${text}`));
    });
  });
  child.removeAllListeners('exit');
  // The process group: npx, tsx and the API under them.
  process.kill(-child.pid!, 'SIGTERM');
  return { text, dataDir };
}

describe('the central API at start', () => {
  it('with its own CA: names the enrollment key file and the CA file, and prints the CA’s SHA-256 fingerprint; never the key', async () => {
    const { text, dataDir } = await startupText(['--local-tls', '--local-tls-names', 'backlot.site.lan']);
    const caFile = join(dataDir, 'tls', 'ca.crt');
    const key = readFileSync(join(dataDir, 'enrollment.key'), 'utf8').trim();
    expect(text).toContain(`Enrollment key:          the line in ${join(dataDir, 'enrollment.key')}`);
    expect(text).toContain(`CA certificate:          ${caFile} (copy this file to each station)`);
    expect(text).toContain(`CA fingerprint (SHA-256): ${new X509Certificate(readFileSync(caFile)).fingerprint256}`);
    expect(text).not.toContain(key);
    // Stations elsewhere reach it by the name the site gave: the certificate is made out for it.
    expect(certificateNames(readFileSync(join(dataDir, 'tls', 'server.crt'), 'utf8'))).toContain('backlot.site.lan');
  });

  it('with the key in the environment and plain HTTP: says where the key comes from and that only this computer may connect', async () => {
    const { text } = await startupText([], { BACKLOT_ENROLLMENT_KEY: 'a-key-from-the-environment-0123456789' });
    expect(text).toContain('the value of BACKLOT_ENROLLMENT_KEY');
    expect(text).not.toContain('a-key-from-the-environment-0123456789');
    expect(text).toContain('plain HTTP, which only stations on this computer may use');
  });
});
