/**
 * A central API for the shell tests: HTTPS with its own local CA (as a site's
 * would be), one distribution center, one admin and one packer, in this
 * process on a free port.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApi, type RunningApi } from '../../api/start';
import { createStaff } from '../../api/staff/accounts';
import { ensureLocalTls } from '../../platform/local-ca';
import { createLogger } from '../../platform/logger';

export const KEY = 'shell-test-enrollment-key-0123456789';
export const ADMIN = { username: 'adam', secret: '4444' };
export const PACKER = { username: 'wanda', secret: '1111' };

export interface TestCentral {
  api: RunningApi;
  url: string;
  ca: string;
  caFile: string;
  stations(): Promise<number>;
  close(): Promise<void>;
}

export async function startTestCentral(): Promise<TestCentral> {
  const dir = mkdtempSync(join(tmpdir(), 'i14-central-'));
  const tls = ensureLocalTls(dir);
  const api = await startApi({ dataDir: dir, port: 0, enrollmentKey: KEY, tls: { key: tls.key, cert: tls.cert }, logger: createLogger('test', { level: 'silent' }) });
  await api.db.knex('distribution_centers').insert({
    code: 'SJC', name: 'San Jose', line1: '100 W SANTA CLARA ST', city: 'SAN JOSE', state: 'CA', zip5: '95113', zip4: '1701', mailer_id: '123456', timezone: 'America/Los_Angeles',
  });
  await createStaff(api.db.knex, { username: ADMIN.username, displayName: 'Adam Admin', role: 'admin', secret: ADMIN.secret }, new Date());
  await createStaff(api.db.knex, { username: PACKER.username, displayName: 'Wanda Packer', role: 'warehouse', secret: PACKER.secret }, new Date());
  return {
    api,
    url: api.url,
    ca: tls.ca,
    caFile: join(dir, 'tls', 'ca.crt'),
    async stations() {
      const row = await api.db.knex('stations').count({ n: '*' }).first();
      return Number(row?.n ?? 0);
    },
    async close() {
      await api.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
