import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import type { PullRequest, PushRequest } from '../../core/sync/protocol';
import type { Database } from '../../platform/database';
import { openStationDb } from '../../main/db/station-db';
import type { SyncTransport } from '../../main/sync/sync-client';
import { SyncEngine } from '../../main/sync/sync-engine';
import type { Timers } from '../../platform/timers';

/** Timers the test fires by hand: what was scheduled, and when. */
function manualTimers() {
  const scheduled: { fn: () => void; ms: number; handle: number }[] = [];
  let next = 1;
  const timers: Timers = {
    setTimeout(fn, ms) {
      const handle = next++;
      scheduled.push({ fn, ms, handle });
      return handle;
    },
    clearTimeout(handle) {
      const i = scheduled.findIndex((s) => s.handle === handle);
      if (i >= 0) scheduled.splice(i, 1);
    },
  };
  return {
    timers,
    scheduled,
    /** Fires the one pending timer and returns its delay. */
    async fire(): Promise<number> {
      expect(scheduled).toHaveLength(1);
      const t = scheduled.shift()!;
      t.fn();
      // Let the cycle it started finish.
      for (let i = 0; i < 50 && scheduled.length === 0; i++) await new Promise((r) => setTimeout(r, 2));
      return t.ms;
    },
  };
}

class ScriptedTransport implements SyncTransport {
  down = true;
  pushes: PushRequest[] = [];
  pulls = 0;
  async push(body: PushRequest) {
    if (this.down) throw new AppError('OFFLINE');
    this.pushes.push(body);
    return { lastMutationId: body.mutations.at(-1)?.id ?? null, results: body.mutations.map((m) => ({ id: m.id, status: 'applied' as const, conflicts: [] })) };
  }
  async pull(_body: PullRequest) {
    if (this.down) throw new AppError('OFFLINE');
    this.pulls++;
    return { changes: [], lastMutationId: this.pushes.at(-1)?.mutations.at(-1)?.id ?? null, cursor: 'c1', hasMore: false, initial: false };
  }
  async subscribe(customerId: number) {
    return { customerId, subscribed: true as const };
  }
  async release(customerIds: number[]) {
    return { released: customerIds.length };
  }
}

describe('the sync engine loop', () => {
  let dir: string;
  let db: Database;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'backlot-engine-'));
    db = await openStationDb(dir);
  });
  afterEach(async () => {
    await db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function engineWith(transport: SyncTransport, timers: Timers, events: string[] = []) {
    return new SyncEngine({
      knex: db.knex,
      transport,
      timers,
      random: () => 0.5,
      intervalMs: 10_000,
      soonMs: 100,
      backoff: { baseMs: 1000, maxMs: 8000 },
      station: () => ({ stationId: 'st1', stationDc: 'SJC' }),
      onOnline: () => events.push('online'),
      onOffline: () => events.push('offline'),
    });
  }

  it('backs off exponentially with jitter while the central office is unreachable, then returns to its interval', async () => {
    const clock = manualTimers();
    const transport = new ScriptedTransport();
    const events: string[] = [];
    const engine = engineWith(transport, clock.timers, events);
    engine.useSession('test', { apiToken: 't'.repeat(43), staff: { role: 'warehouse' } });
    engine.start();
    expect(await clock.fire()).toBe(100);
    // "Equal jitter" with random() = 0.5: three quarters of 1s, 2s, 4s, then the 8s cap.
    const delays = [await clock.fire(), await clock.fire(), await clock.fire(), await clock.fire()];
    expect([...delays, clock.scheduled[0]!.ms]).toEqual([750, 1500, 3000, 6000, 6000]);
    expect(engine.currentState()).toBe('offline');
    expect((await engine.status()).lastError).toMatchObject({ code: 'OFFLINE' });

    transport.down = false;
    await clock.fire();
    expect(engine.currentState()).toBe('idle');
    expect(clock.scheduled[0]!.ms).toBe(10_000);
    expect(events).toEqual(['offline', 'online']);
    const status = await engine.status();
    expect(status).toMatchObject({ state: 'idle', online: true, lastError: null, pendingMutations: 0 });
    expect(status.lastSyncAt).not.toBeNull();
    await engine.stop();
    expect(clock.scheduled).toHaveLength(0);
  });

  it('changes made while the office is unreachable wait for the backoff instead of retrying at once', async () => {
    const clock = manualTimers();
    const transport = new ScriptedTransport();
    const engine = engineWith(transport, clock.timers);
    engine.useSession('desk', { apiToken: 't'.repeat(43), staff: { role: 'cs_rep' } });
    engine.start();
    await clock.fire();
    expect(clock.scheduled.map((t) => t.ms)).toEqual([750]);
    await engine.mutate('audit.record', { action: 'customer.viewed' }, { staffId: 'stf_carl', role: 'cs_rep' });
    await engine.mutate('audit.record', { action: 'customer.viewed' }, { staffId: 'stf_carl', role: 'cs_rep' });
    expect(clock.scheduled.map((t) => t.ms)).toEqual([750]);
    expect((await engine.status()).pendingMutations).toBe(2);
    await engine.stop();
  });

  it('jitter spreads stations out: the delay lies between half and all of the exponential step', () => {
    const clock = manualTimers();
    for (const r of [0, 0.25, 0.99]) {
      const engine = new SyncEngine({ knex: db.knex, transport: new ScriptedTransport(), timers: clock.timers, random: () => r, station: () => ({ stationId: null, stationDc: null }) });
      for (let failures = 1; failures <= 10; failures++) {
        const ceiling = Math.min(60_000, 1000 * 2 ** (failures - 1));
        const d = engine.backoffMs(failures);
        expect(d).toBeGreaterThanOrEqual(ceiling / 2);
        expect(d).toBeLessThanOrEqual(ceiling);
      }
    }
  });

  it('a sync requested while one runs runs once more afterwards, so a change made meanwhile is not left behind', async () => {
    const clock = manualTimers();
    const transport = new ScriptedTransport();
    transport.down = false;
    const engine = engineWith(transport, clock.timers);
    engine.useSession('test', { apiToken: 't'.repeat(43), staff: { role: 'cs_rep' } });
    const a = engine.syncNow();
    const b = engine.syncNow();
    await Promise.all([a, b]);
    expect(transport.pulls).toBe(2);
  });

  it('without a signed-in online session the engine pushes but does not pull', async () => {
    const clock = manualTimers();
    const transport = new ScriptedTransport();
    transport.down = false;
    const engine = engineWith(transport, clock.timers);
    await db.knex('sync_state').insert({ key: 'client_id', value: '01HZX3K8Q0AAAAAAAAAAAAAAAA' });
    await db.knex('outbox').insert({ mutation_id: '01HZX3K8Q0AAAAAAAAAAAAAAAB', client_id: '01HZX3K8Q0AAAAAAAAAAAAAAAA', staff_id: 's1', name: 'audit.record', args: '{"action":"customer.viewed"}', base_versions: '{}', created_at: new Date().toISOString(), status: 'pending' });
    const outcome = await engine.syncNow();
    expect(outcome).toMatchObject({ ok: true, pushed: 1, pulled: 0 });
    expect(transport.pulls).toBe(0);
    expect((await db.knex('outbox').first()).status).toBe('applied');
    expect((await engine.status()).lastSyncAt).toBeNull();
  });
});
