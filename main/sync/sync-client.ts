/**
 * The sync engine's view of the central API: the four sync routes through
 * the station's one client (`CentralClient`), behind an interface so engine
 * tests can script the central office's answers.
 */
import type { AccessReason } from '../../core/lookup/schemas';
import type { PullRequest, PullResponse, PushRequest, PushResponse, ReleaseResponse, SubscribeResponse } from '../../core/sync/protocol';
import type { CentralClient } from '../central/central-client';

export interface SyncTransport {
  push(body: PushRequest): Promise<PushResponse>;
  pull(body: PullRequest, staffToken: string): Promise<PullResponse>;
  subscribe(customerId: number, reason: AccessReason, staffToken: string): Promise<SubscribeResponse>;
  release(customerIds: number[], staffToken: string): Promise<ReleaseResponse>;
}

export function syncTransport(central: CentralClient): SyncTransport {
  return {
    push: (body) => central.call('sync.push', body),
    pull: (body, staffToken) => central.call('sync.pull', body, { staffToken }),
    subscribe: (customerId, reason, staffToken) => central.call('sync.subscribe', { customerId, reason }, { staffToken }),
    release: (customerIds, staffToken) => central.call('sync.release', { customerIds }, { staffToken }),
  };
}
