/**
 * policy: the customer can "update and correct your ... password" in Your
 * Account — the customer, not a rep. A rep can only have the central office
 * email a reset link; no method lets anyone see or set a customer's password,
 * and customer_secrets never leaves the central API.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { z } from 'zod';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contract } from '../../core/contract';
import { SHARED_TABLES } from '../../core/data/tables';
import { PULLED_TABLES } from '../../core/sync/tables';
import { customersWithFacts, startCustomersWorld, type CustomersWorld, type Desk } from '../station/world';

const ROOT = resolve(__dirname, '..', '..');
const SECRET_WORDS = /password|passwd|passphrase|secret|pin_?code|hash/i;
const MARKER = '$argon2id$v=19$m=19456,t=2,p=1$TEST-MARKER-never-leaves-the-api';

let world: CustomersWorld;
let desk: Desk;
let ids: number[];

beforeAll(async () => {
  world = await startCustomersWorld();
  desk = await world.openDesk('desk', 'carl');
  ids = await customersWithFacts(world.central, 3);
  await world.central('customer_secrets').insert({ customer_id: ids[0], password_hash: MARKER }).onConflict('customer_id').merge();
});
afterAll(async () => world?.close());

/** Code without comments: saying in a comment that the table stays put is not reading it. */
function codeOf(file: string): string {
  return readFileSync(file, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

describe('password reset by phone', () => {
  it('asks the central office to email a reset link; the request is on record there, and nothing else is touched', async () => {
    const id = ids[0]!;
    await desk.verify(id);
    const { email } = await world.factsOf(id);
    const result = await desk.call('customers.sendPasswordReset', { customerId: id });
    expect(result).toMatchObject({ delivery: 'sent', requestedAt: expect.any(String) });
    expect(result.sentTo).toMatch(/^.{1,2}\*\*\*@/);
    expect(result.sentTo.endsWith(email.slice(email.indexOf('@')))).toBe(true);
    const rows = await world.central('audit_log').where({ customer_id: id, action: 'customer.password_reset_requested' });
    expect(rows).toEqual([expect.objectContaining({ staff_id: 'stf_carl', reason: 'phone_call' })]);
    expect((await world.central('customer_secrets').where({ customer_id: id }).first()).password_hash).toBe(MARKER);
  });

  it('offline, the request waits in the outbox and is recorded centrally once the desk reconnects', async () => {
    const id = ids[1]!;
    await desk.verify(id);
    desk.cut();
    try {
      const result = await desk.call('customers.sendPasswordReset', { customerId: id });
      expect(result.delivery).toBe('queued');
    } finally {
      desk.restore();
    }
    await desk.syncUntilQuiet();
    await desk.call('sync.now', {});
    expect(await world.central('audit_log').where({ customer_id: id, action: 'customer.password_reset_requested' })).toHaveLength(1);
  });

  it('the central route answers CS roles only, knows only real customers, and takes no body', async () => {
    const credential = desk.host.settings.identity()!.credential;
    await desk.signIn('wanda', 'packer');
    const post = (customerId: number, key: string, body: unknown = {}) =>
      fetch(`${world.api.url}/v1/customers/${customerId}/password-reset`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Station ${credential}`, 'x-staff-session': desk.host.services.auth.current(key)!.apiToken! },
        body: JSON.stringify(body),
      });
    expect((await post(ids[2]!, 'packer')).status).toBe(403);
    expect((await post(999_999, desk.clientKey)).status).toBe(404);
    expect((await post(ids[2]!, desk.clientKey, { password: 'hunter2' })).status).toBe(400);
    expect(await world.central('audit_log').where({ customer_id: ids[2]!, action: 'customer.password_reset_requested' })).toEqual([]);
  });

  it('needs a verified caller', async () => {
    expect((await desk.fail('customers.sendPasswordReset', { customerId: ids[2]! })).code).toBe('FORBIDDEN');
  });
});

describe('nobody at a desk sees or sets a password', () => {
  it('no customers method takes anything that looks like a password or secret, and no method answers with one', () => {
    const customerMethods = Object.entries(contract).filter(([name]) => name.startsWith('customers.'));
    expect(customerMethods.length).toBeGreaterThanOrEqual(10);
    for (const [name, spec] of customerMethods) {
      const input = JSON.stringify(z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' }));
      expect(input, name).not.toMatch(SECRET_WORDS);
    }
    for (const [name, spec] of Object.entries(contract)) {
      const output = JSON.stringify(z.toJSONSchema(spec.output, { io: 'output', unrepresentable: 'any' }));
      expect(output, name).not.toMatch(/password|password_hash|customer_secrets/i);
    }
  });

  it('customer_secrets is named by no API code but its migration, is in no shared or synced table, and not in the station cache', async () => {
    const mentions = filesUnder(join(ROOT, 'api'))
      .filter((f) => f.endsWith('.ts') && codeOf(f).includes('customer_secrets'))
      .map((f) => relative(ROOT, f));
    expect(mentions).toEqual(['api/db/migrations/001_initial.ts']);
    expect(SHARED_TABLES.map((t) => t.name)).not.toContain('customer_secrets');
    expect(PULLED_TABLES as readonly string[]).not.toContain('customer_secrets');
    expect(await desk.knex.schema.hasTable('customer_secrets')).toBe(false);
  });

  it('a customer whose hash is on file was opened, verified, synced and fetched: the hash is in no station file and no answer', async () => {
    const id = ids[0]!;
    await desk.call('customers.get360', { customerId: id, reason: 'phone_call' });
    await desk.syncUntilQuiet();
    const token = desk.host.services.auth.current(desk.clientKey)!.apiToken!;
    const bundle = await desk.host.services.central.call('customers.bundle', { customerId: id, reason: 'phone_call' }, { staffToken: token });
    expect(JSON.stringify(bundle)).not.toMatch(/password_hash|customer_secrets|TEST-MARKER/);
    await world.flushLogs();
    for (const { path, bytes } of world.files()) {
      if (path.includes(`${world.dataDir}/central/`)) continue;
      expect(bytes.toString('latin1').includes('TEST-MARKER'), path).toBe(false);
    }
  });
});
