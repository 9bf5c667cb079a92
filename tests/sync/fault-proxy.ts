/**
 * An in-process network between a station and the central API that loses,
 * repeats, delays and reorders requests and answers (DESIGN §6: sync under
 * injected faults). It wraps `fetch`, so the station's real HTTP client and
 * the API's real HTTP stack are both exercised.
 */
export interface FaultPlan {
  /** The request never reaches the server. */
  dropRequest: number;
  /** The server handles the request; its answer is lost. */
  dropResponse: number;
  /** The request reaches the server twice: the copy later, after other traffic (reordering). */
  duplicate: number;
  /** Request or answer held up to `maxDelayMs`, so concurrent traffic overtakes it. */
  delay: number;
  maxDelayMs: number;
  /** The answer is held past the client's timeout (the client gives up; the server carried on). */
  stall: number;
  stallMs: number;
}

export const NO_FAULTS: FaultPlan = { dropRequest: 0, dropResponse: 0, duplicate: 0, delay: 0, maxDelayMs: 0, stall: 0, stallMs: 0 };

export interface FaultStats {
  requests: number;
  droppedRequests: number;
  droppedResponses: number;
  duplicates: number;
  delayed: number;
  stalled: number;
  killed: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function networkError(what: string): TypeError {
  return new TypeError(`fetch failed: ${what} (fault proxy)`);
}

export class FaultProxy {
  plan: FaultPlan;
  private readonly ghosts = new Set<Promise<unknown>>();
  private killNext: { path: string; done: () => void } | null = null;

  constructor(
    private readonly inner: typeof fetch,
    private readonly random: () => number,
    plan: FaultPlan,
    readonly stats: FaultStats = { requests: 0, droppedRequests: 0, droppedResponses: 0, duplicates: 0, delayed: 0, stalled: 0, killed: 0 },
  ) {
    this.plan = plan;
  }

  /**
   * The next request to `path` is handled by the server, then the caller sees
   * it fail: a station killed while waiting for the answer. Resolves once the
   * server has handled it.
   */
  killAfterApply(path = '/v1/sync/push'): Promise<void> {
    return new Promise((resolve) => {
      this.killNext = { path, done: resolve };
    });
  }

  /** Waits for every late duplicate still on its way. */
  async settle(): Promise<void> {
    while (this.ghosts.size > 0) await Promise.allSettled([...this.ghosts]);
  }

  readonly fetch = (async (input: string | URL | Request, init: RequestInit = {}): Promise<Response> => {
    const { plan } = this;
    const chance = (p: number) => p > 0 && this.random() < p;
    const path = new URL(input instanceof Request ? input.url : String(input)).pathname;
    this.stats.requests++;

    if (this.killNext && this.killNext.path === path) {
      const { done } = this.killNext;
      this.killNext = null;
      await this.inner(input, { ...init, signal: null });
      this.stats.killed++;
      done();
      throw networkError('station killed before the answer arrived');
    }
    if (chance(plan.delay)) {
      this.stats.delayed++;
      await sleep(this.random() * plan.maxDelayMs);
    }
    if (chance(plan.dropRequest)) {
      this.stats.droppedRequests++;
      throw networkError('request lost');
    }
    if (chance(plan.duplicate)) {
      this.stats.duplicates++;
      const wait = this.random() * plan.maxDelayMs * 4;
      const ghost = sleep(wait)
        .then(() => this.inner(input, { ...init, signal: null }))
        .then((r) => r.text())
        .catch(() => undefined);
      this.ghosts.add(ghost);
      void ghost.finally(() => this.ghosts.delete(ghost));
    }
    const res = await this.inner(input, init);
    // Read the body now: a dropped or late answer must not leave the server's work half done.
    const body = await res.text();
    if (chance(plan.dropResponse)) {
      this.stats.droppedResponses++;
      throw networkError('connection reset before the answer');
    }
    if (chance(plan.stall)) {
      this.stats.stalled++;
      await raceAbort(sleep(plan.stallMs), init.signal ?? undefined);
    } else if (chance(plan.delay)) {
      this.stats.delayed++;
      await raceAbort(sleep(this.random() * plan.maxDelayMs), init.signal ?? undefined);
    }
    return new Response(body, { status: res.status, headers: res.headers });
  }) as typeof fetch;
}

async function raceAbort<T>(work: Promise<T>, signal: AbortSignal | undefined): Promise<T> {
  if (!signal) return work;
  if (signal.aborted) throw signal.reason;
  return Promise.race([
    work,
    new Promise<never>((_, reject) => signal.addEventListener('abort', () => reject(signal.reason ?? new DOMException('aborted', 'AbortError')), { once: true })),
  ]);
}
