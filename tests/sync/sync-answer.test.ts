import { describe, expect, it } from 'vitest';
import type { SyncNowResult } from '../../core/sync/contract';
import { KNOWN_CHANGE_NAMES } from '../../core/sync/change-words';
import { MUTATOR_NAMES } from '../../core/sync/mutators';
import { syncAnswer } from '../../renderer/shell/sync-answer';

function result(run: SyncNowResult['run'], waiting: SyncNowResult['waiting'] = []): SyncNowResult {
  return { state: 'idle', online: true, pendingMutations: 0, rejectedMutations: 0, conflicts: 0, lastSyncAt: null, lastError: null, initialSync: null, recentRejections: [], stuck: [], run, waiting };
}

describe('"Sync now" answers in words', () => {
  it('says what changed when it ran', () => {
    expect(syncAnswer(result({ outcome: 'done', sent: 2, received: 14, problem: null }))).toBe('Synced: sent 2 changes, received 14 updates.');
    expect(syncAnswer(result({ outcome: 'done', sent: 0, received: 0, problem: null }))).toBe('Synced. Everything was already up to date.');
  });

  it('says it is offline and what waits, by kind, with no codes', () => {
    const text = syncAnswer(result({ outcome: 'offline', sent: 0, received: 0, problem: 'x' }, [{ name: 'address.update', count: 1 }, { name: 'shipment.packAndLabel', count: 3 }]));
    expect(text).toBe('Offline: the central office cannot be reached. Waiting to send: 3 orders packed, 1 address change; they go as soon as it answers.');
    expect(text).not.toMatch(/[a-z]\.[a-z]/i);
  });

  it('has words for every kind of change a station makes', () => {
    expect([...MUTATOR_NAMES].sort()).toEqual([...KNOWN_CHANGE_NAMES].sort());
  });
});
