/**
 * The station's one HTTP client for the central API. Every route is called
 * by its name in `core/routes.ts`, which gives the verb, the path, who may
 * call, the wait and the answer's schema:
 *
 *   await central.call('packing.claim', { count: 10 }, { staffToken });
 *
 * - Every answer is parsed with zod (the server is trusted, but a version skew
 *   must fail loudly, not corrupt the cache): `readCentralAnswer`.
 * - A network failure, or an answer cut off mid-body, is `OFFLINE`.
 * - It reports reachability itself: a call that failed on the network tells
 *   `onReachability` listeners the central office is unreachable, any answer
 *   from it that it is reachable. Services only ever see the error.
 */
import { AppError } from '../../core/errors';
import { CENTRAL_HEADERS, pathParams, type RouteSpec } from '../../core/route';
import { centralRoutes, type RouteCallInput, type RouteName, type RouteOutput } from '../../core/routes';
import { readCentralAnswer } from './central-answer';
import { networkError } from './secure-fetch';

export interface CentralClientOptions {
  baseUrl: () => string;
  credential: () => string | null;
  /** Overrides every route's own wait (tests, benchmarks on a slow machine). */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

export interface CallOptions {
  /** The signed-in staff member's central session, for routes that need a role. */
  staffToken?: string;
  /** Registration only: the enrollment key stands in for a credential. */
  enrollmentKey?: string;
  /** Hangs up before the answer (a long-poll when the station stops). */
  signal?: AbortSignal;
}

const DEFAULT_TIMEOUT_MS = 5000;

/** A route's path with its parameters filled in, and the input fields left for the query string or the body. */
function requestParts(spec: RouteSpec, input: Record<string, unknown>): { path: string; rest: Record<string, unknown> } {
  const rest = { ...input };
  let path = spec.path;
  for (const name of pathParams(spec.path)) {
    const value = rest[name];
    if (value === undefined || value === null) throw new Error(`${spec.path}: no value for :${name}`);
    path = path.replace(`:${name}`, encodeURIComponent(String(value)));
    delete rest[name];
  }
  return { path, rest };
}

function queryString(values: Record<string, unknown>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(values)) if (v !== undefined && v !== null) params.set(k, String(v));
  const text = params.toString();
  return text ? `?${text}` : '';
}

export class CentralClient {
  private readonly listeners = new Set<(reachable: boolean) => void>();

  constructor(private readonly opts: CentralClientOptions) {}

  /** Told after every exchange whether the central office answered; returns the unsubscribe. */
  onReachability(listener: (reachable: boolean) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async call<N extends RouteName>(name: N, input: RouteCallInput<N>, opts: CallOptions = {}): Promise<RouteOutput<N>> {
    const spec: RouteSpec = centralRoutes[name];
    const headers: Record<string, string> = { accept: 'application/json' };
    if (spec.access !== 'public' && spec.access !== 'enrollment') {
      const credential = this.opts.credential();
      if (!credential) throw new AppError('STATION_NOT_REGISTERED');
      headers.authorization = `Station ${credential}`;
    }
    if (opts.enrollmentKey) headers[CENTRAL_HEADERS.enrollmentKey] = opts.enrollmentKey;
    if (opts.staffToken) headers[CENTRAL_HEADERS.staffSession] = opts.staffToken;

    const { path, rest } = requestParts(spec, input as Record<string, unknown>);
    const url = new URL(spec.verb === 'GET' ? `${path}${queryString(rest)}` : path, this.opts.baseUrl());
    if (spec.verb === 'POST') headers['content-type'] = 'application/json';

    let res: Response;
    let text: string;
    try {
      res = await (this.opts.fetch ?? fetch)(url, {
        method: spec.verb,
        headers,
        body: spec.verb === 'POST' ? JSON.stringify(rest) : undefined,
        signal: this.signalFor(spec, opts.signal),
      });
      // Read inside the guard: an answer cut off mid-body is OFFLINE too (the request may or may not have been applied, which push tolerates).
      text = await res.text();
    } catch (err) {
      const error = networkError(err);
      if (error.code === 'OFFLINE') this.report(false);
      throw error;
    }
    let payload: unknown = null;
    try {
      payload = text ? JSON.parse(text) : null;
    } catch {
      payload = null;
    }
    try {
      const answer = readCentralAnswer(res, payload, spec.output) as RouteOutput<N>;
      this.report(true);
      return answer;
    } catch (err) {
      // A proxy's 5xx means the API is not really there; any other answer came from it.
      this.report(!(err instanceof AppError && err.code === 'OFFLINE'));
      throw err;
    }
  }

  /**
   * The route's own wait, unless the client overrides it: a long-poll keeps
   * its own (the central office holds it up to 30 s, and a shorter override
   * for quick routes would cut every wait short).
   */
  private signalFor(spec: RouteSpec, hangUp?: AbortSignal): AbortSignal {
    const ms = spec.holds ? spec.timeoutMs! : (this.opts.timeoutMs ?? spec.timeoutMs ?? DEFAULT_TIMEOUT_MS);
    const timeout = AbortSignal.timeout(ms);
    return hangUp ? AbortSignal.any([hangUp, timeout]) : timeout;
  }

  private report(reachable: boolean): void {
    for (const listener of this.listeners) listener(reachable);
  }
}
