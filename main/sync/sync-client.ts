/**
 * The sync engine's view of the central API: the sync routes through the
 * station's one client (`CentralClient`), behind an interface so engine
 * tests can script the central office's answers.
 */
import type { AccessReason } from '../../core/lookup/schemas';
import type { PullRequest, PullResponse, PushRequest, PushResponse, ReleaseResponse, SubscribeResponse, WaitRequest, WaitResponse } from '../../core/sync/protocol';
import type { CentralClient } from '../central/central-client';

export interface SyncTransport {
  push(body: PushRequest): Promise<PushResponse>;
  pull(body: PullRequest, staffToken: string): Promise<PullResponse>;
  subscribe(customerId: number, reason: AccessReason, staffToken: string): Promise<SubscribeResponse>;
  release(customerIds: number[], staffToken: string): Promise<ReleaseResponse>;
  /** The live channel (a long-poll): answers when the station's scope changed after its cursor; `signal` hangs up. */
  wait?(body: WaitRequest, staffToken: string, signal?: AbortSignal): Promise<WaitResponse>;
}

export function syncTransport(central: CentralClient): SyncTransport {
  return {
    push: (body) => central.call('sync.push', body),
    pull: (body, staffToken) => central.call('sync.pull', body, { staffToken }),
    subscribe: (customerId, reason, staffToken) => central.call('sync.subscribe', { customerId, reason }, { staffToken }),
    release: (customerIds, staffToken) => central.call('sync.release', { customerIds }, { staffToken }),
    wait: (body, staffToken, signal) => central.call('sync.wait', body, { staffToken, ...(signal ? { signal } : {}) }),
  };
}
