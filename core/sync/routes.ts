/**
 * The central API's sync routes (DESIGN §4; `core/routes.ts`); the wire
 * format is `protocol.ts`. Scopes come from the station credential and the
 * staff session only: a body that asks for scopes is refused, not ignored.
 */
import { route } from '../route';
import { ANY_STAFF } from '../roles';
import {
  PullRequestSchema,
  PullResponseSchema,
  PushRequestSchema,
  PushResponseSchema,
  ReleaseRequestSchema,
  ReleaseResponseSchema,
  SubscribeRequestSchema,
  SubscribeResponseSchema,
  WAIT_MS_MAX,
  WaitRequestSchema,
  WaitResponseSchema,
} from './protocol';
import { SUBSCRIBE_ROLES } from './scopes';

/** A full page of an initial sync can take a while on a slow link. */
const SYNC_TIMEOUT_MS = 30_000;

export const syncRoutes = {
  'sync.push': route({
    summary: 'Apply a station’s pending mutations, each exactly once, each naming its staff member (station credential only).',
    verb: 'POST',
    path: '/v1/sync/push',
    access: 'station',
    input: PushRequestSchema,
    output: PushResponseSchema,
    timeoutMs: SYNC_TIMEOUT_MS,
  }),
  'sync.pull': route({
    summary: 'The next page of changes in the station’s scope (its credential’s DC and the signed-in role), or a resync.',
    verb: 'POST',
    path: '/v1/sync/pull',
    access: ANY_STAFF,
    input: PullRequestSchema,
    output: PullResponseSchema,
    timeoutMs: SYNC_TIMEOUT_MS,
  }),
  'sync.subscribe': route({
    summary: 'Add a customer a desk opened to its scope; audited per customer with its reason.',
    verb: 'POST',
    path: '/v1/sync/subscribe',
    access: SUBSCRIBE_ROLES,
    input: SubscribeRequestSchema,
    output: SubscribeResponseSchema,
    timeoutMs: SYNC_TIMEOUT_MS,
  }),
  'sync.release': route({
    summary: 'Let go of customers a desk no longer needs (only ever narrows what it holds).',
    verb: 'POST',
    path: '/v1/sync/release',
    access: ANY_STAFF,
    input: ReleaseRequestSchema,
    output: ReleaseResponseSchema,
    timeoutMs: SYNC_TIMEOUT_MS,
  }),
  'sync.wait': route({
    summary: 'The live channel (a long-poll, issue 18): answers as soon as something in the station’s scope committed after its cursor, or when the wait runs out.',
    verb: 'POST',
    path: '/v1/sync/wait',
    access: ANY_STAFF,
    input: WaitRequestSchema,
    output: WaitResponseSchema,
    // The central office's longest hold, and a grace beyond it: a wait that outlives this is a connection that died quietly.
    timeoutMs: WAIT_MS_MAX + 15_000,
    holds: true,
  }),
} as const;
