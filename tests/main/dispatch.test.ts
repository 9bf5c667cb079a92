import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROLES, type Role } from '../../core/roles';
import { SYNC_KEYS, writeState } from '../../main/sync/sync-state';
import { createStationWorld, type OneStationWorld } from '../station/world';

let world: OneStationWorld;
beforeAll(async () => {
  world = await createStationWorld();
});
afterAll(async () => world?.close());

describe('the one entry point', () => {
  it('registers the station with the central API on first start', async () => {
    const status = await world.call('station.status', {});
    expect(status.registered).toBe(true);
    expect(status.online).toBe(true);
    expect(await world.api.db.knex('stations').count({ n: '*' }).first()).toMatchObject({ n: 1 });
  });

  it('the status the status bar polls carries a first sync’s progress while it runs, and nothing once it is done', async () => {
    const knex = world.station.db.knex;
    await writeState(knex, SYNC_KEYS.initialPulled, '15000');
    await writeState(knex, SYNC_KEYS.initialTotal, '201655');
    expect((await world.call('station.status', {})).sync.initialSync).toEqual({ pulled: 15000, estimatedTotal: 201655 });
    await writeState(knex, SYNC_KEYS.initialPulled, null);
    await writeState(knex, SYNC_KEYS.initialTotal, null);
    expect((await world.call('station.status', {})).sync.initialSync).toBeNull();
  });

  it('refuses an unknown method by name, in words', async () => {
    const err = await world.fail('orders.deleteEverything', {});
    expect(err.code).toBe('UNKNOWN_METHOD');
    expect(err.message).toContain('orders.deleteEverything');
  });

  it('refuses a method before sign-in', async () => {
    const err = await world.fail('staff.list', {}, 'nobody');
    expect(err.code).toBe('NOT_SIGNED_IN');
  });

  it('refuses bad input with field messages and runs nothing', async () => {
    await world.signIn('admin', 'admin-desk');
    const before = await world.call('station.settings.get', {}, 'admin-desk');
    const err = await world.fail('station.settings.update', { idleLockSeconds: 5, stationName: '' }, 'admin-desk');
    expect(err.code).toBe('INVALID_INPUT');
    expect(err.fields?.map((f) => f.field).sort()).toEqual(['idleLockSeconds', 'stationName']);
    expect(await world.call('station.settings.get', {}, 'admin-desk')).toEqual(before);
  });

  it('a lone surrogate or a NUL in the search box is a validation error on that field, in words, never INTERNAL', async () => {
    await world.signIn('cs_rep', 'rep-desk');
    for (const query of ['Heat \uD83C', 'Ro\u0000nin', 'Heat\nRonin']) {
      const err = await world.fail('lookup.search', { query, reason: 'phone_call' }, 'rep-desk');
      expect(err).toMatchObject({ code: 'INVALID_INPUT', reason: 'TEXT_UNSAFE', fields: [{ field: 'query', message: expect.stringMatching(/^This (has|must)/) }] });
      expect(err.message).not.toMatch(/[A-Z_]{4,}/);
    }
  });

  it('refuses extra input fields instead of ignoring them', async () => {
    const err = await world.fail('auth.signIn', { username: 'adam', secret: '4444', role: 'admin' }, 'x-client');
    expect(err.code).toBe('INVALID_INPUT');
  });

  const forbidden: Array<[string, unknown, Role[]]> = [
    ['staff.list', {}, ['warehouse', 'cs_rep']],
    ['staff.unlockAccount', { username: 'carl' }, ['warehouse', 'cs_rep']],
    ['staff.setActive', { username: 'carl', active: true }, ['warehouse', 'cs_rep', 'supervisor']],
    ['station.settings.get', {}, ['warehouse', 'cs_rep', 'supervisor']],
    ['station.settings.update', { stationName: 'Hijacked' }, ['warehouse', 'cs_rep', 'supervisor']],
  ];
  for (const [method, input, roles] of forbidden) {
    for (const role of ROLES) {
      const refused = roles.includes(role);
      it(`${refused ? 'refuses' : 'allows'} ${method} for ${role}`, async () => {
        const key = `role-${role}`;
        await world.signIn(role, key);
        const result = await world.station.dispatch({ method, input, clientKey: key });
        if (refused) {
          expect(result).toMatchObject({ ok: false, error: { code: 'FORBIDDEN' } });
        } else {
          expect(result.ok).toBe(true);
        }
      });
    }
  }

  it('a forbidden settings change leaves the settings as they were', async () => {
    await world.signIn('supervisor', 'sup');
    await world.fail('station.settings.update', { stationName: 'Renamed by a supervisor' }, 'sup');
    expect(world.station.settings.get().stationName).not.toBe('Renamed by a supervisor');
  });
});
