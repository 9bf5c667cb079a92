import { describe, it, expect, beforeAll, afterAll } from 'vitest';
import { Writable } from 'node:stream';
import pino from 'pino';
import { ERROR_CODES } from '../../core/errors';
import { databaseTargets } from './harness';
import { startTestApi, type TestApi } from './world';

describe.each(databaseTargets)('unexpected failures on $name', (target) => {
  let api: TestApi;
  const logLines: string[] = [];
  beforeAll(async () => {
    const sink = new Writable({
      write(chunk, _encoding, done) {
        logLines.push(String(chunk));
        done();
      },
    });
    api = await startTestApi(target, { logger: pino({ level: 'error' }, sink) });
  });
  afterAll(async () => {
    await api?.close();
  });

  it('a database failure answers 500 INTERNAL without details, and the real error is logged', async () => {
    const { username, secret } = await api.createStaffMember('warehouse');
    await api.knex.schema.dropTable('staff_credentials');

    const res = await api.signInRequest(username, secret);
    expect(res.statusCode).toBe(500);
    expect(res.json()).toEqual({ ok: false, error: { code: 'INTERNAL', message: ERROR_CODES.INTERNAL } });
    expect(res.body).not.toContain('staff_credentials');

    const logged = logLines.map((l) => JSON.parse(l) as { msg: string; err?: { message: string } });
    expect(logged.some((l) => l.msg === 'unhandled error' && l.err?.message.includes('staff_credentials'))).toBe(true);
    // The secret typed at the station never reaches the log.
    expect(logLines.join('')).not.toContain(secret);
  });
});
