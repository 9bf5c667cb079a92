/**
 * The station's one client for the central API (main/central/central-client.ts):
 * requests are built from the route table in core/routes.ts, every answer is
 * parsed with the route's schema, and the client itself tells the station
 * whether the central office answered.
 */
import { describe, expect, it } from 'vitest';
import { AppError } from '../../core/errors';
import { CentralClient } from '../../main/central/central-client';
import { Connectivity } from '../../main/services/station/connectivity';

interface Sent {
  method: string;
  url: string;
  headers: Record<string, string>;
  body: unknown;
}

function recordingFetch(answer: () => Response | Promise<Response>) {
  const sent: Sent[] = [];
  const fetch = (async (input: URL | string, init: RequestInit = {}) => {
    sent.push({
      method: init.method ?? 'GET',
      url: String(input),
      headers: init.headers as Record<string, string>,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
    });
    return answer();
  }) as typeof globalThis.fetch;
  return { sent, fetch };
}

const json = (status: number, body: unknown) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

function client(fetch: typeof globalThis.fetch, credential: string | null = 'st_1.secret') {
  return new CentralClient({ baseUrl: () => 'http://central.test:7450', credential: () => credential, fetch });
}

describe('the central client builds each request from its route', () => {
  it('a GET puts the path parameters in the path and the rest in the query string, with the staff token', async () => {
    const { sent, fetch } = recordingFetch(() => json(200, { rows: {} }));
    await client(fetch).call('customers.bundle', { customerId: 42, reason: 'phone_call' }, { staffToken: 'tok' });
    expect(sent).toEqual([
      {
        method: 'GET',
        url: 'http://central.test:7450/v1/customers/42/bundle?reason=phone_call',
        headers: { accept: 'application/json', authorization: 'Station st_1.secret', 'x-staff-session': 'tok' },
        body: undefined,
      },
    ]);
  });

  it('a POST sends the input but its path parameters as the JSON body', async () => {
    const account = { id: 's1', username: 'carl', displayName: 'Carl', role: 'cs_rep', active: false, failedAttempts: 0, lockedUntil: null };
    const { sent, fetch } = recordingFetch(() => json(200, account));
    await client(fetch).call('staff.setActive', { username: 'carl', active: false }, { staffToken: 'tok' });
    expect(sent[0]).toMatchObject({ method: 'POST', url: 'http://central.test:7450/v1/staff/carl/active', body: { active: false } });
    expect(sent[0]!.headers['content-type']).toBe('application/json');
  });

  it('registration sends the enrollment key and no credential; an unregistered station sends nothing that needs one', async () => {
    const { sent, fetch } = recordingFetch(() => json(201, { stationId: 'st_9', credential: 'st_9.x' }));
    const unregistered = client(fetch, null);
    await unregistered.call('station.register', { name: 'Pack 1', distributionCenter: 'SJC' }, { enrollmentKey: 'key' });
    expect(sent[0]!.headers).toEqual({ accept: 'application/json', 'content-type': 'application/json', 'x-enrollment-key': 'key' });
    await expect(unregistered.call('packing.claim', { count: 5 }, { staffToken: 'tok' })).rejects.toMatchObject({ code: 'STATION_NOT_REGISTERED' });
    expect(sent).toHaveLength(1);
  });

  it('an answer the route does not describe fails loudly instead of reaching the cache', async () => {
    const { fetch } = recordingFetch(() => json(200, { claimed: [{ shipmentId: 'not a number' }] }));
    const err = await client(fetch).call('packing.claim', { count: 5 }, { staffToken: 'tok' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AppError);
    expect(err).toMatchObject({ code: 'INTERNAL', message: expect.stringMatching(/does not understand/) });
  });

  it('the central office’s own error comes back as the error it sent', async () => {
    const { fetch } = recordingFetch(() => json(403, { error: { code: 'FORBIDDEN', message: 'Not for this role.' } }));
    await expect(client(fetch).call('staff.list', {}, { staffToken: 'tok' })).rejects.toMatchObject({ code: 'FORBIDDEN', message: 'Not for this role.' });
  });
});

describe('the central client reports whether the central office answered', () => {
  it('a refused connection is OFFLINE and reported unreachable; the next answer, even a refusal, reachable', async () => {
    let up = false;
    const { fetch } = recordingFetch(() => {
      if (!up) throw new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
      return json(401, { error: { code: 'NOT_SIGNED_IN', message: 'Sign in again.' } });
    });
    const central = client(fetch);
    const reports: boolean[] = [];
    central.onReachability((reachable) => reports.push(reachable));
    await expect(central.call('sync.release', { customerIds: [1] }, { staffToken: 'tok' })).rejects.toMatchObject({ code: 'OFFLINE' });
    up = true;
    await expect(central.call('sync.release', { customerIds: [1] }, { staffToken: 'tok' })).rejects.toMatchObject({ code: 'NOT_SIGNED_IN' });
    expect(reports).toEqual([false, true]);
  });

  it('a proxy’s 502 without the API’s error shape means the API is not there', async () => {
    const { fetch } = recordingFetch(() => new Response('<html>Bad gateway</html>', { status: 502 }));
    const central = client(fetch);
    const reports: boolean[] = [];
    central.onReachability((reachable) => reports.push(reachable));
    await expect(central.call('station.health', {})).rejects.toMatchObject({ code: 'OFFLINE' });
    expect(reports).toEqual([false]);
  });

  it('an answer cut off mid-body is OFFLINE (the request may or may not have been applied)', async () => {
    const cut = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode('{"lastMutationId":'));
        controller.error(new TypeError('terminated'));
      },
    });
    const { fetch } = recordingFetch(() => new Response(cut, { status: 200 }));
    await expect(client(fetch).call('sync.push', { clientId: '01HZY4V6J1Q2W3E4R5T6Y7Z8X9', mutations: [] })).rejects.toMatchObject({ code: 'OFFLINE' });
  });

  it('the station goes offline on the first failed call anywhere, not at its next health check', async () => {
    let up = true;
    const { fetch } = recordingFetch(() => {
      if (!up) throw new TypeError('fetch failed');
      return json(200, { status: 'ok' });
    });
    const central = client(fetch);
    const connectivity = new Connectivity(central, 60_000);
    expect(await connectivity.check()).toBe(true);
    up = false;
    await expect(central.call('lookup.searchCustomers', { q: 'jo', reason: 'phone_call' }, { staffToken: 'tok' })).rejects.toMatchObject({ code: 'OFFLINE' });
    expect(connectivity.isOnline()).toBe(false);
    up = true;
    await central.call('station.health', {});
    expect(connectivity.isOnline()).toBe(true);
  });
});
