/**
 * The station's HTTP client for the sync routes. Same rules as
 * CentralClient (`readCentralAnswer`); the body is read inside the network
 * guard, so an answer cut off mid-body is `OFFLINE` too.
 */
import type { z } from 'zod';
import { networkError } from '../central/secure-fetch';
import type { AccessReason } from '../../core/lookup/schemas';
import { AppError } from '../../core/errors';
import { readCentralAnswer } from '../central/central-answer';
import {
  PullResponseSchema,
  PushResponseSchema,
  ReleaseResponseSchema,
  SubscribeResponseSchema,
  WAIT_MS_DEFAULT,
  WaitResponseSchema,
  type PullRequest,
  type PullResponse,
  type PushRequest,
  type PushResponse,
  type ReleaseResponse,
  type SubscribeResponse,
  type WaitRequest,
  type WaitResponse,
} from '../../core/sync/protocol';

export interface SyncTransport {
  push(body: PushRequest): Promise<PushResponse>;
  pull(body: PullRequest, staffToken: string): Promise<PullResponse>;
  subscribe(customerId: number, reason: AccessReason, staffToken: string): Promise<SubscribeResponse>;
  release(customerIds: number[], staffToken: string): Promise<ReleaseResponse>;
  /** The live channel (a long-poll): answers when the station's scope changed after its cursor. */
  wait?(body: WaitRequest, staffToken: string, signal?: AbortSignal): Promise<WaitResponse>;
}

/** Beyond the central office's hold: a wait that outlives this is a connection that died quietly. */
const WAIT_GRACE_MS = 15_000;

export interface SyncClientOptions {
  baseUrl: () => string;
  credential: () => string | null;
  fetch?: typeof fetch;
  /** A full page of an initial sync can take a while on a slow link. */
  timeoutMs?: number;
}

export class SyncClient implements SyncTransport {
  constructor(private readonly opts: SyncClientOptions) {}

  push(body: PushRequest): Promise<PushResponse> {
    return this.post('/v1/sync/push', body, PushResponseSchema);
  }

  pull(body: PullRequest, staffToken: string): Promise<PullResponse> {
    return this.post('/v1/sync/pull', body, PullResponseSchema, staffToken);
  }

  subscribe(customerId: number, reason: AccessReason, staffToken: string): Promise<SubscribeResponse> {
    return this.post('/v1/sync/subscribe', { customerId, reason }, SubscribeResponseSchema, staffToken);
  }

  release(customerIds: number[], staffToken: string): Promise<ReleaseResponse> {
    return this.post('/v1/sync/release', { customerIds }, ReleaseResponseSchema, staffToken);
  }

  wait(body: WaitRequest, staffToken: string, signal?: AbortSignal): Promise<WaitResponse> {
    const timeout = AbortSignal.timeout((body.waitMs ?? WAIT_MS_DEFAULT) + WAIT_GRACE_MS);
    return this.post('/v1/sync/wait', body, WaitResponseSchema, staffToken, signal ? AbortSignal.any([signal, timeout]) : timeout);
  }

  private async post<T>(path: string, body: unknown, schema: z.ZodType<T>, staffToken?: string, signal?: AbortSignal): Promise<T> {
    const credential = this.opts.credential();
    if (!credential) throw new AppError('STATION_NOT_REGISTERED');
    const headers: Record<string, string> = {
      accept: 'application/json',
      'content-type': 'application/json',
      authorization: `Station ${credential}`,
    };
    if (staffToken) headers['x-staff-session'] = staffToken;
    let res: Response;
    let payload: unknown;
    try {
      res = await (this.opts.fetch ?? fetch)(new URL(path, this.opts.baseUrl()), {
        method: 'POST',
        headers,
        body: JSON.stringify(body),
        signal: signal ?? AbortSignal.timeout(this.opts.timeoutMs ?? 30_000),
      });
      payload = await res.json().catch(() => null);
    } catch (err) {
      // Includes a response cut off mid-body: the request may or may not have been applied, which push tolerates.
      throw networkError(err);
    }
    return readCentralAnswer(res, payload, schema, 'a sync answer');
  }
}
