/**
 * The Electron round trip both the built shell and the packaged one must
 * pass (tests/electron/shell.test.ts, packaging.test.ts): from the window,
 * over IPC and the station's utility process, a first-run setup against a
 * real central API (field errors first, then success) and an admin signing
 * in. Throws, with what went wrong, when any step does not hold.
 */
import { expect } from 'vitest';
import type { Shell } from './harness';
import { ADMIN, KEY, type TestCentral } from './test-central';

export async function signInRoundTrip(shell: Shell, central: TestCentral): Promise<void> {
  await shell.waitFor('window.loaded', (e) => e.data.status === 200);
  const before = await shell.invoke('station.status');
  expect(before.ok, JSON.stringify(before)).toBe(true);
  expect(before.data.registered).toBe(false);

  const setup = { apiUrl: central.url, ca: central.ca, enrollmentKey: KEY, distributionCenter: 'SJC', stationName: 'Pack 3' };
  const wrongKey = await shell.invoke('station.register', { ...setup, enrollmentKey: 'not-the-key-but-long-enough' });
  expect(wrongKey.error?.fields?.map((f) => f.field)).toEqual(['enrollmentKey']);

  const registered = await shell.invoke('station.register', setup);
  expect(registered.ok, JSON.stringify(registered)).toBe(true);
  expect(registered.data).toMatchObject({ registered: true, stationName: 'Pack 3', distributionCenter: 'SJC' });

  const signedIn = await shell.invoke('auth.signIn', ADMIN);
  expect(signedIn.ok, JSON.stringify(signedIn)).toBe(true);
  expect(signedIn.data.staff).toMatchObject({ username: ADMIN.username, role: 'admin' });
  expect((await shell.invoke('auth.session')).data?.staff.username).toBe(ADMIN.username);
}
