import { describe, it, expect, afterAll } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, type RunningApi } from '../../api/start';
import { isLoopbackHost } from '../../api/config';

// Process wiring (data directory, key file, port): SQLite only, because startApi
// opens its own database and the PostgreSQL suites isolate themselves by schema.
describe('starting the central API in-process', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'backlot-api-start-'));
  let running: RunningApi | undefined;
  afterAll(async () => {
    await running?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('listens on loopback, answers health over HTTP and creates an owner-only enrollment key', async () => {
    running = await startApi({ dataDir, port: 0, env: {} });
    expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await fetch(`${running.url}/health`);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ status: 'ok', database: 'sqlite' });

    const keyFile = join(dataDir, 'enrollment.key');
    expect(readFileSync(keyFile, 'utf8').trim()).toBe(running.enrollmentKey);
    expect(statSync(keyFile).mode & 0o777).toBe(0o600);
    expect(statSync(join(dataDir, 'central.sqlite')).isFile()).toBe(true);
  });

  it('keeps the enrollment key from the environment when one is given', async () => {
    const otherDir = mkdtempSync(join(tmpdir(), 'backlot-api-start-'));
    const other = await startApi({ dataDir: otherDir, port: 0, env: { BACKLOT_ENROLLMENT_KEY: 'env-enrollment-key-123456' } });
    try {
      expect(other.enrollmentKey).toBe('env-enrollment-key-123456');
    } finally {
      await other.close();
      rmSync(otherDir, { recursive: true, force: true });
    }
  });

  it('refuses to listen beyond this machine without TLS, and with TLS unless remote access is allowed', async () => {
    await expect(startApi({ dataDir, host: '0.0.0.0', port: 0, env: {} })).rejects.toThrow(/without TLS/);
    await expect(startApi({ dataDir, host: '0.0.0.0', port: 0, env: {}, allowRemote: true })).rejects.toThrow(/without TLS/);
    await expect(startApi({ dataDir, host: '0.0.0.0', port: 0, env: {}, tls: { key: 'k', cert: 'c' } })).rejects.toThrow(/--allow-remote/);
    expect(['127.0.0.1', '::1', '[::1]', 'localhost'].every(isLoopbackHost)).toBe(true);
    expect(['0.0.0.0', '10.0.0.5', '::', 'example.com'].some(isLoopbackHost)).toBe(false);
  });
});
